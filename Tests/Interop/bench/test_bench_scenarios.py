"""Scenarios 1-5 and the verifier end to end (Scripts/scenario.sh, Scripts/verify.sh), on SQLite and on a real
PostgreSQL server, with the dashboard watched in headless Chromium while scenario 3 runs on SQLite."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from bench_support import ARTIFACTS, REPO_ROOT, bench_env, chromium, dashboard, http, pick_free_port, wait_until

def run_scenarios(python: str, bin_dir: Path, backend: str, db_args: list[str], work: Path,
                  watch=None) -> tuple[int, str, int, int]:
    """Runs Scripts/scenario.sh (all five) with `watch(line, http_port)` called for each line of its output."""
    ws_port, http_port = pick_free_port(), pick_free_port()
    env = bench_env({"CHARGER_AGENT_PYTHON": python, "CHARGER_BIN_DIR": str(bin_dir),
                     "BENCH_STATION_BACKEND": backend})
    command = [str(REPO_ROOT / "Scripts" / "scenario.sh"), *db_args, "--ws-port", str(ws_port),
               "--http-port", str(http_port), "--work-dir", str(work)]
    if watch is not None:
        command += ["--linger", "6"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    for line in process.stdout:
        lines.append(line)
        print(line, end="")
        if watch is not None:
            watch(line, http_port)
    process.wait(timeout=600)
    return process.returncode, "".join(lines), ws_port, http_port


def verify(python: str, db_args: list[str]) -> subprocess.CompletedProcess:
    env = bench_env({"CHARGER_AGENT_PYTHON": python})
    done = subprocess.run([str(REPO_ROOT / "Scripts" / "verify.sh"), *db_args], capture_output=True, text=True,
                          env=env, timeout=120)
    print(done.stdout, done.stderr)
    return done


def check_verifier(done: subprocess.CompletedProcess) -> None:
    for n in range(1, 6):
        assert f"PASS - scenario_{n}" in done.stdout, done.stdout
    assert "FAIL" not in done.stdout
    assert done.returncode == 0
    for item in ("connection", "messages", "energy", "cost", "concurrency"):
        assert re.search(rf"\| {item}\s+\|.*\| PASS\s+\|", done.stdout), f"criteria table row {item}: {done.stdout}"


def test_scenarios_and_verifier_on_sqlite_with_the_dashboard_in_chromium(python, bin_dir, station_backend,
                                                                         tmp_path) -> None:
    db_args = ["--db", str(tmp_path / "charger_db.sqlite")]
    seen: dict[str, object] = {}
    errors: list[str] = []

    def during_scenario_3(http_port: int) -> None:
        base = f"http://127.0.0.1:{http_port}"
        try:
            wait_until("three chargers charging", lambda: http("GET", base + "/api/chargers")[1]["result"]
                       ["charging"] == 3 and http("GET", base + "/api/chargers")[1]["result"]["totalPowerKW"] > 200, 60)
            time.sleep(2)
            seen["during"] = dashboard(base)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / "bench-dashboard-scenario3.png"
            chromium(base + "/advanced_dashboard.html", f"--screenshot={shot}")
            seen["screenshot"] = shot
        except AssertionError as error:
            errors.append(str(error))

    def watch(line: str, http_port: int) -> None:
        if "=== scenario 3 ===" in line:
            thread = threading.Thread(target=during_scenario_3, args=(http_port,))
            thread.start()
            seen["thread"] = thread
        if "=== scenario 3: completed ===" in line:
            seen["thread"].join()
            try:
                seen["after"] = dashboard(f"http://127.0.0.1:{http_port}")
            except AssertionError as error:
                errors.append(str(error))

    code, output, _, _ = run_scenarios(python, bin_dir, station_backend, db_args, tmp_path / "work", watch)
    assert code == 0, output[-3000:]
    assert not errors, errors
    during, after = seen["during"], seen["after"]
    assert len(during.rows) == 34 and during.markers == 34
    assert during.with_status("charging") == ["emart_jeju_01", "emart_jeju_02", "emart_shinjeju_01"]
    assert during.total_kw == pytest.approx(250, rel=0.08)
    assert after.with_status("charging") == []
    assert after.total_kw == 0
    assert Path(seen["screenshot"]).stat().st_size > 10_000
    check_verifier(verify(python, db_args))


def test_scenarios_and_verifier_on_postgresql(python, bin_dir, station_backend, postgres_url, tmp_path) -> None:
    db_args = ["--postgres", postgres_url]
    code, output, _, _ = run_scenarios(python, bin_dir, station_backend, db_args, tmp_path / "work")
    assert code == 0, output[-3000:]
    assert "database: charger_db@127.0.0.1" in (tmp_path / "work" / "csms.log").read_text()
    check_verifier(verify(python, db_args))
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM charger_info").fetchone()[0] == 34
        rows = conn.execute("SELECT energy_consumed, cost, duration_seconds FROM charger_usage_log WHERE "
                            "charger_id = 'emart_jeju_01' ORDER BY id LIMIT 1").fetchone()
        assert rows[0] == pytest.approx(1.67, abs=0.2) and rows[1] == pytest.approx(250, abs=10)


def test_verifier_fails_clearly_when_nothing_ran(python, tmp_path) -> None:
    done = verify(python, ["--db", str(tmp_path / "empty.sqlite")])
    assert done.returncode == 1
    for n in range(1, 6):
        assert f"FAIL - scenario_{n}: no run recorded (run Scripts/scenario.sh {n})" in done.stdout
