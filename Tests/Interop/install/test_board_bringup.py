"""The installed daemon on a board whose hardware is missing: it stops at once with an error naming the
device (what an installer sees in `journalctl -u chargerd` before the RS-485 adapter or HAT is fitted)."""

import subprocess
from pathlib import Path


def run_chargerd(bin_dir: Path, board: Path, tmp_path: Path, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(bin_dir / "chargerd"),
            "--config",
            str(board),
            "--state-dir",
            str(tmp_path / "state"),
            "--control-socket",
            str(tmp_path / "control.sock"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )


def test_missing_serial_adapter_is_named(bin_dir: Path, repo_root: Path, tmp_path: Path):
    result = run_chargerd(bin_dir, repo_root / "BoardConfigs/rpi4-sdm630-relay.yaml", tmp_path)
    assert result.returncode == 1
    assert "buses.rs485: serial device /dev/ttyUSB0 not found" in result.stderr, result.stderr
    assert not (tmp_path / "state").exists(), "nothing is created before the hardware is there"


def test_missing_gpiochip_is_named(bin_dir: Path, repo_root: Path, tmp_path: Path):
    result = run_chargerd(bin_dir, repo_root / "BoardConfigs/rpi5-modbus-tcp.yaml", tmp_path)
    assert result.returncode == 1
    assert "evses[0].contactor: GPIO chip gpiochip4 not found" in result.stderr, result.stderr


def test_startup_error_has_journal_priority_under_systemd(bin_dir: Path, repo_root: Path, tmp_path: Path):
    """With stderr being the journal stream (JOURNAL_STREAM names it), the error line carries <3>."""
    log = tmp_path / "stderr.log"
    with open(log, "w") as stderr:
        info = Path(f"/proc/self/fd/{stderr.fileno()}").stat()
        env = {"JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}", "PATH": "/usr/bin:/bin"}
        result = subprocess.run(
            [
                str(bin_dir / "chargerd"),
                "--config",
                str(repo_root / "BoardConfigs/rpi4-sdm630-relay.yaml"),
                "--state-dir",
                str(tmp_path / "state"),
                "--control-socket",
                str(tmp_path / "control.sock"),
            ],
            stderr=stderr,
            timeout=30,
            env=env,
        )
    assert result.returncode == 1
    assert log.read_text().startswith("<3>chargerd: buses.rs485: serial device /dev/ttyUSB0"), log.read_text()
