# shellcheck shell=bash disable=SC2034  # the variables are the sourcing script's
# What Fuzz/run.sh, Fuzz/run-target.sh and Fuzz/run-certificates.sh share: their options, the cached swiftc
# build of a single-module fuzz binary, and the libFuzzer run with its summary. Sourced, not run.
#
# Options every script takes (after its own arguments):
#   --runs N          stop after N inputs (default 200000)
#   --max-seconds S   stop after S seconds (default 60); whichever limit comes first ends the run
#   --build-only      only build the binary
#   -- ARGS...        passed to libFuzzer (e.g. -jobs=2, -print_final_stats=1 is always on)

# fuzz_parse_args SCRIPT_NAME USAGE_LINES "$@": sets RUNS, MAX_SECONDS, BUILD_ONLY and EXTRA (an array).
# USAGE_LINES is the sed range of the script's header comment printed for --help (e.g. '2,11p').
fuzz_parse_args() {
    local name="$1" usage="$2"
    shift 2
    RUNS=200000
    MAX_SECONDS=60
    BUILD_ONLY=0
    EXTRA=()
    while [ $# -gt 0 ]; do
        case "$1" in
        --runs | --max-seconds)
            if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
                echo "$name: $1 needs a number" >&2
                exit 2
            fi
            if [ "$1" = --runs ]; then RUNS="$2"; else MAX_SECONDS="$2"; fi
            shift 2
            ;;
        --build-only) BUILD_ONLY=1; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h | --help) sed -n "$usage" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "$name: unknown argument $1 (see --help)" >&2; exit 2 ;;
        esac
    done
}

# The flags of a single-module fuzz binary (libFuzzer supplies main); callers append -module-name and more.
# shellcheck disable=SC2054  # -sanitize=fuzzer,address is one flag
FUZZ_SWIFTC_FLAGS=(
    -O -g
    -sanitize=fuzzer,address
    -parse-as-library
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -use-ld=lld
)

# fuzz_build_swiftc LABEL BINARY FLAGS_ARRAY_NAME SOURCES...: builds BINARY unless a source, the flags or the
# compiler changed since the last build (a stamp beside the binary).
fuzz_build_swiftc() {
    local label="$1" binary="$2" flags_name="$3"
    shift 3
    local -n flags="$flags_name"
    local stamp
    stamp="$( (swiftc --version 2>&1; printf '%s\n' "${flags[@]}"; cat "$@") | sha256sum | cut -d' ' -f1)"
    if [ -x "$binary" ] && [ -f "$binary.stamp" ] && [ "$(cat "$binary.stamp")" = "$stamp" ]; then
        echo "fuzz $label: $binary is up to date"
        return
    fi
    echo "fuzz $label: building $binary from $# files"
    local start=$SECONDS
    mkdir -p "$(dirname "$binary")"
    rm -f "$binary.stamp"
    swiftc "${flags[@]}" "$@" -o "$binary"
    printf '%s\n' "$stamp" >"$binary.stamp"
    echo "fuzz $label: built in $((SECONDS - start))s"
}

# fuzz_run LABEL BINARY LOG MAX_LEN ARTIFACT_DIR CORPUS_DIR...: runs libFuzzer within RUNS / MAX_SECONDS,
# its output in LOG; prints the summary, or the log's tail and the artifacts and exits with libFuzzer's status
# when it found something. The first corpus directory receives new inputs.
fuzz_run() {
    local label="$1" binary="$2" log="$3" max_len="$4" artifacts="$5"
    shift 5
    mkdir -p "$artifacts" "$1"
    echo "fuzz $label: running (at most $RUNS inputs, ${MAX_SECONDS}s); log in $log"
    local status=0
    # Swift's own backtracer would fight the sanitizer's report. LeakSanitizer stays on: libFuzzer reports an
    # input that leaks memory (e.g. through a reference cycle) as a finding.
    SWIFT_BACKTRACE=enable=no \
        "$binary" \
        -runs="$RUNS" \
        -max_total_time="$MAX_SECONDS" \
        -max_len="$max_len" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        "${EXTRA[@]}" \
        "$@" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log"
        echo "fuzz $label: FAILED (exit $status); artifacts:" >&2
        ls -1 "$artifacts/" >&2 || true
        exit "$status"
    fi
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added)' \
        "$log" || true
    echo "fuzz $label: ok, no crash"
}
