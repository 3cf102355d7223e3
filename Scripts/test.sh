#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian packages, the Python venv), checks the
# formatting, runs the whole Swift test suite once, drives the built binaries (Tests/Interop, pytest) and fuzzes.
# Works on a fresh Debian 12 machine with the Swift toolchain; a second run skips the installs.
#
# Usage: Scripts/test.sh [--no-lint] [--no-fuzz] [--no-interop] [SWIFT_TEST_ARGS...]
#   e.g. Scripts/test.sh --no-fuzz --filter OCPPTests
# Environment: FUZZ_RUNS (default 200000), FUZZ_SECONDS (default 60 for the frame decoder, 30 for
#   the other targets, whose long runs are reported in the closing notes), SWIFT_TEST_TIMEOUT (default 900 s),
#   SWIFT_BUILD_TIMEOUT (default 1200 s), INTEROP_TIMEOUT (default 1200 s), PYTEST_ARGS (extra pytest arguments).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

# ---------------------------------------------------------------------------------------------------
# Debian packages the tests need. APPEND HERE when a test starts needing another system package
# (the bench tests need postgresql and chromium; the systemd unit test needs systemd-analyze).
TEST_APT_PACKAGES=(
    python3
    python3-venv
    python3-pip
    openssl
    ca-certificates
    libgpiod-dev
    pkg-config
    libmodbus-dev
    libsqlite3-dev
    libyaml-dev
    socat
    postgresql
    chromium
    systemd
    jq
    strace
    binutils
    gcc
    linux-libc-dev
    libnfc-dev
    rauc
    squashfs-tools
)
# ---------------------------------------------------------------------------------------------------

RUN_LINT=1
RUN_FUZZ=1
RUN_INTEROP=1
SWIFT_TEST_ARGS=()
for arg in "$@"; do
    case "$arg" in
    --no-lint) RUN_LINT=0 ;;
    --no-fuzz) RUN_FUZZ=0 ;;
    --no-interop) RUN_INTEROP=0 ;;
    -h | --help)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
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

# --- 3b. the coverage table in docs/ARCHITECTURE.md names tests that exist ----------------------------
begin "coverage table is current (Scripts/coverage-table.py --check)"
if python3 Scripts/coverage-table.py --check; then
    end "coverage table" ok
else
    end "coverage table" FAIL
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
# Built first (so the summary tells build time from test time), then run once without rebuilding.
# The run is bounded: a hung test must fail this script, not eat CI's time.

# The ids of every process below PID (swift test runs the test bundle in a process group of its own, so a
# group kill would miss it, and the bundle in turn starts peers).
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# run_bounded LIMIT LOG CMD...: runs CMD with its output shown and written to LOG; after LIMIT seconds stops
# it and everything it started. Returns CMD's status, or 124 on timeout.
run_bounded() {
    local limit=$1 log=$2 pid tail_pid pids status=0 deadline
    shift 2
    : >"$log"
    "$@" >"$log" 2>&1 &
    pid=$!
    tail -n +1 -f --pid="$pid" "$log" &
    tail_pid=$!
    deadline=$((SECONDS + limit))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            pids="$pid $(descendants "$pid" | tr '\n' ' ')"
            echo "!! still running after ${limit}s; stopping processes $pids" >>"$log"
            # shellcheck disable=SC2086
            kill -TERM $pids 2>/dev/null || true
            sleep 5
            # shellcheck disable=SC2086
            kill -KILL $pids 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            wait "$tail_pid" 2>/dev/null || true
            return 124
        fi
        sleep 1
    done
    wait "$pid" || status=$?
    wait "$tail_pid" 2>/dev/null || true
    return "$status"
}

