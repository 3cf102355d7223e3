#!/usr/bin/env bash
# charger-sim scale run: N simulated stations (release build) against a light loopback CSMS
# (Benchmarks/fleet/light_csms.py), heartbeat every 30 s and meter values every 15 s while charging.
# Reports per N: resident memory per station, CPU share of the two cores, how many stations booted, and
# the share of heartbeats and periodic meter values (TransactionEvent Updated) that arrived on time
# (gap <= interval + 2 s).
#
# Usage: Benchmarks/fleet/run-scale.sh [--stations "1000 10000"] [--measure S] [--connect-rate R]
#        (defaults: 1000 and 10000 stations, 180 s measured after all connected, 200 connections/s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

COUNTS="1000 10000"
MEASURE=180
RATE=200
while [ $# -gt 0 ]; do
    case "$1" in
    --stations) COUNTS="$2"; shift 2 ;;
    --measure) MEASURE="$2"; shift 2 ;;
    --connect-rate) RATE="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-scale.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=Scripts/lib/python-env.sh
source Scripts/lib/python-env.sh
ensure_apt_packages python3 python3-venv python3-pip ca-certificates
ensure_venv

echo "==> building charger-sim (release)"
swift build -c release --product charger-sim
SIM="$(swift build -c release --show-bin-path)/charger-sim"
OUT=Benchmarks/.build/results/fleet
mkdir -p "$OUT"
# Each station is one socket in the simulator and one in the CSMS.
ulimit -n "$(ulimit -Hn)"

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

CSMS_PID=""
SIM_PID=""
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
    [ -n "$CSMS_PID" ] && kill "$CSMS_PID" 2>/dev/null || true
}
trap cleanup EXIT

printf '%s\n' "stations rss_mb kb_per_station sim_cpu_pct csms_cpu_pct booted heartbeat_on_time meter_on_time heartbeat_p99_s meter_p99_s transactions" >"$OUT/table.txt"
for N in $COUNTS; do
    echo "==> $N stations: connect at $RATE/s, then measure $MEASURE s"
    "$VENV_PYTHON" Benchmarks/fleet/light_csms.py --interval 30 --meter-interval 15 \
        --summary "$OUT/csms-$N.json" >"$OUT/csms-$N.out" 2>&1 &
    CSMS_PID=$!
    for _ in $(seq 100); do grep -q listening "$OUT/csms-$N.out" 2>/dev/null && break; sleep 0.1; done
    PORT=$("$VENV_PYTHON" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["port"])' "$OUT/csms-$N.out")
    "$SIM" --fleet Benchmarks/fleet/scale-fleet.yaml --csms-url "ws://127.0.0.1:$PORT" --stations "$N" \
        --no-control-socket --connect-rate "$RATE" --log-level warning >"$OUT/sim-$N.log" 2>&1 &
    SIM_PID=$!
    # All connects are spread over N / RATE seconds; give the boots 15 s more to settle.
    sleep "$(( N / RATE + 15 ))"
    sim0=$(cpu_ticks "$SIM_PID"); csms0=$(cpu_ticks "$CSMS_PID")
    sleep "$MEASURE"
    sim1=$(cpu_ticks "$SIM_PID"); csms1=$(cpu_ticks "$CSMS_PID")
    rss=$(rss_kb "$SIM_PID")
    kill -TERM "$SIM_PID"; wait "$SIM_PID" || true; SIM_PID=""
    kill -TERM "$CSMS_PID"; wait "$CSMS_PID" || true; CSMS_PID=""
    "$VENV_PYTHON" - "$OUT/csms-$N.json" "$N" "$rss" "$(( sim1 - sim0 ))" "$(( csms1 - csms0 ))" "$ticks" \
        "$MEASURE" >>"$OUT/table.txt" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
n, rss, sim_ticks, csms_ticks, hz, seconds = (float(v) for v in sys.argv[2:])
def pct(x): return "n/a" if x is None else f"{100 * x:.2f}%"
print(f"{int(n)} {rss / 1024:.0f} {rss / n:.0f} {100 * sim_ticks / hz / seconds:.0f}% "
      f"{100 * csms_ticks / hz / seconds:.0f}% {summary['booted']} {pct(summary['heartbeatOnTime'])} "
      f"{pct(summary['meterOnTime'])} {summary['heartbeatGapP99']} {summary['meterGapP99']} "
      f"{summary['transactions']}")
PY
    tail -1 "$OUT/table.txt"
done
echo
column -t "$OUT/table.txt"
echo "(CPU % is of one core; the machine has $(nproc). Details: $OUT/csms-N.json, sim-N.log)"
