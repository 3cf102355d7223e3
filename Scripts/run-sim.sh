#!/usr/bin/env bash
# The main command: the whole bench on one machine. Installs what is missing (Debian packages, the Python venv),
# builds the binaries, starts the bench CSMS (OCPP on :9000, REST + GIS dashboard on :8080, SQLite by default),
# runs the seed's 34 E-Mart chargers in charger-sim against it, and prints where to look. Ctrl-C stops everything.
#
# Usage: Scripts/run-sim.sh [--postgres [URL]] [--csms-url URL] [--chargerd] [--stations N] [--manual]
#                           [--ws-port P] [--http-port P] [--release]
#   --postgres [URL]  record into PostgreSQL: a throw-away local server started here (non-root), or yours at URL
#   --csms-url URL    do not start the bench; connect the fleet to this CSMS instead
#   --chargerd        also run chargerd on BoardConfigs/simulator.yaml (control socket .state/run-sim/chargerd.sock)
#   --stations N      replicate the fleet to N stations (scale runs)
#   --manual          no automatic EV arrivals; drive sessions with chargerctl sim + the REST API
#   --ws-port P, --http-port P   the bench's OCPP and REST/dashboard ports (default 9000, 8080)
#   --release         build and run release binaries
# Logs and state live in .state/run-sim/. Exit status 2: bad arguments; 3: the bench's ports are taken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

POSTGRES=0
POSTGRES_URL=""
CSMS_URL=""
RUN_CHARGERD=0
STATIONS=""
MANUAL=0
WS_PORT=9000
HTTP_PORT=8080
CONFIGURATION=debug

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
# shellcheck source=Scripts/lib/options.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/options.sh"

while [ $# -gt 0 ]; do
    case "$1" in
    --postgres)
        POSTGRES=1
        if [ $# -gt 1 ] && [[ "$2" == postgres* ]]; then
            POSTGRES_URL="$2"
            shift
        fi
        ;;
    --csms-url) need_value "$@"; CSMS_URL="$2"; shift ;;
    --chargerd) RUN_CHARGERD=1 ;;
    --stations) need_value "$@"; need_number "$1" "$2"; STATIONS="$2"; shift ;;
    --manual) MANUAL=1 ;;
    --ws-port) need_value "$@"; need_number "$1" "$2"; WS_PORT="$2"; shift ;;
    --http-port) need_value "$@"; need_number "$1" "$2"; HTTP_PORT="$2"; shift ;;
    --release) CONFIGURATION=release ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) usage_error "unknown option '$1'" ;;
    esac
    shift
done

# Before anything is installed or built: the bench's ports must be free. Something already listening there
# (often the bench of an earlier run-sim.sh, or Scripts/scenario.sh's) would take the fleet's connections.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "$CSMS_URL" ]; then
    for port in "$WS_PORT" "$HTTP_PORT"; do
        if port_in_use "$port"; then
            echo "error: port $port is already in use on this machine (another Scripts/run-sim.sh or" \
                "Scripts/scenario.sh still running?). Stop it first, or pick free ports with --ws-port P --http-port P." >&2
            exit 3
        fi
    done
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "error: no swift in PATH; install the Swift 6.3 toolchain first" >&2
    exit 1
fi

# --- what is missing: Debian packages and the venv -------------------------------------------------
# shellcheck source=Scripts/lib/python-env.sh
source "$ROOT/Scripts/lib/python-env.sh"
packages=(python3 python3-venv python3-pip pkg-config libmodbus-dev libgpiod-dev libsqlite3-dev libyaml-dev)
[ "$POSTGRES" -eq 1 ] && [ -z "$POSTGRES_URL" ] && packages+=(postgresql)
ensure_apt_packages "${packages[@]}"
ensure_venv

# --- the binaries ---------------------------------------------------------------------------------------
echo "==> building charger-sim, chargerctl, chargerd ($CONFIGURATION; the first build takes a few minutes)"
for product in charger-sim chargerctl chargerd; do
    swift build -c "$CONFIGURATION" --product "$product" >/dev/null
done
BIN_DIR="$(swift build -c "$CONFIGURATION" --show-bin-path)"

WORK="$ROOT/.state/run-sim"
mkdir -p "$WORK"
PIDS=()
# shellcheck disable=SC2317  # run by the trap below
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "==> stopping"
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "${PG_DIR:-}" ]; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    fi
}
trap stop_all INT TERM EXIT

