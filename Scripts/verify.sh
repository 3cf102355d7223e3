#!/usr/bin/env bash
# Scripts/verify.sh [N...] [options]: the bench's verify step (python -m charger_bench verify --help for options).
# Installs the project's venv (.venv, pinned Scripts/requirements-test.txt) on first use.
# Database: SQLite .build/bench/charger_db.sqlite unless --db FILE or --postgres URL (env BENCH_DB / BENCH_POSTGRES_URL).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${CHARGER_AGENT_PYTHON:-}" ]; then
    # shellcheck source=lib/python-env.sh
    source Scripts/lib/python-env.sh
    ensure_venv >&2
    CHARGER_AGENT_PYTHON="$VENV_PYTHON"
fi
export PYTHONPATH="$PWD/Bench${PYTHONPATH:+:$PYTHONPATH}"
exec "$CHARGER_AGENT_PYTHON" -m charger_bench verify "$@"
