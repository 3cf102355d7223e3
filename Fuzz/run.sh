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
# shellcheck source=Fuzz/lib/fuzz-common.sh
source Fuzz/lib/fuzz-common.sh
fuzz_parse_args Fuzz/run.sh '2,11p' "$@"

# The OCPP target depends on nothing but the standard library and FoundationEssentials, so its sources are
# compiled together with the fuzz entry into one instrumented executable (libFuzzer supplies main).
mapfile -d '' SOURCES < <(find Sources/OCPP -name '*.swift' -print0 | sort -z)
SOURCES+=(Fuzz/FrameDecoderFuzz.swift)
# shellcheck disable=SC2034  # read by fuzz_build_swiftc through its name
FLAGS=("${FUZZ_SWIFTC_FLAGS[@]}" -module-name OCPPFuzz)
BINARY=.build/fuzz/frame-decoder
fuzz_build_swiftc frame-decoder "$BINARY" FLAGS "${SOURCES[@]}"
[ "$BUILD_ONLY" -eq 1 ] && exit 0
fuzz_run frame-decoder "$BINARY" .build/fuzz/frame-decoder.log 4096 Fuzz/out Fuzz/corpus-work Fuzz/corpus
