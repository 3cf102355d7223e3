#!/usr/bin/env bash
# chargerd footprint: release build with the static Swift standard library, binary size (and stripped),
# what each dependency costs in size and in resident memory, idle RSS after boot against a loopback CSMS,
# start -> BootNotification (ms), and CPU % while idle. Goals (issue 5): <= 15 MB idle RSS, <= 100 ms
# to Boot. Figures go to Benchmarks/.build/results/chargerd-footprint.{json,txt}.
#
# Usage: Benchmarks/chargerd_footprint.sh [--idle-seconds S] [--boots N] [--binary PATH]
#   --idle-seconds S  how long idle CPU is measured (default 60; e.g. 5 for a quick run)
#   --boots N         how many starts the boot latency is the median of (default 5)
#   --binary PATH     measure this chargerd instead of building one
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

IDLE=60
BOOTS=5
BINARY=""
while [ $# -gt 0 ]; do
    case "$1" in
    --idle-seconds) IDLE="$2"; shift 2 ;;
    --boots) BOOTS="$2"; shift 2 ;;
    --binary) BINARY="$2"; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Benchmarks/chargerd_footprint.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=Scripts/lib/python-env.sh
source Scripts/lib/python-env.sh
# shellcheck source=Scripts/lib/release-build.sh
source Scripts/lib/release-build.sh
ensure_apt_packages python3 python3-venv python3-pip binutils
ensure_venv

OUT=Benchmarks/.build/results
mkdir -p "$OUT"
if [ -z "$BINARY" ]; then
    echo "==> building chargerd (release, static Swift standard library, function sections, hot-text layout)"
    started=$(date +%s)
    release_build --product chargerd
    echo "    build: $(($(date +%s) - started)) s (incremental if it was built before)"
    BINARY="$(release_bin_path)/chargerd"
fi
STRIPPED="$OUT/chargerd.stripped"
strip -o "$STRIPPED" "$BINARY"
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "==> binary: $(size_mb "$BINARY") MB, stripped $(size_mb "$STRIPPED") MB"
echo "    dynamic libraries: $(ldd "$BINARY" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"

echo "==> start -> BootNotification, idle RSS and CPU (${IDLE} s) against a loopback CSMS"
"$VENV_PYTHON" Benchmarks/chargerd_footprint.py --binary "$BINARY" --board BoardConfigs/simulator.yaml \
    --boots "$BOOTS" --idle "$IDLE" --resident-by-module >"$OUT/chargerd-footprint.json"

echo "==> what each dependency costs"
"$VENV_PYTHON" Benchmarks/binary_size_by_module.py "$BINARY" | tee "$OUT/chargerd-size-by-module.txt"

"$VENV_PYTHON" - "$OUT/chargerd-footprint.json" "$(stat -c %s "$BINARY")" "$(stat -c %s "$STRIPPED")" <<'PY' |
import json, sys
figures = json.load(open(sys.argv[1]))
size, stripped = int(sys.argv[2]), int(sys.argv[3])
rss = figures["rss_kb_after_boot"] / 1024
rows = [
    ("binary size (static stdlib)", f"{size / 1048576:.1f} MB", ""),
    ("stripped", f"{stripped / 1048576:.1f} MB", ""),
    ("idle RSS after boot", f"{rss:.1f} MB", "<= 15 MB: " + ("met" if rss <= 15 else "NOT met")),
    ("  of it heap/anonymous", f"{figures['rss_anon_kb'] / 1024:.1f} MB", ""),
    ("  of it file-backed (binary pages)", f"{figures['rss_file_kb'] / 1024:.1f} MB", ""),
    ("RSS after idle / peak", f"{figures['rss_kb_after_idle'] / 1024:.1f} / {figures['peak_rss_kb'] / 1024:.1f} MB", ""),
    ("start -> BootNotification (median)", f"{figures['boot_ms_median']} ms",
     "<= 100 ms: " + ("met" if figures["boot_ms_median"] <= 100 else "NOT met")),
    ("  min / max", f"{figures['boot_ms_min']} / {figures['boot_ms_max']} ms", f"{figures['boots']} starts"),
    (f"idle CPU over {figures['idle_seconds']:g} s", f"{figures['idle_cpu_percent']:.3f} %", "of one core"),
    ("threads", str(figures["threads"]), ""),
]
for name, value, note in rows:
    print(f"{name:<38}{value:>16}   {note}")
resident = figures.get("resident_groups")
if resident:
    total = sum(resident.values())
    print()
    print(f"{'resident binary pages by owner':<58}{'MB':>8}")
    for name, size in sorted(resident.items(), key=lambda item: -item[1]):
        if size >= 50_000:
            print(f"{name:<58}{size / 1e6:>8.2f}")
    print(f"{'(total file-backed from the binary)':<58}{total / 1e6:>8.2f}")
PY
    tee "$OUT/chargerd-footprint.txt"
