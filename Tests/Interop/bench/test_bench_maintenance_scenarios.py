"""Scenarios 6 (firmware update of one station) and 7 (GetLog from three) and their verifier checks, end to end
through Scripts/scenario.sh and Scripts/verify.sh, on both backends:
- binaries: the built chargerd on a copy of the simulator board, updated through the bench (manufacturer root
  by InstallCertificate, a signed image downloaded, verified, installed by the simulated installer, chargerd
  restarted on the new version), and three chargerd (the fleet's charger ids) uploading GetLog archives;
- python: the bench's own Python stations (what the bench offers without a build)."""

from __future__ import annotations

import re
import subprocess
import tarfile
from pathlib import Path

import pytest

from bench_support import REPO_ROOT, bench_env, pick_free_port


@pytest.mark.parametrize("backend", ["binaries", "python"])
def test_scenarios_6_and_7_and_their_verifier_checks(python, bin_dir, tmp_path: Path, backend: str) -> None:
    if backend == "binaries" and not (bin_dir / "chargerd").is_file():
        pytest.skip(f"no chargerd in {bin_dir}")
    db_args = ["--db", str(tmp_path / "charger_db.sqlite")]
    env = bench_env({"CHARGER_AGENT_PYTHON": python, "CHARGER_BIN_DIR": str(bin_dir)})
    work = tmp_path / "work"
    done = subprocess.run(
        [str(REPO_ROOT / "Scripts" / "scenario.sh"), "6", "7", *db_args, "--ws-port", str(pick_free_port()),
         "--http-port", str(pick_free_port()), "--work-dir", str(work), "--backend", backend,
         "--bin-dir", str(bin_dir)],
        capture_output=True, text=True, env=env, timeout=600)
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "scenario 6: completed" in done.stdout and "scenario 7: completed" in done.stdout
    # The three logs are on disk, per charger, as uploaded.
    for charger in ("emart_jeju_01", "emart_jeju_02", "emart_shinjeju_01"):
        if backend == "python":
            files = list((work / "uploads" / charger).glob("*.log"))
            assert len(files) == 1 and files[0].read_text().startswith("20"), files
            continue
        # chargerd's DiagnosticsLog archive: its own log lines, the redacted board, the store summary.
        files = list((work / "uploads" / charger).glob(f"{charger}-DiagnosticsLog-*.tar.gz"))
        assert len(files) == 1, files
        with tarfile.open(files[0]) as archive:
            stem = files[0].name[: -len(".tar.gz")]
            names = set(archive.getnames())
            assert {f"{stem}/{n}" for n in ("chargerd.log", "configuration.yaml", "store-summary.json")} <= names
            lines = archive.extractfile(f"{stem}/chargerd.log").read().decode()
            assert lines.startswith("20") and f"station-id={charger}" in lines, lines[:300]
    if backend == "binaries":
        # The updated chargerd restarted on the same state directory and boots on the new version.
        assert (work / "s6-state" / "firmware-version").read_text().strip() == "sim-2.0.0"

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
