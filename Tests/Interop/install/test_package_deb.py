"""Scripts/package-deb.sh: the .deb's contents (`dpkg-deb -c`, `-I`) and its maintainer scripts through
install, upgrade over an older version, remove and purge.

The binaries are stand-ins: a small ELF compiled here that links the same four C libraries chargerd does
(SQLite, libyaml, libmodbus, libgpiod), so Depends is worked out from a real binary's needs; the packager
is under test, not chargerd. Installs go into a throw-away root with `dpkg --root`, which runs the
maintainer scripts chrooted into it (this machine's / is never touched): a minimal root holding copies of
the tools the scripts call (sh, coreutils, systemd-sysusers or the shadow tools, systemd-tmpfiles) with
their libraries, a dpkg database listing the libraries as installed, `/run/systemd/system` so the scripts
take the running-systemd branch, and a `systemctl` stand-in that records its calls.
"""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("dpkg-deb") is None or shutil.which("cc") is None,
    reason="needs root (dpkg --root chroots into the throw-away root), dpkg-deb and a C compiler",
)

LIBRARIES = ("libsqlite3-0", "libyaml-0-2", "libmodbus5", "libgpiod2")
STAND_IN = r"""
#include <gpiod.h>
#include <modbus.h>
#include <sqlite3.h>
#include <stdio.h>
#include <yaml.h>
int main(void) {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    printf("%s %s %s\n", sqlite3_libversion(), gpiod_version_string(), LIBMODBUS_VERSION_STRING);
    modbus_free(modbus_new_tcp("127.0.0.1", 502));
    return 0;
}
"""
TOOLS = (
    "sh", "cat", "cmp", "chown", "chmod", "rm", "rmdir", "mkdir", "ln", "getent", "systemd-tmpfiles",
    "install", "systemd-sysusers", "useradd", "userdel", "usermod", "groupadd", "groupdel",
)


def run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def debs(repo_root: Path, tmp_path_factory) -> dict:
    """The package at the tree's version and at an older one (0.0.1), from the same stand-in binaries."""
    work = tmp_path_factory.mktemp("deb")
    binaries = work / "bin"
    binaries.mkdir()
    source = work / "stand-in.c"
    source.write_text(STAND_IN)
    flags = run("pkg-config", "--cflags", "--libs", "sqlite3", "yaml-0.1", "libmodbus", "libgpiod").stdout.split()
    run("cc", "-O1", "-o", str(binaries / "chargerd"), str(source), *flags)
    shutil.copy(binaries / "chargerd", binaries / "chargerctl")
    result = {}
    for name, extra in (("current", []), ("old", ["--version", "0.0.1"])):
        built = run(
            "bash", str(repo_root / "Scripts/package-deb.sh"), "--binary-dir", str(binaries),
            "--output", str(work / name), *extra,
        )
        result[name] = Path(built.stdout.strip().splitlines()[-1])
    return result


def field(deb: Path, name: str) -> str:
    return run("dpkg-deb", "--field", str(deb), name).stdout.strip()


def test_file_name_version_and_architecture(repo_root: Path, debs: dict):
    version_source = (repo_root / "Sources/ChargerAgent/Version/ChargerAgentVersion.swift").read_text()
    version = version_source.split('static let current = "')[1].split('"')[0]
    arch = run("dpkg", "--print-architecture").stdout.strip()
    assert debs["current"].name == f"chargerd_{version}_{arch}.deb"
    assert field(debs["current"], "Version") == version
    assert field(debs["old"], "Version") == "0.0.1"
    assert field(debs["current"], "Package") == "chargerd"


