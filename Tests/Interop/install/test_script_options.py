"""The scripts' command lines as a newcomer types them: an option without its value, or a bench already running.

Every case here is refused while the arguments are read, before anything is installed, built or started, so
these tests take a fraction of a second and need no build.
"""

import socket
import subprocess
from pathlib import Path

import pytest

# script, option that takes a value
VALUE_OPTIONS = [
    ("run-sim.sh", "--stations"),
    ("run-sim.sh", "--csms-url"),
    ("run-sim.sh", "--ws-port"),
    ("run-sim.sh", "--http-port"),
    ("scenario.sh", "--ws-port"),
    ("scenario.sh", "--db"),
    ("scenario.sh", "--postgres"),
    ("scenario.sh", "--bin-dir"),
    ("scenario.sh", "--site-phase-seconds"),
    ("verify.sh", "--db"),
    ("verify.sh", "--tariff"),
    ("install.sh", "--board"),
    ("install.sh", "--prefix"),
    ("install.sh", "--binary-dir"),
]


def run_script(repo_root: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(repo_root / "Scripts" / script), *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("script,option", VALUE_OPTIONS)
def test_an_option_without_its_value_is_named_with_the_usage(repo_root: Path, script: str, option: str):
    for args in ([option], [option, "--help"]):  # at the end, or followed by another option
        result = run_script(repo_root, script, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert f"error: {option} needs a value" in result.stderr
        assert "unbound variable" not in result.stderr
        assert option in result.stderr.split("needs a value", 1)[1], "the usage follows the error"


def test_run_sim_checks_numbers_and_unknown_options(repo_root: Path):
    result = run_script(repo_root, "run-sim.sh", "--stations", "many")
    assert result.returncode == 2 and "error: --stations needs a positive number, not 'many'" in result.stderr
    result = run_script(repo_root, "run-sim.sh", "--frobnicate")
    assert result.returncode == 2 and "unknown option '--frobnicate'" in result.stderr


@pytest.fixture
def two_busy_ports():
    """Two ports something listens on, as a bench that is already running would."""
    listeners = []
    for _ in range(2):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listeners.append(listener)
    yield [str(listener.getsockname()[1]) for listener in listeners]
    for listener in listeners:
        listener.close()


def test_scenarios_on_the_ports_of_a_running_bench_say_what_to_do(repo_root: Path, two_busy_ports: list[str]):
    ws_port, http_port = two_busy_ports
    result = run_script(repo_root, "scenario.sh", "2", "--ws-port", ws_port, "--http-port", http_port)
    assert result.returncode == 3, result.stderr
    assert f"already listening on port {ws_port} {http_port}" in result.stderr
    assert "stop that bench first" in result.stderr
    assert "--ws-port 9100 --http-port 8180" in result.stderr


def test_run_sim_on_taken_ports_stops_before_building(repo_root: Path, two_busy_ports: list[str]):
    ws_port, http_port = two_busy_ports
    result = run_script(repo_root, "run-sim.sh", "--ws-port", ws_port, "--http-port", http_port)
    assert result.returncode == 3, result.stderr
    assert f"port {ws_port} is already in use" in result.stderr
    assert "building" not in result.stdout
