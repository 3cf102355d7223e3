"""Shared fixtures for the tests that drive the built binaries (chargerd, chargerctl, charger-sim) as processes.

Scripts/test.sh runs them after `swift build --build-tests` with CHARGER_BIN_DIR (the SwiftPM bin path),
CHARGER_AGENT_PYTHON (the venv's interpreter) and REPO_ROOT set. Each area keeps its own fixtures in
Tests/Interop/<area>/conftest.py.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(os.environ.get("REPO_ROOT", Path(__file__).resolve().parents[2]))


def _default_bin_dir() -> Path:
    try:
        out = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        return Path(out)
    except (OSError, subprocess.CalledProcessError):
        return REPO_ROOT / ".build" / "debug"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """Where the built executables are; a missing binary is a clear failure, not a skip."""
    directory = Path(os.environ["CHARGER_BIN_DIR"]) if "CHARGER_BIN_DIR" in os.environ else _default_bin_dir()
    if not directory.is_dir():
        pytest.fail(f"no build products in {directory}: run `swift build --build-tests` first")
    return directory


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter with the test requirements (ocpp, websockets, pymodbus…) installed."""
    return os.environ.get("CHARGER_AGENT_PYTHON", sys.executable)


def pick_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    return pick_free_port()
