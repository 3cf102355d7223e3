# shellcheck shell=bash
# Shared setup for the scripts (Scripts/test.sh, run-sim.sh, scenario.sh, verify.sh, Benchmarks/run.sh):
# Debian packages, the project's Python venv, and where the PostgreSQL server binaries are.
# Source it from a script that has `set -euo pipefail` and has cd'ed to the repository root.

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

# ensure_apt_packages PKG...: installs the Debian packages that are not installed yet.
# A second run, with everything present, costs one `dpkg -s` per package.
ensure_apt_packages() {
    local missing=() pkg status
    for pkg in "$@"; do
        status="$(dpkg -s "$pkg" 2>/dev/null || true)"
        if [[ "$status" != *"Status: install ok installed"* ]]; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    echo "==> installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The venv is built on Debian's python3 (installed above), not on whatever python3 comes first in PATH.
REPO_PYTHON_BASE="${REPO_PYTHON_BASE:-/usr/bin/python3}"
VENV_DIR="${VENV_DIR:-$PWD/.venv}"
VENV_PYTHON="$VENV_DIR/bin/python3"
REQUIREMENTS_FILE="${REQUIREMENTS_FILE:-$PWD/Scripts/requirements-test.txt}"

# ensure_venv: creates .venv if missing (or broken) and installs the pinned requirements; pip runs
# again only when the requirements file (or the base interpreter) changed since the last install.
ensure_venv() {
    local stamp="$VENV_DIR/.requirements.stamp" want
    if [ -d "$VENV_DIR" ] && ! "$VENV_PYTHON" -c 'import sys' >/dev/null 2>&1; then
        echo "==> $VENV_DIR is broken; recreating it"
        rm -rf "$VENV_DIR"
    fi
    if [ ! -x "$VENV_PYTHON" ]; then
        echo "==> creating $VENV_DIR"
        "$REPO_PYTHON_BASE" -m venv "$VENV_DIR"
    fi
    want="$(sha256sum "$REQUIREMENTS_FILE" | cut -d' ' -f1) $("$VENV_PYTHON" -c 'import sys; print(sys.version)')"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    echo "==> installing Python requirements ($REQUIREMENTS_FILE)"
    local attempt
    for attempt in 1 2 3; do
        if "$VENV_PYTHON" -m pip install --disable-pip-version-check --no-input -q -r "$REQUIREMENTS_FILE"; then
            printf '%s\n' "$want" >"$stamp"
            return 0
        fi
        echo "pip install failed (attempt $attempt of 3)" >&2
        sleep $((attempt * 5))
    done
    return 1
}

# postgres_bin_dir: prints the directory holding the PostgreSQL server binaries (initdb, pg_ctl, createdb)
# of the newest version installed: Debian keeps each major version apart (/usr/lib/postgresql/15/bin on
# Debian 12, 17/bin on Debian 13), so no version is assumed. BENCH_PG_BIN overrides the search; `pg_config
# --bindir` is the fallback for other layouts. Fails, saying what to install, when there is none.
postgres_bin_dir() {
    if [ -n "${BENCH_PG_BIN:-}" ]; then
        printf '%s\n' "$BENCH_PG_BIN"
        return 0
    fi
    local dir found=()
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && found+=("$dir")
    done
    if [ "${#found[@]}" -gt 0 ]; then
        printf '%s\n' "${found[@]}" | sort -V | tail -n 1
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
            printf '%s\n' "$dir"
            return 0
        fi
    fi
    echo "error: no PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin: apt-get install postgresql," \
        "or set BENCH_PG_BIN to the directory that has initdb" >&2
    return 1
}
