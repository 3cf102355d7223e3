#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian packages, the Python venv), checks the
# formatting, runs the whole Swift test suite once, and gives the OCPP-J frame decoder a short fuzz.
# Works on a fresh Debian 12 machine with the Swift toolchain; a second run skips the installs.
#
# Usage: Scripts/test.sh [--no-lint] [--no-fuzz] [SWIFT_TEST_ARGS...]
#   e.g. Scripts/test.sh --no-fuzz --filter OCPPTests
# Environment: FUZZ_RUNS (default 200000), FUZZ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

# ---------------------------------------------------------------------------------------------------
# Debian packages the tests need. APPEND HERE when a test starts needing another system package
# (planned: libmodbus-dev, libgpiod-dev, socat, postgresql, chromium).
TEST_APT_PACKAGES=(
    python3
    python3-venv
    python3-pip
    openssl
    ca-certificates
)
# ---------------------------------------------------------------------------------------------------

RUN_LINT=1
RUN_FUZZ=1
SWIFT_TEST_ARGS=()
for arg in "$@"; do
    case "$arg" in
    --no-lint) RUN_LINT=0 ;;
    --no-fuzz) RUN_FUZZ=0 ;;
    -h | --help)
        sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) SWIFT_TEST_ARGS+=("$arg") ;;
    esac
done

LOG_DIR="$ROOT/.build/test-logs"
mkdir -p "$LOG_DIR"
SUMMARY=()
FAILED=()
step_start=0
begin() {
    step_start=$SECONDS
    echo
    echo "==> $1"
}
# end NAME STATUS: record one step's outcome for the summary.
end() {
    local took=$((SECONDS - step_start))
    SUMMARY+=("$(printf '%-22s %-6s %4ss' "$1" "$2" "$took")")
    if [ "$2" != "ok" ] && [ "$2" != "skip" ]; then
        FAILED+=("$1")
    fi
}

if ! command -v swift >/dev/null 2>&1; then
    echo "error: no swift in PATH; install the Swift 6.3 toolchain first" >&2
    exit 1
fi

# --- 1. system packages and the Python venv ------------------------------------------------------
begin "setup: Debian packages and .venv"
# shellcheck source=Scripts/lib/python-env.sh
source "$ROOT/Scripts/lib/python-env.sh"
ensure_apt_packages "${TEST_APT_PACKAGES[@]}"
ensure_venv
export CHARGER_AGENT_PYTHON="$VENV_PYTHON"
echo "CHARGER_AGENT_PYTHON=$CHARGER_AGENT_PYTHON"
end "setup" ok

# --- 2. the schema validator checks itself -------------------------------------------------------
begin "schema validator self-test"
if "$CHARGER_AGENT_PYTHON" Scripts/validate_schemas.py --self-test; then
    end "validator self-test" ok
else
    end "validator self-test" FAIL
fi

# --- 3. the generated OCPP types match the schemas -------------------------------------------------
if [ -f Scripts/generate-ocpp.py ]; then
    begin "generated OCPP types are up to date (Scripts/generate-ocpp.py --check)"
    schemas="$("$CHARGER_AGENT_PYTHON" -c 'import ocpp, os; print(os.path.join(os.path.dirname(ocpp.__file__), "v201", "schemas"))')"
    if "$CHARGER_AGENT_PYTHON" Scripts/generate-ocpp.py --check --schemas "$schemas"; then
        end "generated code" ok
    else
        end "generated code" FAIL
    fi
fi

# --- 4. formatting --------------------------------------------------------------------------------
if [ "$RUN_LINT" -eq 1 ]; then
    begin "swift format lint --strict (generated code excluded)"
    lint_files=()
    while IFS= read -r -d '' file; do
        lint_files+=("$file")
    done < <(
        dirs=()
        for dir in Sources Tests Benchmarks Fuzz; do [ -d "$dir" ] && dirs+=("$dir"); done
        find "${dirs[@]}" \( -name .build -o -name '.build-*' -o -name '.build_*' -o -name .swiftpm \) -prune \
            -o -path Sources/OCPP/Generated -prune -o -path Tests/OCPPTests/Generated -prune \
            -o -type f -name '*.swift' -print0
        printf '%s\0' Package.swift
    )
    if swift format lint --strict --parallel --recursive --configuration .swift-format "${lint_files[@]}" \
        2>"$LOG_DIR/lint.log"; then
        echo "${#lint_files[@]} files clean"
        end "format lint" ok
    else
        cat "$LOG_DIR/lint.log"
        echo "lint: $(grep -c ': warning:\|: error:' "$LOG_DIR/lint.log" || true) findings in" \
            "$(grep -o '^[^:]*\.swift' "$LOG_DIR/lint.log" | sort -u | wc -l) files" \
            "(fix: swift format --in-place --configuration .swift-format FILE)"
        end "format lint" FAIL
    fi
else
    end "format lint" skip
fi

# --- 5. the Swift test suite: one build, all targets ----------------------------------------------
begin "swift test ${SWIFT_TEST_ARGS[*]:-}"
if swift test "${SWIFT_TEST_ARGS[@]}" 2>&1 | tee "$LOG_DIR/swift-test.log"; then
    end "swift test" ok
else
    end "swift test" FAIL
fi

# --- 6. a short, bounded fuzz of the OCPP-J frame decoder -----------------------------------------
if [ "$RUN_FUZZ" -eq 1 ]; then
    begin "fuzz: OCPP-J frame decoder"
    if Fuzz/run.sh --runs "${FUZZ_RUNS:-200000}" --max-seconds "${FUZZ_SECONDS:-60}"; then
        end "fuzz" ok
    else
        end "fuzz" FAIL
    fi
else
    end "fuzz" skip
fi

# --- summary ----------------------------------------------------------------------------------------
echo
echo "==> summary (logs in .build/test-logs/)"
printf '  %s\n' "${SUMMARY[@]}"
echo "  total                         ${SECONDS}s"
# Repeat the test runners' own closing lines last, so they end the output.
grep -E '^(Test Suite .All tests. (passed|failed)|[[:space:]]*Executed [0-9]+ tests?,|.*Test run with [0-9]+ tests?.*(passed|failed))' \
    "$LOG_DIR/swift-test.log" 2>/dev/null | tail -n 3 || true
if [ "${#FAILED[@]}" -ne 0 ]; then
    echo "FAILED: ${FAILED[*]}"
    exit 1
fi
