#!/usr/bin/env bash
# Fuzzes one of the input parsers beyond OCPP-J frames with libFuzzer (+ AddressSanitizer):
#   control-line   the control socket's request lines (ControlRouter, ControlRequest, the JSON parser)
#   board-yaml     the YAML data files (YAMLFields: libyaml composition, scalar resolution, typed readers)
# (Fuzz/run.sh fuzzes the OCPP-J frame decoder the same way.)
#
# Usage: Fuzz/run-target.sh TARGET [--runs N] [--max-seconds S] [--build-only] [-- LIBFUZZER_ARGS...]
#   --runs N          stop after N inputs (default 200000)
#   --max-seconds S   stop after S seconds (default 60); whichever limit comes first ends the run
#   --build-only      only build .build/fuzz/TARGET
# Reproduce a finding: .build/fuzz/TARGET Fuzz/out/TARGET/crash-<hash>
#
# Seeds: Fuzz/corpus-TARGET/ (committed); board-yaml also starts from BoardConfigs/**/*.yaml. Inputs the
# fuzzer finds interesting go to Fuzz/corpus-work-TARGET/, crash artifacts to Fuzz/out/TARGET/ (both
# git-ignored). Exits non-zero when the fuzzer finds a crash.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGET="${1:-}"
case "$TARGET" in
control-line | board-yaml) shift ;;
-h | --help | "") sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; [ -n "$TARGET" ]; exit $? ;;
*) echo "Fuzz/run-target.sh: unknown target $TARGET (control-line or board-yaml)" >&2; exit 2 ;;
esac
RUNS=200000
MAX_SECONDS=60
BUILD_ONLY=0
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --max-seconds) MAX_SECONDS="$2"; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    *) echo "Fuzz/run-target.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

BUILD_DIR=.build/fuzz
BINARY="$BUILD_DIR/$TARGET"
SEEDS="Fuzz/corpus-$TARGET"
WORK="Fuzz/corpus-work-$TARGET"
OUT="Fuzz/out/$TARGET"
mkdir -p "$BUILD_DIR" "$OUT" "$WORK"

SWIFTC_FLAGS=(
    -O -g
    -sanitize=fuzzer,address
    -parse-as-library
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -use-ld=lld
)
SOURCES=()
MAX_LEN=4096
case "$TARGET" in
control-line)
    # The control files import OCPP; compiled into the same module as OCPP's sources, that import goes.
    SHIM="$BUILD_DIR/control-line-sources"
    rm -rf "$SHIM" && mkdir -p "$SHIM"
    for file in ControlProtocol.swift ControlRouter.swift; do
        grep -v '^import OCPP$' "Sources/ChargerAgent/Control/$file" >"$SHIM/$file"
    done
    mapfile -d '' SOURCES < <(find Sources/OCPP -name '*.swift' -print0 | sort -z)
    SOURCES+=("$SHIM/ControlProtocol.swift" "$SHIM/ControlRouter.swift" Fuzz/ControlLineFuzz.swift)
    SWIFTC_FLAGS+=(-module-name ControlLineFuzz)
    # ControlServer refuses longer lines before they are parsed.
    MAX_LEN=8192
    ;;
board-yaml)
    mapfile -d '' SOURCES < <(find Sources/YAMLFields -name '*.swift' -print0 | sort -z)
    SOURCES+=(Fuzz/BoardYAMLFuzz.swift)
    SWIFTC_FLAGS+=(-module-name BoardYAMLFuzz -I Sources/CYAML -lyaml)
    MAX_LEN=16384
    # The repo's data files are the seeds, as they are now.
    find BoardConfigs -name '*.yaml' -exec cp {} "$WORK/" \;
    ;;
esac

# Rebuild only when a source, the flags or the compiler changed.
stamp="$( (swiftc --version 2>&1; printf '%s\n' "${SWIFTC_FLAGS[@]}"; cat "${SOURCES[@]}") | sha256sum | cut -d' ' -f1)"
if [ -x "$BINARY" ] && [ -f "$BINARY.stamp" ] && [ "$(cat "$BINARY.stamp")" = "$stamp" ]; then
    echo "fuzz $TARGET: $BINARY is up to date"
else
    echo "fuzz $TARGET: building $BINARY from ${#SOURCES[@]} files"
    build_start=$SECONDS
    rm -f "$BINARY.stamp"
    swiftc "${SWIFTC_FLAGS[@]}" "${SOURCES[@]}" -o "$BINARY"
    printf '%s\n' "$stamp" >"$BINARY.stamp"
    echo "fuzz $TARGET: built in $((SECONDS - build_start))s"
fi
[ "$BUILD_ONLY" -eq 1 ] && exit 0

LOG="$BUILD_DIR/$TARGET.log"
echo "fuzz $TARGET: running (at most $RUNS inputs, ${MAX_SECONDS}s); log in $LOG"
status=0
SWIFT_BACKTRACE=enable=no \
    "$BINARY" \
    -runs="$RUNS" \
    -max_total_time="$MAX_SECONDS" \
    -max_len="$MAX_LEN" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$OUT/" \
    "${EXTRA[@]}" \
    "$WORK" "$SEEDS" >"$LOG" 2>&1 || status=$?

if [ "$status" -ne 0 ]; then
    tail -n 60 "$LOG"
    echo "fuzz $TARGET: FAILED (exit $status); artifacts:" >&2
    ls -1 "$OUT/" >&2 || true
    exit "$status"
fi
grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::new_units_added|#[0-9]+.*(DONE|INITED))' "$LOG" || true
echo "fuzz $TARGET: ok, no crash"
