#!/usr/bin/env bash
# Scripts/verify.sh [N...] [options]: checks what Scripts/scenario.sh recorded and prints PASS/FAIL per scenario.
#
# Options (all of them: python -m charger_bench verify --help):
#   --db FILE | --postgres URL   the database the scenarios recorded into (default SQLite
#                                .build/bench/charger_db.sqlite; env BENCH_DB / BENCH_POSTGRES_URL)
#   --tariff PRICE               price per kWh the costs are checked against (default 150)
# Installs the project's venv (.venv, pinned Scripts/requirements-test.txt) on first use.
# Exit status: 0 every scenario passed, 1 one failed, 2 bad arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# The options that take a value are checked before the venv is set up, so a missing one is named at once.
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
    --db | --postgres | --tariff)
        if [ $# -lt 2 ] || [[ "$2" == -* ]]; then
            echo "error: $1 needs a value" >&2
            usage >&2
            exit 2
        fi
        shift
        ;;
    esac
    shift
done

if [ -z "${CHARGER_AGENT_PYTHON:-}" ]; then
    # shellcheck source=Scripts/lib/python-env.sh
    source Scripts/lib/python-env.sh
    ensure_venv >&2
    CHARGER_AGENT_PYTHON="$VENV_PYTHON"
fi
export PYTHONPATH="$PWD/Bench${PYTHONPATH:+:$PYTHONPATH}"
exec "$CHARGER_AGENT_PYTHON" -m charger_bench verify "${args[@]}"