begin "swift build --build-tests"
if run_bounded "${SWIFT_BUILD_TIMEOUT:-1200}" "$LOG_DIR/swift-build.log" swift build --build-tests; then
    end "swift build" ok
    begin "swift test ${SWIFT_TEST_ARGS[*]:-}"
    status=0
    run_bounded "${SWIFT_TEST_TIMEOUT:-900}" "$LOG_DIR/swift-test.log" \
        swift test --skip-build "${SWIFT_TEST_ARGS[@]}" || status=$?
    if [ "$status" -eq 0 ]; then
        end "swift test" ok
    elif [ "$status" -eq 124 ]; then
        echo "swift test: stopped after ${SWIFT_TEST_TIMEOUT:-900}s (a test hangs?)"
        end "swift test" TIMEOUT
    else
        end "swift test" FAIL
    fi
else
    end "swift build" FAIL
    end "swift test" skip
fi

# --- 6. the built binaries as processes: Tests/Interop (pytest) --------------------------------------
# chargerd, chargerctl and charger-sim against Python peers, the bench CSMS and its scenarios (SQLite and a
# PostgreSQL server the tests start themselves), the dashboard in headless Chromium, the install script.
if [ "$RUN_INTEROP" -eq 1 ] && [ -d Tests/Interop ] && [ "${#FAILED[@]}" -eq 0 ]; then
    begin "interop: pytest Tests/Interop (built binaries)"
    status=0
    CHARGER_BIN_DIR="$(swift build --show-bin-path)" REPO_ROOT="$ROOT" \
        run_bounded "${INTEROP_TIMEOUT:-1200}" "$LOG_DIR/interop.log" \
        "$CHARGER_AGENT_PYTHON" -m pytest -q -p no:cacheprovider Tests/Interop ${PYTEST_ARGS:-} || status=$?
    if [ "$status" -eq 0 ]; then
        end "interop" ok
    elif [ "$status" -eq 124 ]; then
        end "interop" TIMEOUT
    else
        end "interop" FAIL
    fi
else
    end "interop" skip
fi

# --- 7. a short, bounded fuzz of the OCPP-J frame decoder -----------------------------------------
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

# --- 7b. the same bounded fuzz of the control socket's lines and the YAML data files -------------------
for target in control-line board-yaml; do
    if [ "$RUN_FUZZ" -eq 1 ]; then
        begin "fuzz: $target"
        if Fuzz/run-target.sh "$target" --runs "${FUZZ_RUNS:-200000}" --max-seconds "${FUZZ_SECONDS:-30}"; then
            end "fuzz $target" ok
        else
            end "fuzz $target" FAIL
        fi
    else
        end "fuzz $target" skip
    fi
done
# --- 8. a short, bounded fuzz of certificate and CSR parsing (what InstallCertificate/CertificateSigned carry)
if [ "$RUN_FUZZ" -eq 1 ]; then
    begin "fuzz: certificates and CSRs"
    if Fuzz/run-certificates.sh --runs "${FUZZ_RUNS:-200000}" --max-seconds "${FUZZ_SECONDS:-30}"; then
        end "fuzz-certificates" ok
    else
        end "fuzz-certificates" FAIL
    fi
else
    end "fuzz-certificates" skip
fi

# --- summary ----------------------------------------------------------------------------------------
echo
echo "==> summary (logs in .build/test-logs/)"
printf '  %s\n' "${SUMMARY[@]}"
echo "  total                         ${SECONDS}s"
# Repeat the test runners' own closing lines last, so they end the output.
grep -E '^(Test Suite .All tests. (passed|failed)|[[:space:]]*Executed [0-9]+ tests?,|.*Test run with [0-9]+ tests?.*(passed|failed))' \
    "$LOG_DIR/swift-test.log" 2>/dev/null | tail -n 3 || true
grep -E '^[=]* *[0-9]+ (passed|failed)' "$LOG_DIR/interop.log" 2>/dev/null | tail -n 1 || true
if [ "${#FAILED[@]}" -ne 0 ]; then
    echo "FAILED: ${FAILED[*]}"
    exit 1
fi
