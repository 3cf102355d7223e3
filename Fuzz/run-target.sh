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
# shellcheck source=Fuzz/lib/fuzz-common.sh
source Fuzz/lib/fuzz-common.sh

TARGET="${1:-}"
case "$TARGET" in
control-line | board-yaml) shift ;;
-h | --help | "") sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; [ -n "$TARGET" ]; exit $? ;;
*) echo "Fuzz/run-target.sh: unknown target $TARGET (control-line or board-yaml)" >&2; exit 2 ;;
esac
fuzz_parse_args Fuzz/run-target.sh '2,16p' "$@"

BUILD_DIR=.build/fuzz
WORK="Fuzz/corpus-work-$TARGET"
mkdir -p "$BUILD_DIR" "$WORK"
FLAGS=("${FUZZ_SWIFTC_FLAGS[@]}")
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
    FLAGS+=(-module-name ControlLineFuzz)
    # ControlServer refuses longer lines before they are parsed.
    MAX_LEN=8192
    ;;
board-yaml)
    mapfile -d '' SOURCES < <(find Sources/YAMLFields -name '*.swift' -print0 | sort -z)
    SOURCES+=(Fuzz/BoardYAMLFuzz.swift)
    FLAGS+=(-module-name BoardYAMLFuzz -I Sources/CYAML -lyaml)
    # The largest shipped board (template.yaml) is about 16 KB.
    MAX_LEN=16384
    # The repo's data files are the seeds, as they are now.
    find BoardConfigs -name '*.yaml' -exec cp {} "$WORK/" \;
    ;;
esac

fuzz_build_swiftc "$TARGET" "$BUILD_DIR/$TARGET" FLAGS "${SOURCES[@]}"
[ "$BUILD_ONLY" -eq 1 ] && exit 0
fuzz_run "$TARGET" "$BUILD_DIR/$TARGET" "$BUILD_DIR/$TARGET.log" "$MAX_LEN" "Fuzz/out/$TARGET" "$WORK" \
    "Fuzz/corpus-$TARGET"
