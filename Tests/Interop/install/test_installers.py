"""The firmware installers of docs/firmware-installers.md run for real: Scripts/installers/install-deb and
install-rauc, called as chargerd calls them (`<installer> <file>`), checked against the documented exit status
and output protocol (a `version=<v>` line; 0 installed, 3 not for this board, 4 the install failed).

install-deb: the .debs are made by Scripts/package-deb.sh from stand-in binaries (test_package_deb's `debs`),
installed by the installer's own dpkg call into a throw-away root (`CHARGERD_DPKG_OPTIONS=--root=...`, which
runs the package's real maintainer scripts chrooted there, where a `systemctl` stand-in records the stop and
start of chargerd.service). The systemd detach (dpkg in a transient unit, so the package's prerm stopping
chargerd.service cannot kill dpkg) goes through a `systemd-run` stand-in on PATH that records its arguments
and runs the command.

install-rauc: the real `rauc` (Debian's package) makes and signs a bundle with an openssl-made CA and checks
it in the installer's `rauc info`; `rauc install` needs a RAUC system service (D-Bus, slots), so a `rauc`
wrapper on PATH hands `info` to the real rauc and records `install` (succeeding or failing as the test says);
`systemd-run` is a stand-in that records the scheduled reboot.
"""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from test_package_deb import debs, dpkg, field, make_root, run, systemctl_calls  # noqa: F401  (debs: fixture)

DEB_NEEDS = os.geteuid() != 0 or shutil.which("dpkg-deb") is None or shutil.which("cc") is None


