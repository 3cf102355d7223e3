#!/usr/bin/env bash
# Modbus poll benchmark: requests and milliseconds per meter poll for every map in BoardConfigs/meters,
# over Modbus TCP (pymodbus server on loopback) and over RTU at 9600 baud 8N1 through
# Tests/Peers/rtu_wire.py, which delays every byte by its time on a real line (10 bits / 9600 baud =
# 1.04 ms) plus the RTU inter-frame gap t3.5 (3.65 ms), between two socat pty pairs (a bare pty
# ignores the baud rate). The polls are those of Tests/HALModbusTests/ModbusBlockReadTests.swift, which
# also check every decoded value and the request counts; this script asks them to time N polls per map.
# The code under test is a debug build: a poll is dominated by I/O (the wire, the Python server).
#
# Usage: Benchmarks/modbus_poll.sh [--polls N]   (default 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

POLLS=20
while [ $# -gt 0 ]; do
    case "$1" in
    --polls) POLLS="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Benchmarks/modbus_poll.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=Scripts/lib/python-env.sh
source Scripts/lib/python-env.sh
ensure_apt_packages python3 python3-venv python3-pip libmodbus-dev socat
ensure_venv

OUT=Benchmarks/.build/results
mkdir -p "$OUT"
FIGURES="$OUT/modbus-poll.tsv"
rm -f "$FIGURES"

echo "==> building the tests (debug, shared .build)"
swift build --build-tests
echo "==> polling every shipped map $POLLS times over TCP and over RTU@9600 (wire relay)"
HALMODBUS_POLL_FIGURES="$PWD/$FIGURES" HALMODBUS_POLLS="$POLLS" CHARGER_AGENT_PYTHON="$VENV_PYTHON" \
    swift test --skip-build --filter 'ModbusBlockReadTests/(requestCountDropsOverTCP|rtuAt9600ThroughTheWire)'

echo
"$VENV_PYTHON" - "$FIGURES" <<'PY'
import sys

rows = {}
with open(sys.argv[1]) as handle:
    for line in handle:
        file, transport, requests, registers, gapless, polls, mean, fastest, slowest = line.rstrip("\n").split("\t")
        rows.setdefault(file, {})[transport] = (int(requests), int(registers), int(gapless), int(polls),
                                                float(mean), float(fastest), float(slowest))
header = (f"{'map':<28}{'TCP: req':>9}{'regs':>6}{'ms/poll':>9}"
          f"{' | RTU@9600: req':>16}{'regs':>6}{'ms/poll':>9}{'min-max':>14}"
          f"{' | gapless RTU: req':>20}{'regs':>6}{'ms/poll':>9}")
print(header)
print("-" * len(header))


def cells(row, digits):
    if not row:
        return ("n/a", "n/a", "n/a", "n/a")
    return (str(row[0]), str(row[1]), f"{row[4]:.{digits}f}", f"{row[5]:.1f}-{row[6]:.1f}")


for file in sorted(rows):
    tcp = cells(rows[file].get("tcp"), 2)
    rtu = cells(rows[file].get("rtu9600"), 1)
    gapless = cells(rows[file].get("rtu9600-gapless"), 1)
    print(f"{file.removesuffix('.yaml'):<28}{tcp[0]:>9}{tcp[1]:>6}{tcp[2]:>9}"
          f"{rtu[0]:>16}{rtu[1]:>6}{rtu[2]:>9}{rtu[3]:>14}{gapless[0]:>20}{gapless[1]:>6}{gapless[2]:>9}")
polls = next(iter(next(iter(rows.values())).values()))[3] if rows else 0
print()
print(f"Mean of {polls} polls per map after one untimed warm-up read (TCP: the same map without gaps).")
print("req/regs: requests and registers per poll. TCP reads every gap the map allows; RTU only gaps shorter")
print("than a request's cost (worthwhileGap: 10 registers at 9600 8N1); gapless: only the registers the map uses.")
print("RTU@9600: every byte paced at 1.04 ms plus t3.5 = 3.65 ms between frames; the server's own time on top.")
PY
