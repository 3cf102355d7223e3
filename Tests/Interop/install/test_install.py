"""Scripts/install.sh into a temporary prefix (twice: idempotent), as a dry run (changes nothing), and the
installed systemd unit checked by `systemd-analyze verify`."""

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

PRODUCTS = ("chargerd", "chargerctl", "charger-sim")


def snapshot(root: Path) -> dict:
    """Every path under root with its mode and, for files, a digest of its contents."""
    result = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        result[str(path.relative_to(root))] = (stat.S_IMODE(info.st_mode), stat.S_IFMT(info.st_mode), digest)
    return result


@pytest.fixture
def binaries(tmp_path: Path) -> Path:
    """Stand-in executables for the three products: the installer is under test, not the binaries."""
    directory = tmp_path / "bin"
    directory.mkdir()
    for name in PRODUCTS:
        script = directory / name
        script.write_text(f"#!/bin/sh\necho {name}\n")
        script.chmod(0o755)
    return directory


def install(repo_root: Path, *arguments: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", str(repo_root / "Scripts" / "install.sh"), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"install.sh {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_install_into_prefix_is_idempotent(repo_root: Path, binaries: Path, tmp_path: Path):
    prefix = tmp_path / "root"
    first = install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix))
    assert "installed chargerd under" in first.stdout

    for name in PRODUCTS:
        installed = prefix / "usr/local/bin" / name
        assert installed.read_bytes() == (binaries / name).read_bytes()
        assert stat.S_IMODE(installed.stat().st_mode) == 0o755
    board = prefix / "etc/chargerd/board.yaml"
    assert board.read_bytes() == (repo_root / "BoardConfigs/simulator.yaml").read_bytes()
    assert stat.S_IMODE(board.stat().st_mode) == 0o640
    assert stat.S_IMODE((prefix / "etc/chargerd").stat().st_mode) == 0o750
    meters = sorted(p.name for p in (prefix / "etc/chargerd/meters").iterdir())
    assert meters == sorted(p.name for p in (repo_root / "BoardConfigs/meters").glob("*.yaml"))
    unit = prefix / "etc/systemd/system/chargerd.service"
    assert unit.read_bytes() == (repo_root / "systemd/chargerd.service").read_bytes()
    assert (prefix / "etc/sysusers.d/chargerd.conf").is_file()
    assert (prefix / "etc/tmpfiles.d/chargerd.conf").is_file()
    rule = (prefix / "etc/udev/rules.d/60-chargerd-gpio.rules").read_text()
    assert 'KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"' in rule

    passwd = (prefix / "etc/passwd").read_text().splitlines()
    assert [line for line in passwd if line.startswith("chargerd:")], passwd
    groups = {line.split(":")[0]: line.split(":")[3].split(",") for line in (prefix / "etc/group").read_text().splitlines()}
    assert "chargerd" in groups["gpio"] and "chargerd" in groups["dialout"], groups

    before = snapshot(prefix)
    second = install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix))
    assert "already installed: nothing changed" in second.stdout, second.stdout
    lines = second.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("installed:", "created:"))], second.stdout
    assert snapshot(prefix) == before
    assert sum(line.startswith("chargerd:") for line in (prefix / "etc/passwd").read_text().splitlines()) == 1


def test_operator_board_file_is_kept(repo_root: Path, binaries: Path, tmp_path: Path):
    prefix = tmp_path / "root"
    install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix))
    board = prefix / "etc/chargerd/board.yaml"
    board.write_text(board.read_text() + "# edited by the operator\n")
    result = install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix))
    assert "# edited by the operator" in board.read_text()
    assert (prefix / "etc/chargerd/board.yaml.new").read_bytes() == (repo_root / "BoardConfigs/simulator.yaml").read_bytes()
    assert "kept:" in result.stdout


def test_dry_run_changes_nothing(repo_root: Path, binaries: Path, tmp_path: Path):
    prefix = tmp_path / "root"
    prefix.mkdir()
    result = install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix), "--dry-run")
    assert list(prefix.iterdir()) == []
    assert "dry run: nothing was changed" in result.stdout
    assert f"would install: {binaries}/chargerd -> {prefix}/usr/local/bin/chargerd" in result.stdout
    assert "would run: systemd-sysusers" in result.stdout

    # A dry run over a complete install reports it unchanged and still touches nothing.
    install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix))
    before = snapshot(prefix)
    again = install(repo_root, "--binary-dir", str(binaries), "--prefix", str(prefix), "--dry-run")
    assert "would install" not in again.stdout and "would run" not in again.stdout, again.stdout
    assert snapshot(prefix) == before


