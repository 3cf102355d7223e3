"""The build's version (ChargerAgentVersion.current, the one constant to bump per release) is what chargerd,
chargerctl and charger-sim print for --version and what BootNotification reports as firmwareVersion."""

import re
import subprocess


def declared_version(repo_root):
    source = (repo_root / "Sources/ChargerAgent/Version/ChargerAgentVersion.swift").read_text()
    return re.search(r'static let current = "([^"]+)"', source).group(1)


def test_version_flags_print_the_build_version(bin_dir, repo_root):
    version = declared_version(repo_root)
    for program in ("chargerd", "chargerctl", "charger-sim"):
        result = subprocess.run([str(bin_dir / program), "--version"], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == version, (program, result.stdout)


def test_boot_notification_reports_the_build_version(daemon, csms, repo_root):
    daemon.start()
    boot = csms.wait_for(
        lambda e: e.get("action") == "BootNotification" and e.get("direction") == "in" and e.get("type") == "CALL"
    )
    assert boot["payload"]["chargingStation"]["firmwareVersion"] == declared_version(repo_root)
