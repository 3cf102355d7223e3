#!/usr/bin/env bash
# Scripts/scenario.sh [N...] [options]: runs the seed's bench scenarios 1-5 (default), or those named (1-8).
#
# Each run starts its own bench CSMS (scenario 4 stops and restarts it mid-session) and its own chargers
# (charger-sim with the fleet's station ids), so it cannot share a bench that is already running, such as
# the one Scripts/run-sim.sh starts: with the default ports taken it stops and says so (exit 3). Either stop
# that bench first, or run the scenarios beside it on other ports: --ws-port 9100 --http-port 8180.
#
# Options (all of them: python -m charger_bench scenario --help):
#   --ws-port P, --http-port P   the scenarios' CSMS ports (default 9000, 8080; env BENCH_WS_PORT, BENCH_HTTP_PORT)
#   --db FILE | --postgres URL   where the CSMS records (default SQLite .build/bench/charger_db.sqlite;
#                                env BENCH_DB / BENCH_POSTGRES_URL); Scripts/verify.sh reads the same
#   --bin-dir DIR                the built charger-sim and chargerctl (default .build/debug; without them the
#                                bench's Python stations run instead: --backend python)
#   --site-phase-seconds S       scenario 8: how long each phase of the store limit lasts (default 12)
# Installs the project's venv (.venv, pinned Scripts/requirements-test.txt) on first use.
# Exit status: 0 all scenarios completed, 1 one failed, 2 bad arguments, 3 the CSMS ports are taken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
usage_error() {
    echo "error: $1" >&2
    usage >&2
    exit 2
}

# The options that take a value are checked here, before the venv is set up, so a missing one is named at
# once; everything else about them (types, ranges) is argparse's to check.
ws_port="${BENCH_WS_PORT:-9000}"
http_port="${BENCH_HTTP_PORT:-8080}"
wants_help=0
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
    --ws-port | --http-port | --db | --postgres | --fleet | --bin-dir | --backend | --work-dir | \
        --session-seconds | --burst-seconds | --outage-seconds | --linger | --site-phase-seconds)
        if [ $# -lt 2 ] || [[ "$2" == -* ]]; then usage_error "$1 needs a value"; fi
        [ "$1" = --ws-port ] && ws_port="$2"
        [ "$1" = --http-port ] && http_port="$2"
        shift
        ;;
    --ws-port=*) ws_port="${1#*=}" ;;
    --http-port=*) http_port="${1#*=}" ;;
    -h | --help) wants_help=1 ;;
    esac
    shift
done

# A bench already listening on the ports the scenarios' CSMS needs: name it and stop, before anything starts.
port_in_use() { [[ "$1" =~ ^[0-9]+$ ]] && (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# is_bench PORT: whether a bench CSMS answers its health check on that REST port.
# shellcheck disable=SC2016  # $1 is the inner shell's argument, expanded there
is_bench() {
    local reply
    reply="$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"
        printf "GET /api/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
        cat <&3' _ "$1" 2>/dev/null || true)"
    [[ "$reply" == *'"ok": true'* || "$reply" == *'"ok":true'* ]]
}
if [ "$wants_help" -eq 0 ]; then
    busy=()
    for port in "$ws_port" "$http_port"; do
        if port_in_use "$port"; then busy+=("$port"); fi
    done
    if [ "${#busy[@]}" -gt 0 ]; then
        what="something is already listening on port ${busy[*]}"
        if is_bench "$http_port"; then
            what="a bench CSMS is already running on ports $ws_port/$http_port (Scripts/run-sim.sh?)"
        fi
        cat >&2 <<EOF
error: $what.
The scenarios start their own bench CSMS there (scenario 4 stops and restarts it) and their own chargers
with the fleet's station ids, so they cannot run on a bench that is already up. Either:
  - stop that bench first (Ctrl-C in the terminal of Scripts/run-sim.sh), then run Scripts/scenario.sh again, or
  - run the scenarios beside it on free ports:  Scripts/scenario.sh ${args[*]:+${args[*]} }--ws-port 9100 --http-port 8180
Scripts/verify.sh then reads the scenarios' database (.build/bench/charger_db.sqlite unless --db/--postgres).
EOF
        exit 3
    fi
fi

if [ -z "${CHARGER_AGENT_PYTHON:-}" ]; then
    # shellcheck source=Scripts/lib/python-env.sh
    source Scripts/lib/python-env.sh
    ensure_venv >&2
    CHARGER_AGENT_PYTHON="$VENV_PYTHON"
fi
export PYTHONPATH="$PWD/Bench${PYTHONPATH:+:$PYTHONPATH}"
exec "$CHARGER_AGENT_PYTHON" -m charger_bench scenario "${args[@]}"