def stand_in(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def call(installer: Path, file: Path, env: dict, path_first: Path | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.update(env)
    if path_first:
        environment["PATH"] = f"{path_first}:{environment['PATH']}"
    return subprocess.run([str(installer), str(file)], capture_output=True, text=True, env=environment, timeout=300)


def installed_root(tmp_path: Path, old_deb: Path) -> Path:
    """A board with the older chargerd installed and configured (its board file edited, so postinst starts it)."""
    root = make_root(tmp_path, sysusers=False)
    dpkg(root, "--install", str(old_deb))
    board = root / "etc/chargerd/board.yaml"
    board.write_text(board.read_text().replace("CP-SIM-001", "CP-FIELD-042"))
    (root / "var/log/systemctl.calls").unlink()
    return root


def dpkg_options(root: Path) -> str:
    return f"--root={root} --log={root}/var/log/dpkg.log --force-not-root --force-unsafe-io"


@pytest.mark.skipif(DEB_NEEDS, reason="needs root (dpkg --root chroots), dpkg-deb and a C compiler")
def test_install_deb_detached_upgrade_restarts_chargerd_through_systemd(repo_root: Path, debs: dict, tmp_path: Path):
    root = installed_root(tmp_path, debs["old"])
    tools = tmp_path / "tools"
    calls = tmp_path / "systemd-run.calls"
    # A transient unit, run at once: the arguments recorded, then the command after the options.
    stand_in(tools, "systemd-run", f'echo "$*" >> {calls}\nwhile [ "${{1#-}}" != "$1" ]; do shift; done\nexec "$@"\n')
    done = call(repo_root / "Scripts/installers/install-deb", debs["current"],
                {"CHARGERD_DPKG_OPTIONS": dpkg_options(root), "CHARGERD_INSTALL_DETACH": "yes"}, tools)
    assert done.returncode == 0, done.stdout + done.stderr
    version = field(debs["current"], "Version")
    assert done.stdout.splitlines()[-1] == f"version={version}", done.stdout
    unit = calls.read_text().split()
    assert unit[0].startswith("--unit=chargerd-firmware-install-") and "--collect" in unit, unit
    # The package's prerm stopped the running daemon, its postinst started the new one (the board is configured).
    restarts = systemctl_calls(root)
    assert restarts.index("stop chargerd.service") < restarts.index("start chargerd.service"), restarts
    status = dpkg(root, "--status", "chargerd").stdout
    assert "Status: install ok installed" in status and f"Version: {version}" in status


@pytest.mark.skipif(DEB_NEEDS, reason="needs root (dpkg --root chroots), dpkg-deb and a C compiler")
def test_install_deb_direct_install_and_its_failures(repo_root: Path, debs: dict, tmp_path: Path):
    installer = repo_root / "Scripts/installers/install-deb"
    root = installed_root(tmp_path, debs["old"])
    direct = {"CHARGERD_DPKG_OPTIONS": dpkg_options(root), "CHARGERD_INSTALL_DETACH": "no"}
    done = call(installer, debs["current"], direct)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"version={field(debs['current'], 'Version')}"
    assert "start chargerd.service" in systemctl_calls(root)

    # dpkg refusing it (a root without the libraries it depends on): exit 4, and no version= line.
    bare = make_root(tmp_path / "bare", sysusers=False)
    (bare / "var/lib/dpkg/status").write_text("")
    failed = call(installer, debs["current"], {"CHARGERD_DPKG_OPTIONS": dpkg_options(bare),
                                               "CHARGERD_INSTALL_DETACH": "no"})
    assert failed.returncode == 4 and "dpkg could not install" in failed.stderr, failed.stdout + failed.stderr
    assert "version=" not in failed.stdout

    # Another package, another architecture, not a package at all: exit 3, dpkg never runs.
    other = tmp_path / "other"
    (other / "DEBIAN").mkdir(parents=True)
    arch = run("dpkg", "--print-architecture").stdout.strip()
    for name, architecture, expected in (("someone-else", arch, "not a chargerd package"),
                                         ("chargerd", "s390x" if arch != "s390x" else "armhf", "this board is")):
        (other / "DEBIAN/control").write_text(f"Package: {name}\nVersion: 1.0\nArchitecture: {architecture}\n"
                                              "Maintainer: test\nDescription: test\n")
        deb = tmp_path / f"{name}.deb"
        run("dpkg-deb", "--build", "--root-owner-group", str(other), str(deb))
        refused = call(installer, deb, direct)
        assert refused.returncode == 3 and expected in refused.stderr, refused.stderr
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x7fELF not really")
    refused = call(installer, garbage, direct)
    assert refused.returncode == 3 and "no --version" in refused.stderr


def test_install_deb_replaces_a_bare_executable_atomically(repo_root: Path, tmp_path: Path):
    target = tmp_path / "usr/local/bin/chargerd"
    target.parent.mkdir(parents=True)
    target.write_text("#!/bin/sh\necho chargerd 1.0.0\n")
    new = stand_in(tmp_path, "chargerd-2.1.0", "echo chargerd 2.1.0\n")
    done = call(repo_root / "Scripts/installers/install-deb", new, {"CHARGERD_BINARY": str(target)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["installed chargerd 2.1.0", "version=2.1.0"]
    assert subprocess.run([str(target), "--version"], capture_output=True, text=True).stdout == "chargerd 2.1.0\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755 and not Path(f"{target}.new").exists()


# --- install-rauc ------------------------------------------------------------------------------------


def openssl(*arguments: str, cwd: Path) -> None:
    subprocess.run(["openssl", *arguments], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def rauc_bundles(tmp_path_factory) -> dict:
    """A signed bundle (version 4.2.0) and its keyring, a bundle signed by a stranger, and a tampered one."""
    if shutil.which("rauc") is None or shutil.which("mksquashfs") is None:
        pytest.skip("needs Debian's rauc (and squashfs-tools) installed")
    work = tmp_path_factory.mktemp("rauc")
    for who in ("ca", "stranger"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{who}.key", "-out", f"{who}.pem", "-days", "2", "-subj", f"/CN=RAUC test {who}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                cwd=work)
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                f"{who}-signer.key", "-out", f"{who}-signer.csr", "-subj", f"/CN=RAUC signer {who}", cwd=work)
        (work / "signer.ext").write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n")
        openssl("x509", "-req", "-in", f"{who}-signer.csr", "-CA", f"{who}.pem", "-CAkey", f"{who}.key",
                "-CAcreateserial", "-days", "2", "-extfile", "signer.ext", "-out", f"{who}-signer.pem", cwd=work)
    content = work / "content"
    content.mkdir()
    (content / "rootfs.img").write_bytes(os.urandom(64 * 1024))
    (content / "manifest.raucm").write_text(
        "[update]\ncompatible=charger-agent-board\nversion=4.2.0\n\n[bundle]\nformat=plain\n\n"
        "[image.rootfs]\nfilename=rootfs.img\n")
    bundles = {}
    for name, signer in (("good", "ca"), ("stranger", "stranger")):
        bundle = work / f"{name}.raucb"
        done = subprocess.run(["rauc", "bundle", f"--cert={work}/{signer}-signer.pem",
                               f"--key={work}/{signer}-signer.key", str(content), str(bundle)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        bundles[name] = bundle
    tampered = work / "tampered.raucb"
    data = bytearray(bundles["good"].read_bytes())
    data[100] ^= 0xFF  # inside the squashfs image the signature covers
    tampered.write_bytes(bytes(data))
    bundles["tampered"] = tampered
    bundles["keyring"] = work / "ca.pem"
    return bundles


def rauc_tools(tmp_path: Path, install_status: int) -> Path:
    """`rauc` on PATH: `info` (and anything else) is the real rauc; `install` is recorded and ends as told."""
    tools = tmp_path / "tools"
    real = shutil.which("rauc")
    record = tmp_path / "calls"
    stand_in(tools, "rauc", f'for a in "$@"; do [ "$a" = install ] && {{ echo "rauc $*" >> {record}; '
                            f'exit {install_status}; }}; done\nexec {real} "$@"\n')
    stand_in(tools, "systemd-run", f'echo "systemd-run $*" >> {record}\n')
    return tools


def test_install_rauc_checks_the_bundle_installs_and_schedules_the_reboot(repo_root: Path, rauc_bundles: dict,
                                                                         tmp_path: Path):
    tools = rauc_tools(tmp_path, install_status=0)
    env = {"CHARGERD_RAUC_OPTIONS": f"--keyring={rauc_bundles['keyring']}", "CHARGERD_REBOOT_DELAY": "7"}
    done = call(repo_root / "Scripts/installers/install-rauc", rauc_bundles["good"], env, tools)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "bundle charger-agent-board 4.2.0 verified"
    assert done.stdout.splitlines()[-1] == "version=4.2.0"
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[0] == f"rauc --keyring={rauc_bundles['keyring']} install {rauc_bundles['good']}", calls
    assert calls[1].startswith("systemd-run --on-active=7 --unit=chargerd-firmware-reboot") and \
        calls[1].endswith("systemctl reboot"), calls


@pytest.mark.parametrize("bundle", ["stranger", "tampered"])
def test_install_rauc_refuses_a_bundle_rauc_info_does_not_verify(repo_root: Path, rauc_bundles: dict,
                                                                tmp_path: Path, bundle: str):
    tools = rauc_tools(tmp_path, install_status=0)
    env = {"CHARGERD_RAUC_OPTIONS": f"--keyring={rauc_bundles['keyring']}"}
    refused = call(repo_root / "Scripts/installers/install-rauc", rauc_bundles[bundle], env, tools)
    assert refused.returncode == 3 and "not a valid RAUC bundle" in refused.stderr, refused.stdout + refused.stderr
    assert "version=" not in refused.stdout
    assert not (tmp_path / "calls").exists(), "rauc install must not run for a bundle that does not verify"


def test_install_rauc_maps_a_failed_rauc_install_to_exit_4(repo_root: Path, rauc_bundles: dict, tmp_path: Path):
    tools = rauc_tools(tmp_path, install_status=1)
    env = {"CHARGERD_RAUC_OPTIONS": f"--keyring={rauc_bundles['keyring']}"}
    failed = call(repo_root / "Scripts/installers/install-rauc", rauc_bundles["good"], env, tools)
    assert failed.returncode == 4 and "rauc install failed" in failed.stderr
    assert "version=" not in failed.stdout
    assert not any("systemd-run" in line for line in (tmp_path / "calls").read_text().splitlines())