def test_contents_paths_and_modes(repo_root: Path, debs: dict, tmp_path: Path):
    listing = {}
    for line in run("dpkg-deb", "-c", str(debs["current"])).stdout.splitlines():
        parts = line.split()
        listing[parts[5].removeprefix(".")] = (parts[0], parts[1])
    expected = {
        "/usr/bin/chargerd": "-rwxr-xr-x",
        "/usr/bin/chargerctl": "-rwxr-xr-x",
        "/lib/systemd/system/chargerd.service": "-rw-r--r--",
        "/lib/systemd/system/chargerd.service.d/packaged-example.conf": "-rw-r--r--",
        "/usr/lib/sysusers.d/chargerd.conf": "-rw-r--r--",
        "/usr/lib/tmpfiles.d/chargerd.conf": "-rw-r--r--",
        "/lib/udev/rules.d/60-chargerd-gpio.rules": "-rw-r--r--",
        "/etc/chargerd/": "drwxr-x---",
        "/etc/chargerd/board.yaml": "-rw-r-----",
        "/usr/share/chargerd/board.yaml.example": "-rw-r--r--",
    }
    for path, mode in expected.items():
        assert path in listing, f"{path} missing from the package: {sorted(listing)}"
        assert listing[path] == (mode, "root/root"), path
    for meter in (repo_root / "BoardConfigs/meters").glob("*.yaml"):
        assert f"/etc/chargerd/meters/{meter.name}" in listing
    assert not [path for path in listing if path.startswith("/usr/local")], "Debian packages install under /usr"

    # The same files as Scripts/install.sh installs, the unit's paths moved from /usr/local to /usr.
    tree = tmp_path / "tree"
    run("dpkg-deb", "-x", str(debs["current"]), str(tree))
    unit = (tree / "lib/systemd/system/chargerd.service").read_text()
    original = (repo_root / "systemd/chargerd.service").read_text()
    assert unit == original.replace("/usr/local/bin/", "/usr/bin/").replace("/usr/local/share/doc/", "/usr/share/doc/")
    assert "ExecStart=/usr/bin/chargerd --config /etc/chargerd/board.yaml" in unit
    for name, shipped in (
        ("chargerd.sysusers", "usr/lib/sysusers.d/chargerd.conf"),
        ("chargerd.tmpfiles", "usr/lib/tmpfiles.d/chargerd.conf"),
        ("60-chargerd-gpio.rules", "lib/udev/rules.d/60-chargerd-gpio.rules"),
    ):
        assert (tree / shipped).read_bytes() == (repo_root / "systemd" / name).read_bytes(), name
    assert (tree / "etc/chargerd/board.yaml").read_bytes() == (repo_root / "BoardConfigs/simulator.yaml").read_bytes()


def test_control_conffiles_depends_and_scripts(repo_root: Path, debs: dict, tmp_path: Path):
    info = run("dpkg-deb", "-I", str(debs["current"])).stdout
    for script in ("postinst", "prerm", "postrm", "conffiles", "control"):
        assert script in info
    depends = [item.strip().split(" ")[0] for item in field(debs["current"], "Depends").split(",")]
    for library in (*LIBRARIES, "libc6"):
        assert library in depends, depends
    control = tmp_path / "control"
    run("dpkg-deb", "--control", str(debs["current"]), str(control))
    conffiles = (control / "conffiles").read_text().splitlines()
    assert "/etc/chargerd/board.yaml" in conffiles
    assert f"/etc/chargerd/meters/eastron-sdm630-v2.yaml" in conffiles
    for script in ("postinst", "prerm", "postrm"):
        assert stat.S_IMODE((control / script).stat().st_mode) == 0o755
        run("sh", "-n", str(control / script))  # parses as POSIX sh


def test_a_build_needing_unpackaged_libraries_is_refused(repo_root: Path, tmp_path: Path):
    binaries = tmp_path / "bin"
    binaries.mkdir()
    library = tmp_path / "libowned-by-nobody.so"
    source = tmp_path / "lib.c"
    source.write_text("int nobody(void) { return 1; }\n")
    run("cc", "-shared", "-fPIC", "-o", str(library), str(source))
    main = tmp_path / "main.c"
    main.write_text("int nobody(void);\nint main(void) { return nobody(); }\n")
    run("cc", "-o", str(binaries / "chargerd"), str(main), f"-L{tmp_path}", "-lowned-by-nobody", f"-Wl,-rpath,{tmp_path}")
    shutil.copy(binaries / "chargerd", binaries / "chargerctl")
    refused = run(
        "bash", str(repo_root / "Scripts/package-deb.sh"), "--binary-dir", str(binaries),
        "--output", str(tmp_path / "out"), check=False,
    )
    assert refused.returncode != 0
    assert "libowned-by-nobody.so" in refused.stderr and "static" in refused.stderr


