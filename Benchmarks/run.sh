#!/usr/bin/env bash
# Codec benchmark: OCPP 2.0.1 messages per second, our Swift codec vs the Python `ocpp` library, on
# byte-identical payloads. Builds the Swift side in release mode, sets up .venv, runs both, prints a table.
#
# Usage: Benchmarks/run.sh [--seconds S] [--warmup S]   (defaults: 2 s measured after 0.5 s warm-up)
# CHARGERD_IDLE_SECONDS=5 shortens chargerd's idle-CPU minute (Benchmarks/chargerd_footprint.sh).
# The Modbus poll figures come from Benchmarks/modbus_poll.sh (it can also run alone).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_CASE=2
WARMUP=0.5
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) SECONDS_PER_CASE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Benchmarks/run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=Scripts/lib/python-env.sh
source Scripts/lib/python-env.sh
ensure_apt_packages python3 python3-venv python3-pip ca-certificates
ensure_venv

echo "==> building OCPPCodecBenchmark (release)"
swift build -c release --package-path Benchmarks --product OCPPCodecBenchmark
BIN="$(swift build -c release --package-path Benchmarks --show-bin-path)/OCPPCodecBenchmark"

OUT=Benchmarks/.build/results
PAYLOADS="$OUT/payloads"
mkdir -p "$PAYLOADS"

echo "==> Swift: validate + encode + parse + decode"
"$BIN" --seconds "$SECONDS_PER_CASE" --warmup "$WARMUP" --dump-payloads "$PAYLOADS" | tee "$OUT/swift.txt"
echo "==> Python ocpp $("$VENV_PYTHON" -c 'import importlib.metadata as m; print(m.version("ocpp"))'):" \
    "json.dumps + json.loads + schema validation"
"$VENV_PYTHON" Benchmarks/ocpp_python_bench.py --payloads "$PAYLOADS" --seconds "$SECONDS_PER_CASE" \
    --warmup "$WARMUP" | tee "$OUT/python.txt"
echo "==> Python, through the validate_payload coroutine (thread-pool executor, as a CSMS runs it)"
"$VENV_PYTHON" Benchmarks/ocpp_python_bench.py --payloads "$PAYLOADS" --seconds "$SECONDS_PER_CASE" \
    --warmup "$WARMUP" --async | tee "$OUT/python-async.txt"

echo
"$VENV_PYTHON" - "$OUT" <<'EOF'
import sys

out = sys.argv[1]


def read(name):
    rows = {}
    with open(f"{out}/{name}.txt") as handle:
        for line in handle:
            parts = line.split()
            if parts and parts[0] == "RESULT":
                rows[parts[1]] = (int(parts[2]), int(parts[5]))
    return rows


swift, python, python_async = read("swift"), read("python"), read("python-async")
header = f"{'message':<26}{'bytes':>7}{'Swift msg/s':>14}{'Python msg/s':>15}{'Swift/Python':>14}{'Py async msg/s':>16}"
print(header)
print("-" * len(header))
for name, (swift_rate, size) in swift.items():
    py_rate = python.get(name, (0, 0))[0]
    py_async = python_async.get(name, (0, 0))[0]
    ratio = f"{swift_rate / py_rate:.1f}x" if py_rate else "n/a"
    print(f"{name:<26}{size:>7}{swift_rate:>14,}{py_rate:>15,}{ratio:>14}{py_async:>16,}")
print()
print("Work per message. Swift: validate() + jsonValue().serialized() + JSONValue.parse + init(json:).")
print("Python: json.dumps + json.loads + ocpp's 2.0.1 schema validation of an incoming Call.")
print("One core each, one after the other; figures vary by machine and load, compare ratios.")
EOF

echo
echo "==> station footprint (release): memory per charging station with 2 simulated EVSEs"
swift build -c release --package-path Benchmarks --product StationFootprint
"$(swift build -c release --package-path Benchmarks --show-bin-path)/StationFootprint" 1000

echo
echo "==> composite schedule (release): 10 stacked profiles x 24 periods over a day, µs per schedule"
Benchmarks/composite_schedule.sh

echo
echo "==> Modbus: requests and ms per meter poll, every shipped map, TCP and RTU at 9600 baud (real-time wire)"
Benchmarks/modbus_poll.sh

echo
echo "==> chargerd footprint (release, static stdlib): size, idle RSS, start -> BootNotification, idle CPU"
Benchmarks/chargerd_footprint.sh --idle-seconds "${CHARGERD_IDLE_SECONDS:-60}"

echo
echo "==> charger-sim scale: 1,000 and 10,000 stations against a loopback CSMS (RSS/station, CPU, on-time share)"
Benchmarks/fleet/run-scale.sh --stations "${FLEET_SCALE_STATIONS:-1000 10000}" --measure "${FLEET_SCALE_SECONDS:-180}"
