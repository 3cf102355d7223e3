"""The built chargerd as systemd runs it (Type=notify, WatchdogSec=): a notify socket of our own receives
READY=1, STATUS= with the registration, periodic WATCHDOG=1, and STOPPING=1 on SIGTERM."""

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest


@pytest.fixture
def csms(python: str, repo_root: Path):
    peer = subprocess.Popen(
        [python, str(repo_root / "Tests/Peers/ocpp_csms.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = peer.stdout.readline()
    port = json.loads(line)["port"]
    yield port
    peer.stdin.close()
    peer.terminate()
    peer.wait(timeout=10)


def receive_until(sock: socket.socket, wanted: str, timeout: float) -> list[str]:
    """Datagram lines until one equals `wanted` or `timeout` passes."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            break
        lines += data.decode().split("\n")
        if wanted in lines:
            break
    return lines


def test_chargerd_notifies_systemd(bin_dir: Path, repo_root: Path, tmp_path: Path, csms: int):
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    address = "\0chargerd-test-" + os.urandom(4).hex()  # abstract, as NOTIFY_SOCKET=@... names it
    notify.bind(address)
    env = {
        **os.environ,
        "NOTIFY_SOCKET": "@" + address[1:],
        "WATCHDOG_USEC": "400000",
    }
    daemon = subprocess.Popen(
        [
            str(bin_dir / "chargerd"),
            "--config",
            str(repo_root / "BoardConfigs/simulator.yaml"),
            "--csms-url",
            f"ws://127.0.0.1:{csms}/ocpp",
            "--state-dir",
            str(tmp_path / "state"),
            "--control-socket",
            str(tmp_path / "control.sock"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready = receive_until(notify, "READY=1", 20)
        assert "READY=1" in ready, ready
        accepted = receive_until(notify, "STATUS=CSMS link up, registration Accepted", 20)
        assert "STATUS=CSMS link up, registration Accepted" in ready + accepted
        window = receive_until(notify, "never", 1.5)
        assert window.count("WATCHDOG=1") >= 3, window  # every 200 ms
        daemon.send_signal(signal.SIGTERM)
        stopping = receive_until(notify, "STOPPING=1", 10)
        assert "STOPPING=1" in stopping, stopping
        assert daemon.wait(timeout=20) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
        notify.close()
