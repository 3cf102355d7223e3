"""Security events (OCPP 2.0.1 A04) end to end: a real chargerd on a simulated board with a tamper input, the
Python `ocpp` CSMS peer, the SQLite security log across kill -9, and maintenance logins on the control socket."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

from conftest import CSMS, Daemon


class CSMSOnPort(CSMS):
    """The CSMS peer listening on a given port (a CSMS that comes back where the station looks for it)."""

    def __init__(self, python, repo_root, port):
        super().__init__(python, repo_root, extra_args=("--port", str(port)))


def security_events(csms):
    """The SecurityEventNotification payloads the CSMS received, in order."""
    with csms.lock:
        return [
            e["payload"]
            for e in csms.lines
            if e.get("event") == "message"
            and e.get("direction") == "in"
            and e.get("type") == "CALL"
            and e.get("action") == "SecurityEventNotification"
        ]


def wait_for_security_event(csms, kind, timeout=60, start=0):
    return csms.wait_for(
        lambda e: e.get("event") == "message"
        and e.get("direction") == "in"
        and e.get("action") == "SecurityEventNotification"
        and e.get("payload", {}).get("type") == kind,
        timeout=timeout,
        start=start,
    )


def board_with_tamper(repo_root, work_dir):
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    assert "\ninputs:" not in text
    board = work_dir / "tamper-board.yaml"
    board.write_text(text + "\ninputs:\n  tamper: simulated\n")
    return board


def start_unaccepted(daemon):
    """Starts chargerd without waiting for the CSMS (which is down): only for its control socket."""
    log = open(daemon.log_path, "a")
    daemon.process = subprocess.Popen(
        [
            str(daemon.bin_dir / "chargerd"),
            "--config",
            str(daemon.board),
            "--csms-url",
            daemon.csms_url,
            "--state-dir",
            daemon.state,
            "--control-socket",
            daemon.socket,
        ],
        cwd=daemon.repo_root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert daemon.process.poll() is None, daemon.log()[-2000:]
        if daemon.ctl("status", "--json", check=False).returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("chargerd's control socket did not answer within 30 s")


def security_log(daemon):
    return json.loads(daemon.ctl("security-log", "--json").stdout)


def test_a04_tamper_event_survives_kill_9_and_an_outage(python, repo_root, bin_dir, work_dir):
    first = CSMS(python, repo_root)
    port = first.port
    daemon = Daemon(bin_dir, repo_root, work_dir, first.url, board_with_tamper(repo_root, work_dir))
    try:
        daemon.start()
        startup = wait_for_security_event(first, "StartupOfTheDevice")["payload"]
        assert startup["techInfo"] == "bootReason=PowerUp"

        first.close()  # the CSMS goes away
        daemon.ctl("sim", "fault", "tamper", "--evse", "1")
        deadline = time.monotonic() + 20
        while True:
            rows = [r for r in security_log(daemon)["entries"] if r["type"] == "TamperDetectionActivated"]
            if rows:
                break
            assert time.monotonic() < deadline, "the tamper input did not reach the security log"
            time.sleep(0.2)
        assert rows[0]["critical"] and not rows[0]["delivered"]
        assert not [e for e in security_events(first) if e["type"] == "TamperDetectionActivated"]

        daemon.process.send_signal(signal.SIGKILL)  # a power cut
        daemon.process.wait(timeout=10)

        start_unaccepted(daemon)  # restarted while the CSMS is still down
        kept = [r for r in security_log(daemon)["entries"] if r["type"] == "TamperDetectionActivated"]
        assert len(kept) == 1 and not kept[0]["delivered"], "the undelivered event survived kill -9"

        second = CSMSOnPort(python, repo_root, port)  # the CSMS is back
        try:
            second.wait_for(lambda e: e.get("action") == "BootNotification", timeout=120)
            tamper = wait_for_security_event(second, "TamperDetectionActivated", timeout=60)
            received = security_events(second)
            types = [e["type"] for e in received]
            assert types.index("StartupOfTheDevice") < types.index("TamperDetectionActivated"), types
            assert types.count("TamperDetectionActivated") == 1, types
            restart = received[types.index("StartupOfTheDevice")]
            assert tamper["payload"]["timestamp"] < restart["timestamp"], "the tamper happened before the restart"
            deadline = time.monotonic() + 20
            while security_log(daemon)["undelivered"] != 0:
                assert time.monotonic() < deadline, security_log(daemon)
                time.sleep(0.2)
        finally:
            second.close()
    finally:
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()
        first.close()


def test_a04_maintenance_logins_on_the_control_socket(daemon, csms):
    daemon.start()  # chargerctl (as root, the daemon's user) polled the socket: one maintenance session
    accepted = wait_for_security_event(csms, "MaintenanceLoginAccepted")["payload"]
    assert f"uid={os.geteuid()}" in accepted["techInfo"]

    # A technician empties the log: the station records SecurityLogWasCleared and tells the CSMS.
    cleared = json.loads(daemon.ctl("security-log", "--clear", "--json").stdout)
    assert [row["type"] for row in cleared["entries"]] == ["SecurityLogWasCleared"], cleared
    wait_for_security_event(csms, "SecurityLogWasCleared")

    if os.geteuid() != 0:
        return  # a refused login needs another user; only root can be one here
    # An admin loosened the socket's mode: the kernel lets `nobody` connect, the daemon refuses it.
    os.chmod(daemon.socket, 0o666)
    os.chmod(os.path.dirname(daemon.socket), 0o711)  # the test's private directory, so nobody can reach the socket
    client = (
        "import socket,sys\n"
        "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
        "s.sendall(b'{\"id\":1,\"cmd\":\"status\"}\\n')\n"
        "print(s.makefile().readline())\n"
    )
    result = subprocess.run(
        ["/usr/bin/python3", "-c", client, daemon.socket], user=65534, group=65534, capture_output=True, text=True,
        timeout=30, cwd="/",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["error"]["code"] == "refused", answer
    failed = wait_for_security_event(csms, "MaintenanceLoginFailed")["payload"]
    assert "uid=65534" in failed["techInfo"]
    rows = [r for r in security_log(daemon)["entries"] if r["type"] == "MaintenanceLoginFailed"]
    assert rows and rows[-1]["critical"]