# wait_for_port PORT NAME LOG: waits until something listens on 127.0.0.1:PORT.
wait_for_port() {
    local attempt
    for attempt in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "error: $2 did not start listening on port $1; see $3" >&2
    tail -n 20 "$3" >&2 || true
    exit 1
}

# --- PostgreSQL (optional): a throw-away local server, run as a non-root user ------------------------
pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
if [ "$POSTGRES" -eq 1 ] && [ -z "$POSTGRES_URL" ] && [ -z "$CSMS_URL" ]; then
    PG_BIN="$(postgres_bin_dir)"
    PG_DIR="$WORK/postgres"
    PG_PORT=55432
    mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        echo "==> initialising PostgreSQL in $PG_DIR"
        pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U charger_user --auth=trust >"$WORK/postgres-init.log"
    fi
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" -w start >/dev/null
    pg_as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U charger_user charger_db 2>/dev/null || true
    POSTGRES_URL="postgresql://charger_user@127.0.0.1:$PG_PORT/charger_db"
fi

# --- the bench CSMS ---------------------------------------------------------------------------------------
STARTED_BENCH=0
if [ -z "$CSMS_URL" ]; then
    STARTED_BENCH=1
    storage=(--db "$WORK/bench.sqlite")
    [ -n "$POSTGRES_URL" ] && storage=(--postgres "$POSTGRES_URL")
    echo "==> starting the bench CSMS (log: $WORK/bench.log)"
    PYTHONPATH="$ROOT/Bench" "$VENV_PYTHON" -m charger_bench serve "${storage[@]}" \
        --ws-port "$WS_PORT" --http-port "$HTTP_PORT" >"$WORK/bench.log" 2>&1 &
    PIDS+=($!)
    wait_for_port "$WS_PORT" "the bench CSMS" "$WORK/bench.log"
    wait_for_port "$HTTP_PORT" "the bench REST API" "$WORK/bench.log"
    CSMS_URL="ws://127.0.0.1:$WS_PORT"
fi

# --- the fleet (and optionally one chargerd) --------------------------------------------------------------
fleet_args=(--fleet BoardConfigs/fleets/emart-jeju.yaml --csms-url "$CSMS_URL" --control-socket "$WORK/fleet.sock")
[ -n "$STATIONS" ] && fleet_args+=(--stations "$STATIONS")
[ "$MANUAL" -eq 1 ] && fleet_args+=(--manual)
echo "==> starting charger-sim (log: $WORK/charger-sim.log)"
"$BIN_DIR/charger-sim" "${fleet_args[@]}" >"$WORK/charger-sim.log" 2>&1 &
PIDS+=($!)
if [ "$RUN_CHARGERD" -eq 1 ]; then
    echo "==> starting chargerd on BoardConfigs/simulator.yaml (log: $WORK/chargerd.log)"
    "$BIN_DIR/chargerd" --config BoardConfigs/simulator.yaml --csms-url "$CSMS_URL" \
        --state-dir "$WORK/chargerd-state" --control-socket "$WORK/chargerd.sock" >"$WORK/chargerd.log" 2>&1 &
    PIDS+=($!)
fi

cat <<EOF

  CSMS (OCPP 2.0.1)   $CSMS_URL/<stationId>
EOF
if [ "$STARTED_BENCH" -eq 1 ]; then
    cat <<EOF
  dashboard           http://localhost:$HTTP_PORT/advanced_dashboard.html
  REST API            http://localhost:$HTTP_PORT/api/chargers
  database            ${POSTGRES_URL:-$WORK/bench.sqlite}
EOF
fi
cat <<EOF
  fleet status        $BIN_DIR/chargerctl --socket $WORK/fleet.sock --station emart_jeju_01 status
  logs                $WORK/*.log
  scenarios, verifier Scripts/scenario.sh [1-5] --ws-port 9100 --http-port 8180; Scripts/verify.sh
                      (the scenarios run their own CSMS and chargers, so not on this bench's ports;
                      or stop this bench first and run Scripts/scenario.sh on the default ones)

Ctrl-C stops everything.
EOF
wait -n "${PIDS[@]}" || true
echo "a component stopped; see the logs in $WORK" >&2
exit 1
