#!/usr/bin/env bash
# Regenerates Scripts/link/chargerd-hot-text.ld, the list of chargerd's functions that run (boot, idle, a
# session, chargerctl), which the linker places together so that idle RSS holds code that runs. Run it after
# changes that move much code, then Benchmarks/chargerd_footprint.sh to see the effect. Takes ~5 minutes on top
# of the release build (chargerd runs under callgrind for about three minutes).
#
# Usage: Benchmarks/chargerd_layout.sh [--idle-seconds S]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

IDLE=40
while [ $# -gt 0 ]; do
    case "$1" in
    --idle-seconds) IDLE="$2"; shift 2 ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Benchmarks/chargerd_layout.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=Scripts/lib/python-env.sh
source Scripts/lib/python-env.sh
# shellcheck source=Scripts/lib/release-build.sh
source Scripts/lib/release-build.sh
ensure_apt_packages python3 python3-venv python3-pip binutils valgrind
ensure_venv

OUT=Benchmarks/.build/layout
mkdir -p "$OUT"
echo "==> building chargerd and chargerctl (release, function sections), with the link map"
release_build --product chargerctl
release_build --product chargerd -Xlinker "-Map=$PWD/$OUT/chargerd.map"
BIN="$(release_bin_path)"
# valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug info; the symbols and addresses stay as they are.
strip --strip-debug -o "$OUT/chargerd" "$BIN/chargerd"

echo "==> profiling chargerd under callgrind"
"$VENV_PYTHON" Benchmarks/chargerd_layout.py --binary "$OUT/chargerd" --map "$OUT/chargerd.map" \
    --chargerctl "$BIN/chargerctl" --idle "$IDLE" --out Scripts/link/chargerd-hot-text.ld
echo "    next: Benchmarks/chargerd_footprint.sh (relinks chargerd with the new layout)"
