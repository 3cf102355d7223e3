"""Fixtures for the chargerd + chargerctl tests: the Python `ocpp` CSMS peer, the daemon, the CLI."""

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest


class CSMS:
    """Tests/Peers/ocpp_csms.py as a process: every event line kept, commands on its stdin."""

    def __init__(self, python, repo_root, interval=30, extra_args=()):
        self.process = subprocess.Popen(
            [python, str(repo_root / "Tests/Peers/ocpp_csms.py"), "--interval", str(interval), *extra_args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self.wait_for(lambda e: e["event"] == "listening", timeout=30)["port"]
        tls = "--tls-cert" in extra_args
        self.url = f"{'wss' if tls else 'ws'}://{'localhost' if tls else '127.0.0.1'}:{self.port}/ocpp"

    def _read(self):
        for line in self.process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self.lock:
                self.lines.append(event)
                self.lock.notify_all()

    def wait_for(self, predicate, timeout=30, start=0):
        """The first event at index ≥ `start` matching `predicate`."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for event in self.lines[start:]:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching CSMS event within {timeout} s; last: {self.lines[-5:]}")
                self.lock.wait(remaining)

    def mark(self):
        with self.lock:
            return len(self.lines)

    def send(self, command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def transaction_events(self):
        """The TransactionEvent requests the CSMS received, in order."""
        with self.lock:
            return [
                e["payload"]
                for e in self.lines
                if e.get("event") == "message"
                and e.get("direction") == "in"
                and e.get("type") == "CALL"
                and e.get("action") == "TransactionEvent"
            ]

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Daemon:
    """One chargerd process; `start()` again after a stop models a restart on the same state directory."""

    def __init__(self, bin_dir, repo_root, work, csms_url, board):
        self.bin_dir = bin_dir
        self.repo_root = repo_root
        self.work = work
        self.csms_url = csms_url
        self.board = board
        self.socket = str(work / "control.sock")
        self.state = str(work / "state")
        self.process = None
        self.log_path = work / "chargerd.log"

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [
                str(self.bin_dir / "chargerd"),
                "--config",
                str(self.board),
                "--csms-url",
                self.csms_url,
                "--state-dir",
                self.state,
                "--control-socket",
                self.socket,
            ],
            cwd=self.repo_root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        result = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"chargerd exited with {self.process.returncode}: {self.log()[-2000:]}")
            result = self.ctl("status", "--json", check=False)
            if result.returncode == 0 and json.loads(result.stdout)["station"]["registration"] == "Accepted":
                return self
            time.sleep(0.2)
        # What the control socket last said, so a failure here tells the socket from the registration apart.
        last = f"exit {result.returncode}: {result.stdout[-500:]} {result.stderr[-500:]}" if result else "no answer"
        raise AssertionError(f"chargerd not Accepted within 30 s (last chargerctl status: {last}): {self.log()[-2000:]}")

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("chargerd did not stop within %d s of %s" % (timeout, sig))

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def ctl(self, *args, check=True, env=None):
        return run_ctl(self.bin_dir, ["--socket", self.socket, *args], check=check, env=env)

    def status(self):
        return json.loads(self.ctl("status", "--json").stdout)


def run_ctl(bin_dir, args, check=True, env=None, timeout=60):
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment["COLUMNS"] = "100"
    if env:
        environment.update(env)
    result = subprocess.run(
        [str(bin_dir / "chargerctl"), *args], capture_output=True, text=True, env=environment, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"chargerctl {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def ctl(bin_dir):
    """Runs the built chargerctl: ctl(["--socket", path, "status"], check=False)."""

    def run(args, check=True, env=None):
        return run_ctl(bin_dir, args, check=check, env=env)

    return run


@pytest.fixture
def work_dir():
    # A short path: a Unix socket path must fit in 108 bytes.
    with tempfile.TemporaryDirectory(prefix="ctl-", dir="/tmp") as directory:
        yield Path(directory)


@pytest.fixture
def csms(python, repo_root):
    peer = CSMS(python, repo_root)
    yield peer
    peer.close()


@pytest.fixture
def make_daemon(bin_dir, repo_root, work_dir, csms):
    """A chargerd on another board file, against the test CSMS; killed at the end if still running."""
    made = []

    def make(board):
        instance = Daemon(bin_dir, repo_root, work_dir, csms.url, board)
        made.append(instance)
        return instance

    yield make
    for instance in made:
        if instance.process is not None and instance.process.poll() is None:
            instance.process.kill()
            instance.process.wait()


@pytest.fixture
def daemon(bin_dir, repo_root, work_dir, csms):
    instance = Daemon(bin_dir, repo_root, work_dir, csms.url, repo_root / "BoardConfigs/simulator.yaml")
    yield instance
    if instance.process is not None and instance.process.poll() is None:
        instance.process.kill()
        instance.process.wait()
