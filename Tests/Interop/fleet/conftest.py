"""Fixtures for the charger-sim tests: the Python `ocpp` CSMS peer, the simulator, its control socket."""

import json
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

FLEET = "BoardConfigs/fleets/emart-jeju.yaml"


class CSMS:
    """Tests/Peers/ocpp_csms.py as a process: its event lines in a queue, commands on its stdin."""

    def __init__(self, python, repo_root, interval=30):
        self.process = subprocess.Popen(
            [python, str(repo_root / "Tests/Peers/ocpp_csms.py"), "--interval", str(interval)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.events = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()
        listening = self.wait_for(lambda e: e["event"] == "listening", timeout=30)
        self.port = listening["port"]
        self.url = f"ws://127.0.0.1:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                pass

    def next_event(self, timeout):
        event = self.events.get(timeout=timeout)
        self.seen.append(event)
        return event

    def wait_for(self, predicate, timeout, include_seen=False, since=None):
        """The first new event matching `predicate`; with include_seen, the first one seen so far, and with
        since=N, the first one from the N-th seen event on (events read while waiting for something else,
        such as a command's answer, are not missed)."""
        if include_seen or since is not None:
            for event in self.seen[since or 0 :]:
                if predicate(event):
                    return event
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching CSMS event within {timeout} s; last events: {self.seen[-5:]}")
            try:
                event = self.next_event(remaining)
            except queue.Empty:
                continue
            if predicate(event):
                return event

    def position(self, event):
        """Where `event` (this very object, not an equal one) is in `seen`."""
        return next(n for n, seen in enumerate(self.seen) if seen is event)

    def command(self, command, timeout=20):
        tag = f"t{time.monotonic_ns()}"
        self.process.stdin.write(json.dumps({**command, "tag": tag}) + "\n")
        self.process.stdin.flush()
        return self.wait_for(lambda e: e["event"] == "response" and e.get("tag") == tag, timeout)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Simulator:
    """charger-sim as a process, with its stderr kept for failure messages."""

    def __init__(self, bin_dir, repo_root, csms_url, socket_path, *extra, state_dir=None, fleet=None):
        self.socket_path = str(socket_path)
        self.log_path = Path(self.socket_path).with_suffix(".log")
        args = [
            str(bin_dir / "charger-sim"),
            "--fleet", str(fleet or repo_root / FLEET),
            "--csms-url", csms_url,
            "--control-socket", self.socket_path,
            *extra,
        ]
        if state_dir:
            args += ["--state-dir", str(state_dir)]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, cwd=repo_root)

    def logs(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()

    def control(self, cmd, station=None, args=None, timeout=10):
        """One request on the control socket; returns the response object."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.socket_path):
            if self.process.poll() is not None:
                raise AssertionError(f"charger-sim exited with {self.process.returncode}:\n{self.logs()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no control socket at {self.socket_path}:\n{self.logs()[-3000:]}")
            time.sleep(0.05)
        request = {"id": 1, "cmd": cmd, "args": args or {}}
        if station:
            request["station"] = station
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(timeout)
            client.connect(self.socket_path)
            client.sendall((json.dumps(request) + "\n").encode())
            data = b""
            while not data.endswith(b"\n"):
                chunk = client.recv(65536)
                if not chunk:
                    break
                data += chunk
        return json.loads(data)

    def stop(self):
        """SIGTERM, as systemd or a terminal would; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"charger-sim did not stop within 15 s of SIGTERM:\n{self.logs()[-3000:]}")
        self.log.close()
        return self.process.returncode


@pytest.fixture
def csms(python, repo_root):
    peer = CSMS(python, repo_root)
    yield peer
    peer.close()


@pytest.fixture
def simulator(bin_dir, repo_root, tmp_path):
    """A factory: simulator(csms_url, *args) starts charger-sim; every one started is stopped afterwards."""
    started = []
    # Unix socket paths are limited to 108 bytes; pytest's tmp_path can be longer.
    short = Path(f"/tmp/csim-{os.getpid()}-{time.monotonic_ns() % 10**9}")
    short.mkdir()

    def start(csms_url, *args, state_dir=None, fleet=None):
        sim = Simulator(bin_dir, repo_root, csms_url, short / f"control{len(started)}.sock", *args,
                        state_dir=state_dir, fleet=fleet)
        started.append(sim)
        return sim

    yield start
    for sim in started:
        if sim.process.poll() is None:
            sim.process.kill()
            sim.process.wait()
    for child in short.iterdir():
        child.unlink()
    short.rmdir()