# --- the throw-away root ---------------------------------------------------------------------------


def copy_with_libraries(root: Path, program: str) -> None:
    """Copies `program` (a host path) and every shared library ldd names into root at the same paths."""
    paths = [program]
    for line in run("ldd", program, check=False).stdout.splitlines():
        for word in line.split():
            if word.startswith("/"):
                paths.append(word)
    for path in paths:
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy2(os.path.realpath(path), target)


def make_root(base: Path, sysusers: bool) -> Path:
    root = base / "root"
    for link, to in (("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"), ("lib64", "usr/lib64")):
        (root / to).mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(to)
    for tool in TOOLS:
        if tool == "systemd-sysusers" and not sysusers:
            continue
        found = shutil.which(tool)
        assert found, f"{tool} is not installed on this machine"
        copy_with_libraries(root, os.path.realpath(found) if tool != "sh" else found)
        placed = root / found.lstrip("/")
        if not placed.exists():
            placed.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(os.path.realpath(found), placed)
    etc = root / "etc"
    etc.mkdir()
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    (etc / "group").write_text("root:x:0:\n")
    (etc / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (etc / "gshadow").write_text("root:*::\n")
    (etc / "nsswitch.conf").write_text("passwd: files\ngroup: files\nshadow: files\n")
    (etc / "login.defs").write_text("USERGROUPS_ENAB yes\nSYS_UID_MIN 100\nSYS_UID_MAX 999\nSYS_GID_MIN 100\nSYS_GID_MAX 999\n")
    (root / "tmp").mkdir(mode=0o1777)
    (root / "dev").mkdir()
    os.mknod(root / "dev/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    (root / "dev/null").chmod(0o666)
    (root / "run/systemd/system").mkdir(parents=True)
    (root / "var/log").mkdir(parents=True)
    systemctl = root / "usr/bin/systemctl"
    systemctl.write_text('#!/bin/sh\necho "$*" >> /var/log/systemctl.calls\n')
    systemctl.chmod(0o755)
    admin = root / "var/lib/dpkg"
    for folder in ("info", "updates", "triggers", "alternatives"):
        (admin / folder).mkdir(parents=True)
    arch = run("dpkg", "--print-architecture").stdout.strip()
    stanzas = [
        f"Package: {name}\nStatus: install ok installed\nPriority: optional\nSection: libs\n"
        f"Maintainer: stand-in\nArchitecture: {arch}\nVersion: 99\nDescription: stand-in for the test\n"
        for name in (*LIBRARIES, "libc6")
    ]
    (admin / "status").write_text("\n".join(stanzas))
    (admin / "available").write_text("")
    return root


def dpkg(root: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(
        "dpkg", f"--root={root}", f"--log={root}/var/log/dpkg.log", "--force-not-root", "--force-unsafe-io",
        *arguments, check=check,
    )


def systemctl_calls(root: Path) -> list:
    calls = root / "var/log/systemctl.calls"
    return calls.read_text().splitlines() if calls.exists() else []


def user_line(root: Path, name: str, database: str = "passwd") -> str | None:
    for line in (root / "etc" / database).read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line
    return None


@pytest.mark.parametrize("sysusers", [True, False], ids=["systemd-sysusers", "useradd-fallback"])
def test_install_upgrade_remove_purge_in_a_throw_away_root(debs: dict, tmp_path: Path, sysusers: bool):
    """With systemd-sysusers, /proc is mounted in the root so systemd-tmpfiles runs there too; the fallback
    root has neither (as an image built in a bare chroot), and the scripts use useradd and install -d."""
    root = make_root(tmp_path, sysusers)
    proc = root / "proc"
    proc.mkdir()
    mounted = sysusers and run("mount", "-t", "proc", "proc", str(proc), check=False).returncode == 0
    try:
        lifecycle(root, debs, tmp_path, tmpfiles=mounted)
    finally:
        if mounted:
            run("umount", str(proc), check=False)


def lifecycle(root: Path, debs: dict, tmp_path: Path, tmpfiles: bool) -> None:

    # Without the libraries it needs, dpkg refuses it.
    bare = tmp_path / "bare"
    bare_root = make_root(bare, sysusers=False)
    (bare_root / "var/lib/dpkg/status").write_text("")
    refused = dpkg(bare_root, "--install", str(debs["old"]), check=False)
    assert refused.returncode != 0 and "libgpiod2" in refused.stderr

    # Install the older version: the user exists, the service is enabled but not started (default board).
    installed = dpkg(root, "--install", str(debs["old"]))
    assert "not started" in installed.stdout
    passwd = user_line(root, "chargerd")
    assert passwd and passwd.split(":")[5] == "/var/lib/chargerd" and passwd.endswith("nologin"), passwd
    groups = {line.split(":")[0]: line.split(":")[3].split(",") for line in (root / "etc/group").read_text().splitlines()}
    assert "chargerd" in groups["gpio"] and "chargerd" in groups["dialout"], groups
    gid = int(user_line(root, "chargerd", "group").split(":")[2])
    board = root / "etc/chargerd/board.yaml"
    assert board.stat().st_gid == gid and stat.S_IMODE(board.stat().st_mode) == 0o640
    assert (root / "etc/chargerd").stat().st_gid == gid
    state = root / "var/lib/chargerd"
    assert state.is_dir() and state.stat().st_uid == int(passwd.split(":")[2]), "the state directory is chargerd's"
    assert stat.S_IMODE(state.stat().st_mode) == 0o750
    # systemd-tmpfiles (where /proc is there) also makes the runtime directory; the fallback does not.
    assert (root / "run/chargerd").is_dir() == tmpfiles
    calls = systemctl_calls(root)
    assert "enable chargerd.service" in calls and "daemon-reload" in calls, calls
    assert not [call for call in calls if call.startswith("start")], calls

    # The technician edits the board; a transaction database appears in the state directory.
    edited = board.read_text().replace("CP-SIM-001", "CP-FIELD-042")
    board.write_text(edited)
    (state / "station.sqlite").write_text("transactions")

    # Upgrade: stopped first, the edited board kept, not re-enabled, started (the board is configured now).
    (root / "var/log/systemctl.calls").unlink()
    upgraded = dpkg(root, "--install", str(debs["current"]))
    assert board.read_text() == edited, upgraded.stdout
    assert not (root / "etc/chargerd/board.yaml.dpkg-new").exists()
    calls = systemctl_calls(root)
    assert calls[0] == "stop chargerd.service", calls
    assert "start chargerd.service" in calls and "enable chargerd.service" not in calls, calls
    status = dpkg(root, "--status", "chargerd").stdout
    assert "Status: install ok installed" in status and f"Version: {field(debs['current'], 'Version')}" in status
    assert (root / "usr/bin/chargerd").is_file()

    # Remove: stopped, binaries and unit gone, configuration, state and user kept.
    (root / "var/log/systemctl.calls").unlink()
    dpkg(root, "--remove", "chargerd")
    assert systemctl_calls(root)[0] == "stop chargerd.service"
    assert not (root / "usr/bin/chargerd").exists()
    assert not (root / "lib/systemd/system/chargerd.service").exists()
    assert board.read_text() == edited
    assert (state / "station.sqlite").exists()
    assert user_line(root, "chargerd")

    # Purge: configuration, state and the user go; the shared groups stay.
    dpkg(root, "--purge", "chargerd")
    assert not (root / "etc/chargerd").exists()
    assert not state.exists()
    assert user_line(root, "chargerd") is None
    assert user_line(root, "chargerd", "group") is None
    assert user_line(root, "gpio", "group") and user_line(root, "dialout", "group")
    assert "chargerd" not in dpkg(root, "--list", check=False).stdout.split()
