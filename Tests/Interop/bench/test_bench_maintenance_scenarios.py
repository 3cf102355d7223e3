"""Scenarios 6 (firmware update of one station) and 7 (GetLog from three) and their verifier checks, end to end
through Scripts/scenario.sh and Scripts/verify.sh.

They run on the bench's Python stations here (BENCH_STATION_BACKEND=python): against the built binaries they need
the station side of issue 16 (UpdateFirmware with the simulator board's installer, GetLog), which another branch
builds; with BENCH_STATION_BACKEND=binaries they run against chargerd / charger-sim as they are."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from bench_support import REPO_ROOT, bench_env, pick_free_port


def test_scenarios_6_and_7_and_their_verifier_checks(python, bin_dir, tmp_path: Path) -> None:
    backend = os.environ.get("BENCH_MAINTENANCE_BACKEND", "python")
    db_args = ["--db", str(tmp_path / "charger_db.sqlite")]
    env = bench_env({"CHARGER_AGENT_PYTHON": python, "CHARGER_BIN_DIR": str(bin_dir),
                     "BENCH_STATION_BACKEND": backend})
    work = tmp_path / "work"
    done = subprocess.run(
        [str(REPO_ROOT / "Scripts" / "scenario.sh"), "6", "7", *db_args, "--ws-port", str(pick_free_port()),
         "--http-port", str(pick_free_port()), "--work-dir", str(work)],
        capture_output=True, text=True, env=env, timeout=600)
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "scenario 6: completed" in done.stdout and "scenario 7: completed" in done.stdout
    # The three logs are on disk, per charger, as uploaded.
    for charger in ("emart_jeju_01", "emart_jeju_02", "emart_shinjeju_01"):
        files = list((work / "uploads" / charger).glob("*.log"))
        assert len(files) == 1 and files[0].read_text().startswith(f"20"), files

    verified = subprocess.run([str(REPO_ROOT / "Scripts" / "verify.sh"), "6", "7", *db_args], capture_output=True,
                              text=True, env=bench_env({"CHARGER_AGENT_PYTHON": python}), timeout=120)
    print(verified.stdout, verified.stderr)
    assert "PASS - scenario_6" in verified.stdout and "PASS - scenario_7" in verified.stdout, verified.stdout
    assert verified.returncode == 0
    assert re.search(r"\| firmware\s+\|.*\| PASS\s+\| sim-2\.0\.0: Downloading > Downloaded > SignatureVerified > "
                     r"Installing > InstallRebooting > Installed", verified.stdout), verified.stdout
    assert re.search(r"\| logs\s+\|.*\| PASS\s+\| 3/3", verified.stdout), verified.stdout


def test_the_verifier_fails_scenario_6_when_the_run_is_missing(python, tmp_path: Path) -> None:
    done = subprocess.run([str(REPO_ROOT / "Scripts" / "verify.sh"), "6", "--db", str(tmp_path / "empty.sqlite")],
                          capture_output=True, text=True, env=bench_env({"CHARGER_AGENT_PYTHON": python}), timeout=120)
    assert "FAIL - scenario_6: no run recorded" in done.stdout, done.stdout
    assert done.returncode == 1
