"""The control socket as any client sees it: NDJSON, mode 0660, bad input answered, exit codes of chargerctl."""

import json
import os
import socket
import stat


def talk(path, lines):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(10)
        client.connect(path)
        client.sendall("".join(line + "\n" for line in lines).encode())
        data = b""
        while data.count(b"\n") < len(lines):
            chunk = client.recv(65536)
            if not chunk:
                break
            data += chunk
        return [json.loads(line) for line in data.decode().splitlines()]


def test_socket_mode_protocol_and_bad_lines(daemon):
    daemon.start()
    mode = os.stat(daemon.socket).st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o660
    answers = talk(
        daemon.socket,
        [
            "this is not json",
            json.dumps({"id": 2, "cmd": "status"}),
            json.dumps({"id": 3, "cmd": "reboot-the-world"}),
            json.dumps({"id": 4, "cmd": "stations"}),
            json.dumps({"id": 5, "cmd": "status", "station": "nobody"}),
            json.dumps({"id": 6, "cmd": "sim", "args": {"action": "fault", "kind": "gremlins", "evse": 1}}),
            json.dumps({"id": 7, "cmd": "meter", "args": {"evse": 9}}),
        ],
    )
    assert [a["ok"] for a in answers] == [False, True, False, True, False, False, False]
    assert answers[0]["error"]["code"] == "bad-request"
    assert answers[1]["id"] == 2 and answers[1]["result"]["station"]["id"] == "CP-SIM-001"
    assert answers[2]["error"]["code"] == "unknown-command"
    assert answers[3]["result"] == {"stations": ["CP-SIM-001"]}
    assert answers[4]["error"]["code"] == "unknown-station"
    assert answers[5]["error"]["code"] == "bad-arguments" and "meter-timeout" in answers[5]["error"]["message"]
    assert answers[6]["error"]["code"] == "bad-arguments"
    # The daemon is still fine.
    assert daemon.status()["station"]["registration"] == "Accepted"


def test_meter_read_and_a_passing_selftest(daemon):
    daemon.start()
    meter = json.loads(daemon.ctl("meter", "read", "--json").stdout)
    assert [e["id"] for e in meter["evses"]] == [1, 2]
    assert all(e["ok"] and e["voltageV"]["l1"] == 230 for e in meter["evses"])
    one = json.loads(daemon.ctl("meter", "read", "--evse", "2", "--json").stdout)
    assert [e["id"] for e in one["evses"]] == [2]
    selftest = daemon.ctl("selftest", "--evse", "2")
    assert "self-test passed" in selftest.stdout and "contactor close" in selftest.stdout


def test_exit_codes(daemon, ctl, work_dir):
    absent = ctl(["--socket", str(work_dir / "absent.sock"), "status"], check=False)
    assert absent.returncode == 3 and "systemctl status chargerd" in absent.stderr
    usage = ctl(["status", "--no-such-flag"], check=False)
    assert usage.returncode == 2
    bad_kind = ctl(["sim", "fault", "gremlins", "--evse", "1"], check=False)
    assert bad_kind.returncode == 2 and "meter-timeout" in bad_kind.stderr
    daemon.start()
    refused = daemon.ctl("sim", "plug", "--evse", "7", check=False)
    assert refused.returncode == 1 and "no simulated EVSE 7" in refused.stderr
    daemon.ctl("sim", "plug", "--evse", "1")
    twice = daemon.ctl("sim", "plug", "--evse", "1", check=False)
    assert twice.returncode == 1 and "already" in twice.stderr


def test_the_socket_file_is_removed_on_sigterm_and_a_stale_one_replaced(daemon):
    daemon.start()
    assert daemon.stop() == 0
    assert not os.path.exists(daemon.socket)
    # A socket file left behind (as after kill -9) does not stop the next start.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(daemon.socket)
    stale.close()
    daemon.start()
    assert daemon.status()["station"]["link"] == "connected"


def test_meter_read_watch_prints_a_reading_every_second(daemon):
    import subprocess
    import time

    daemon.start()
    watcher = subprocess.Popen(
        [str(daemon.bin_dir / "chargerctl"), "--socket", daemon.socket, "meter", "read", "--watch", "--json"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [watcher.stdout.readline() for _ in range(3)]
    finally:
        watcher.terminate()
        watcher.wait(timeout=5)
    readings = [json.loads(line) for line in lines]
    assert all(len(r["evses"]) == 2 and r["evses"][0]["ok"] for r in readings)
    stamps = [r["evses"][0]["timestamp"] for r in readings]
    assert len(set(stamps)) == 3, stamps


def test_a_socket_that_cannot_be_opened_does_not_stop_the_station(daemon, csms, work_dir):
    blocker = work_dir / "not-a-directory"
    blocker.write_text("")
    daemon.socket = str(blocker / "control.sock")
    daemon.process = None
    import subprocess

    log = open(daemon.log_path, "a")
    daemon.process = subprocess.Popen(
        [str(daemon.bin_dir / "chargerd"), "--config", str(daemon.board), "--csms-url", daemon.csms_url,
         "--state-dir", daemon.state, "--control-socket", daemon.socket],
        stdout=log, stderr=subprocess.STDOUT,
    )
    boot = csms.wait_for(lambda e: e.get("action") == "BootNotification" and e.get("direction") == "out")
    assert boot["payload"]["status"] == "Accepted"
    assert daemon.process.poll() is None
    assert daemon.stop() == 0
    assert "control socket unavailable" in daemon.log()