def test_dry_run_on_the_live_system_needs_no_root_and_changes_nothing(repo_root: Path, binaries: Path):
    etc = Path("/etc/chargerd")
    existed = etc.exists()
    result = install(repo_root, "--binary-dir", str(binaries), "--dry-run")
    assert "would install: " + str(binaries / "chargerd") + " -> /usr/local/bin/chargerd" in result.stdout or (
        "unchanged: /usr/local/bin/chargerd" in result.stdout
    )
    assert etc.exists() == existed


def test_bad_arguments_are_named(repo_root: Path, tmp_path: Path):
    result = subprocess.run(
        ["bash", str(repo_root / "Scripts/install.sh"), "--frobnicate"], capture_output=True, text=True
    )
    assert result.returncode != 0 and "--frobnicate" in result.stderr
    result = subprocess.run(
        ["bash", str(repo_root / "Scripts/install.sh"), "--board", str(tmp_path / "nope.yaml"), "--dry-run"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "nope.yaml" in result.stderr


def test_unit_passes_systemd_analyze_verify(repo_root: Path, bin_dir: Path, tmp_path: Path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: apt-get install systemd"
    chargerd = bin_dir / "chargerd"
    assert chargerd.is_file(), f"no chargerd in {bin_dir}"
    unit = (repo_root / "systemd/chargerd.service").read_text()
    assert "ExecStart=/usr/local/bin/chargerd " in unit
    (tmp_path / "chargerd.service").write_text(unit.replace("/usr/local/bin/chargerd", str(chargerd)))
    result = subprocess.run(
        [analyze, "verify", str(tmp_path / "chargerd.service")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SYSTEMD_LOG_COLOR": "0"},
    )
    complaints = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and complaints == "", complaints


def test_unit_verify_catches_a_misspelt_key(tmp_path: Path, repo_root: Path):
    """The check above would notice a broken unit: a typo makes systemd-analyze complain."""
    unit = (repo_root / "systemd/chargerd.service").read_text()
    broken = unit.replace("/usr/local/bin/chargerd", "/bin/true").replace("ProtectSystem=", "ProtectSytem=")
    (tmp_path / "chargerd.service").write_text(broken)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "chargerd.service")], capture_output=True, text=True, timeout=60
    )
    assert "ProtectSytem" in result.stdout + result.stderr


def test_unit_hardening(repo_root: Path):
    unit = (repo_root / "systemd/chargerd.service").read_text().splitlines()
    required = [
        "Type=notify",
        "Restart=on-failure",
        "RestartForceExitStatus=75",
        "User=chargerd",
        "SupplementaryGroups=gpio dialout",
        "StateDirectory=chargerd",
        "RuntimeDirectory=chargerd",
        "ConfigurationDirectory=chargerd",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "DevicePolicy=closed",
        "DeviceAllow=char-gpiochip rw",
        "DeviceAllow=char-ttyUSB rw",
        "DeviceAllow=char-ttyAMA rw",
        "DeviceAllow=char-ttyS rw",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
    ]
    for line in required:
        assert line in unit, line
    assert any(line.startswith("WatchdogSec=") for line in unit)
    assert any("--control-socket /run/chargerd/control.sock" in line for line in unit if line.startswith("ExecStart="))
    assert any(line.startswith("ExecStart=/usr/local/bin/chargerd --config /etc/chargerd/board.yaml") for line in unit)


def test_sysusers_and_tmpfiles_apply_to_a_root(repo_root: Path, tmp_path: Path):
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    subprocess.run(
        ["systemd-sysusers", f"--root={root}", str(repo_root / "systemd/chargerd.sysusers")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["systemd-tmpfiles", f"--root={root}", "--create", str(repo_root / "systemd/chargerd.tmpfiles")],
        check=True,
        capture_output=True,
    )
    assert "chargerd:" in (root / "etc/passwd").read_text()
    for directory, mode in (("var/lib/chargerd", 0o750), ("run/chargerd", 0o750), ("etc/chargerd", 0o750)):
        assert stat.S_IMODE((root / directory).stat().st_mode) == mode, directory
