"""chargerctl diag against the running daemon (healthy, then each injected fault failing its own check with
its hint) and with the daemon stopped (probing the board directly)."""

import json
import time

import pytest


def diag(daemon):
    result = daemon.ctl("diag", "--json", check=False)
    report = json.loads(result.stdout)
    return result.returncode, {c["id"]: c for c in report["checks"]}, report


def wait_for_failed_check(daemon, check_id, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        code, checks, report = diag(daemon)
        if checks.get(check_id, {}).get("status") == "fail" or time.monotonic() > deadline:
            return code, checks, report
        time.sleep(0.3)


def test_a_healthy_simulated_board_passes_every_check(daemon):
    daemon.start()
    code, checks, report = diag(daemon)
    assert code == 0, report
    assert report["passed"] is True and report["source"] == "daemon"
    assert {c["status"] for c in checks.values()} == {"pass"}, [c for c in checks.values() if c["status"] != "pass"]
    for expected in ["config", "clock", "gpio", "meter.evse1", "meter.evse2", "contactor.evse1", "csms.dns",
                     "csms.tcp", "csms.websocket", "certificate", "state-dir", "store", "emergency-stop"]:
        assert expected in checks, expected
    human = daemon.ctl("diag").stdout
    assert "all checks passed" in human and "\x1b[" not in human  # no colour when stdout is not a terminal


# (fault kind, plug a vehicle first, run a self-test first, the check that must fail, words from its hint)
FAULTS = [
    ("meter-timeout", False, False, "meter.evse1", "does not answer"),
    ("meter-garbage", False, False, "meter.evse1", "garbage"),
    ("meter-comm-failure", False, False, "meter.evse1", "bus failed"),
    ("meter-implausible", False, False, "meter.evse1", "cannot be real"),
    ("contactor-welded", False, True, "contactor.evse1", "WELDED"),
    ("contactor-stuck-open", False, True, "contactor.evse1", "does not follow"),
    ("contactor-stuck-closed", False, True, "contactor.evse1", "WELDED"),
    ("contactor-feedback-lost", False, False, "contactor.evse1", "feedback"),
    ("ev-error", True, False, "faults.evse1", "pilot"),
    ("emergency-stop", False, False, "emergency-stop", "release"),
]


@pytest.mark.parametrize("kind,plug,selftest,check_id,hint", FAULTS, ids=[f[0] for f in FAULTS])
def test_each_injected_fault_fails_its_check_with_a_hint(daemon, kind, plug, selftest, check_id, hint):
    daemon.start()
    if plug:
        daemon.ctl("sim", "plug", "--evse", "1")
    daemon.ctl("sim", "fault", kind, "--evse", "1")
    if selftest:
        failed = daemon.ctl("selftest", "--evse", "1", check=False)
        assert failed.returncode == 1, failed.stdout + failed.stderr
        assert "FAIL" in failed.stdout
    code, checks, report = wait_for_failed_check(daemon, check_id)
    assert code == 1, report
    assert checks[check_id]["status"] == "fail", checks[check_id]
    assert hint in checks[check_id]["hint"], checks[check_id]
    if kind == "contactor-feedback-lost":
        # The EVSE is Faulted, and its latched fault is named too, with the contactor's hint.
        faults = wait_for_failed_check(daemon, "faults.evse1")[1]["faults.evse1"]
        assert "contactor-feedback-unavailable" in faults["detail"] and "feedback wiring" in faults["hint"], faults
    # Only the matching part fails: the other EVSE's meter and contactor still pass.
    assert checks["meter.evse2"]["status"] == "pass"
    assert checks["contactor.evse2"]["status"] == "pass"
    human = daemon.ctl("diag", check=False)
    assert human.returncode == 1 and "hint: " in human.stdout and "check(s) failed" in human.stdout
    # Cleared (and, for the contactor, a passing self-test), the board is healthy again.
    daemon.ctl("sim", "clear", "--evse", "1")
    if plug:
        daemon.ctl("sim", "unplug", "--evse", "1")
    if selftest:
        daemon.ctl("selftest", "--evse", "1")
    deadline = time.monotonic() + 10
    while True:
        code, checks, report = diag(daemon)
        if code == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert code == 0, [c for c in checks.values() if c["status"] != "pass"]


def test_with_the_daemon_stopped_diag_probes_the_board_directly(daemon, repo_root, bin_dir):
    daemon.start()
    daemon.stop()
    result = daemon.ctl("diag", "--json", "--config", str(daemon.board), "--state-dir", daemon.state, check=False)
    report = json.loads(result.stdout)
    checks = {c["id"]: c for c in report["checks"]}
    assert report["source"] == "direct"
    # Stopped, the CSMS URL is the board's (127.0.0.1:9000 with nobody there): TCP fails with its hint…
    assert checks["csms.tcp"]["status"] == "fail" and "port" in checks["csms.tcp"]["hint"]
    assert result.returncode == 1
    # …while the hardware, store and disk checks pass.
    for check_id in ["config", "meter.evse1", "meter.evse2", "contactor.evse1", "store", "state-dir", "gpio"]:
        assert checks[check_id]["status"] == "pass", checks[check_id]


def test_without_daemon_or_board_diag_exits_3_naming_the_socket(ctl, work_dir):
    socket = str(work_dir / "absent.sock")
    result = ctl(["--socket", socket, "diag"], check=False)
    assert result.returncode == 3
    assert socket in result.stderr and "systemctl status chargerd" in result.stderr


def test_a_broken_board_file_fails_the_config_check(ctl, work_dir):
    board = work_dir / "board.yaml"
    board.write_text("station:\n  id: X\n")
    result = ctl(["--socket", str(work_dir / "absent.sock"), "diag", "--config", str(board)], check=False)
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "Board file valid" in result.stdout and "hint:" in result.stdout


def test_direct_diag_walks_dns_tcp_and_the_websocket_upgrade_to_a_live_csms(ctl, repo_root, work_dir, csms):
    board = work_dir / "board.yaml"
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    board.write_text(text.replace("url: ws://127.0.0.1:9000/ocpp", f"url: {csms.url}"))
    (work_dir / "state").mkdir()
    result = ctl(["--socket", str(work_dir / "absent.sock"), "diag", "--json", "--config", str(board),
                  "--state-dir", str(work_dir / "state")], check=False)
    checks = {c["id"]: c for c in json.loads(result.stdout)["checks"]}
    assert result.returncode == 0, [c for c in checks.values() if c["status"] != "pass"]
    assert checks["csms.dns"]["status"] == "pass"
    assert checks["csms.tcp"]["status"] == "pass"
    assert checks["csms.websocket"]["status"] == "pass" and "ocpp2.0.1" in checks["csms.websocket"]["detail"]
    # The probe really upgraded, with the station's identity in the path.
    connected = csms.wait_for(lambda e: e.get("event") == "connected", timeout=5)
    assert connected["stationId"] == "CP-SIM-001" and connected["subprotocol"] == "ocpp2.0.1"
