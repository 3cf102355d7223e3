#!/usr/bin/env bash
# Fuzzes the OCPP-J frame decoder with libFuzzer (+ AddressSanitizer).
#
# Usage: Fuzz/run.sh [--runs N] [--max-seconds S] [--build-only] [-- LIBFUZZER_ARGS...]
#   --runs N          stop after N inputs (default 200000)
#   --max-seconds S   stop after S seconds (default 60); whichever limit comes first ends the run
#   --build-only      only build .build/fuzz/frame-decoder
# Reproduce a finding: .build/fuzz/frame-decoder Fuzz/out/crash-<hash>
#
# Seeds are in Fuzz/corpus/ (committed); inputs the fuzzer finds interesting go to Fuzz/corpus-work/ and
# crash artifacts to Fuzz/out/ (both git-ignored). Exits non-zero when the fuzzer finds a crash.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Fuzz/run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

BUILD_DIR=.build/fuzz
BINARY="$BUILD_DIR/frame-decoder"
mkdir -p "$BUILD_DIR" Fuzz/out Fuzz/corpus-work

# The OCPP target depends on nothing but the standard library and FoundationEssentials, so its sources are
# compiled together with the fuzz entry into one instrumented executable (libFuzzer supplies main).
mapfile -d '' SOURCES < <(find Sources/OCPP -name '*.swift' -print0 | sort -z)
SOURCES+=(Fuzz/FrameDecoderFuzz.swift)
SWIFTC_FLAGS=(
    -O -g
    -sanitize=fuzzer,address
    -parse-as-library
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -module-name OCPPFuzz
    -use-ld=lld
)

# Rebuild only when a source, the flags or the compiler changed.
stamp="$( (swiftc --version 2>&1; printf '%s\n' "${SWIFTC_FLAGS[@]}"; cat "${SOURCES[@]}") | sha256sum | cut -d' ' -f1)"
if [ -x "$BINARY" ] && [ -f "$BINARY.stamp" ] && [ "$(cat "$BINARY.stamp")" = "$stamp" ]; then
    echo "fuzz: $BINARY is up to date"
else
    echo "fuzz: building $BINARY from ${#SOURCES[@]} files"
    build_start=$SECONDS
    rm -f "$BINARY.stamp"
    swiftc "${SWIFTC_FLAGS[@]}" "${SOURCES[@]}" -o "$BINARY"
    printf '%s\n' "$stamp" >"$BINARY.stamp"
    echo "fuzz: built in $((SECONDS - build_start))s"
fi
[ "$BUILD_ONLY" -eq 1 ] && exit 0

LOG="$BUILD_DIR/frame-decoder.log"
echo "fuzz: running (at most $RUNS inputs, ${MAX_SECONDS}s); log in $LOG"
status=0
# Swift's own backtracer would fight the sanitizer's report. LeakSanitizer stays on: libFuzzer reports an
# input that leaks memory (e.g. through a reference cycle) as a finding.
SWIFT_BACKTRACE=enable=no \
    "$BINARY" \
    -runs="$RUNS" \
    -max_total_time="$MAX_SECONDS" \
    -max_len=4096 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix=Fuzz/out/ \
    "${EXTRA[@]}" \
    Fuzz/corpus-work Fuzz/corpus >"$LOG" 2>&1 || status=$?

if [ "$status" -ne 0 ]; then
    tail -n 60 "$LOG"
    echo "fuzz: FAILED (exit $status); artifacts:" >&2
    ls -1 Fuzz/out/ >&2 || true
    exit "$status"
fi
grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::new_units_added|#[0-9]+.*(DONE|INITED))' "$LOG" || true
echo "fuzz: ok, no crash"
