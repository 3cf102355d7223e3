"""Fixtures of the bench tests: a real PostgreSQL server and the choice of stations.

Stations are the built `charger-sim` + `chargerctl` (BENCH_STATION_BACKEND=binaries, the default); with
BENCH_STATION_BACKEND=python the bench's own Python stand-ins (charger_bench.pysim/pyctl) run instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bench_support import PG_BIN, pick_free_port


@pytest.fixture(scope="session")
def station_backend(bin_dir: Path) -> str:
    choice = os.environ.get("BENCH_STATION_BACKEND", "binaries")
    if choice == "binaries":
        missing = [b for b in ("charger-sim", "chargerctl") if not (bin_dir / b).is_file()]
        if missing:
            pytest.fail(f"{', '.join(missing)} not built in {bin_dir} (BENCH_STATION_BACKEND=python runs the "
                        "bench against its own Python stations)")
    return choice


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of its own (the newest version installed): initdb in a temp dir, as `nobody` when
    we are root, on a free port."""
    if not (PG_BIN / "initdb").is_file():
        pytest.fail(
            f"PostgreSQL server binaries not found in {PG_BIN} "
            "(Debian package postgresql; BENCH_PG_BIN names another directory)"
        )
    base = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    data = base / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "nobody", "nogroup")
        os.chmod(base, 0o700)
        as_user = ["runuser", "-u", "nobody", "--"]
    port = pick_free_port()
    run = lambda *argv: subprocess.run([*as_user, *argv], check=True, capture_output=True, text=True,  # noqa: E731
                                       cwd=base, timeout=120)
    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "charger_user", "--auth=trust", "-E", "UTF8")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-o",
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "charger_user", "charger_db")
        yield f"postgresql://charger_user@127.0.0.1:{port}/charger_db"
    finally:
        subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, cwd=base, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def work_dir(tmp_path: Path) -> Path:
    return tmp_path
