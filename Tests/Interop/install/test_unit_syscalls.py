"""The unit's SystemCallFilter against what chargerd really calls: chargerd is traced with strace through
a boot against a CSMS, a control-socket request and SIGTERM, and every system call it makes must pass the
unit's allow list (@system-service) and none may fall in its deny list. A new dependency that needs a
filtered call fails here instead of on a board (where the call would get EPERM)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def expand(group: str) -> frozenset:
    """The system calls of a systemd syscall group, nested groups expanded."""
    out = subprocess.run(["systemd-analyze", "syscall-filter", group], capture_output=True, text=True, check=True)
    names = set()
    for line in out.stdout.splitlines():
        token = line.strip()
        if not token or token.startswith("#") or line[:1] not in (" ", "\t"):
            continue
        if token.startswith("@"):
            names |= expand(token)
        elif re.fullmatch(r"[a-z_0-9]+", token):
            names.add(token)
    return frozenset(names)


def unit_filter(unit_text: str) -> tuple[set, set]:
    allowed, denied = set(), set()
    for line in unit_text.splitlines():
        if not line.startswith("SystemCallFilter="):
            continue
        value = line.split("=", 1)[1].strip()
        target = allowed
        if value.startswith("~"):
            target, value = denied, value[1:]
        for item in value.split():
            target |= expand(item) if item.startswith("@") else {item}
    return allowed, denied


def test_chargerd_syscalls_pass_the_unit_filter(bin_dir: Path, repo_root: Path, tmp_path: Path, python: str):
    strace = shutil.which("strace")
    assert strace, "strace is missing: apt-get install strace"
    allowed, denied = unit_filter((repo_root / "systemd/chargerd.service").read_text())
    assert allowed and denied

    csms = subprocess.Popen(
        [python, str(repo_root / "Tests/Peers/ocpp_csms.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    trace = tmp_path / "trace"
    control = tmp_path / "control.sock"
    try:
        port = json.loads(csms.stdout.readline())["port"]
        daemon = subprocess.Popen(
            [
                strace, "-f", "-qq", "-o", str(trace), str(bin_dir / "chargerd"),
                "--config", str(repo_root / "BoardConfigs/simulator.yaml"),
                "--csms-url", f"ws://127.0.0.1:{port}/ocpp",
                "--state-dir", str(tmp_path / "state"),
                "--control-socket", str(control),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not control.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # boot, BootNotification, StatusNotifications
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(str(control))
            client.sendall(b'{"id":1,"cmd":"status"}\n')
            assert b'"ok":true' in client.recv(65536)
        # SIGTERM to chargerd itself (strace's child), as systemd's stop would send it.
        children = Path(f"/proc/{daemon.pid}/task/{daemon.pid}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), signal.SIGTERM)
        assert daemon.wait(timeout=30) == 0
    finally:
        csms.stdin.close()
        csms.terminate()
        csms.wait(timeout=10)

    lines = trace.read_text().splitlines()
    # MemoryDenyWriteExecute=yes: no writable+executable mapping, no mapping made executable later.
    wx = [line for line in lines if re.search(r"\bmmap\(.*PROT_WRITE\|PROT_EXEC|PROT_EXEC\|PROT_WRITE", line)]
    made_executable = [line for line in lines if re.search(r"\b(?:pkey_)?mprotect\(.*PROT_EXEC", line)]
    assert wx == [] and made_executable == [], wx + made_executable

    used = set()
    for line in lines:
        match = re.match(r"^\d+\s+(?:<\.\.\. )?([a-z_0-9]+)[( ]", line)
        if match:
            used.add(match.group(1))
    assert len(used) > 20, f"the trace looks empty: {sorted(used)}"
    # Run as root (as tests are here), SQLite chowns its journal to the database's owner; as the
    # unit's user chargerd it never does, and EPERM would be ignored anyway.
    as_root_only = {"fchown"} if os.geteuid() == 0 else set()
    assert sorted(used - allowed) == [], "calls outside @system-service"
    assert sorted((used & denied) - as_root_only) == [], "calls the unit denies"
