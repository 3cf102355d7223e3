"""Helpers of the bench tests (processes, HTTP, waiting); the fixtures are in conftest.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO_ROOT = Path(os.environ.get("REPO_ROOT", Path(__file__).resolve().parents[3]))
BENCH_DIR = REPO_ROOT / "Bench"


def find_pg_bin() -> Path:
    """The PostgreSQL server binaries (initdb, pg_ctl) of the newest version installed.

    Debian keeps each major version apart (/usr/lib/postgresql/15/bin on Debian 12, 17/bin on Debian 13), so
    no version is assumed; BENCH_PG_BIN overrides the search, `pg_config --bindir` covers other layouts. When
    there is none, the path returned has no initdb and the PostgreSQL fixture says what to install.
    """
    if os.environ.get("BENCH_PG_BIN"):
        return Path(os.environ["BENCH_PG_BIN"])

    def version(initdb: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in initdb.parent.parent.name.split(".") if part.isdigit())

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version)
    if found:
        return found[-1].parent
    try:
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        if bindir and (Path(bindir) / "initdb").is_file():
            return Path(bindir)
    except (OSError, subprocess.CalledProcessError):
        pass
    return Path("/usr/lib/postgresql/<version>/bin")


PG_BIN = find_pg_bin()
ARTIFACTS = REPO_ROOT / ".build" / "test-artifacts"


def pick_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(BENCH_DIR)}
    env.update(extra or {})
    return env


def http(method: str, url: str, body: bytes | str | None = None, timeout: float = 30) -> tuple[int, dict]:
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until(what: str, check, timeout: float = 30, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (OSError, ValueError, KeyError):
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class BenchServer:
    """`python -m charger_bench serve` on free ports."""

    def __init__(self, python: str, db_args: list[str], work: Path):
        self.ws_port, self.http_port = pick_free_port(), pick_free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.log = work / "csms.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [python, "-m", "charger_bench", "serve", "--host", "127.0.0.1", "--ws-port", str(self.ws_port),
                 "--http-port", str(self.http_port), *db_args],
                stdout=log, stderr=subprocess.STDOUT, env=bench_env(), start_new_session=True)
        wait_until("the bench CSMS", lambda: self.process.poll() is None and http("GET", self.base + "/api/health")[0]
                   == 200, 30)

    def get(self, path: str) -> dict:
        status, answer = http("GET", self.base + path)
        assert status == 200, answer
        return answer["result"]

    def post(self, path: str, body) -> tuple[int, dict]:
        return http("POST", self.base + path, json.dumps(body) if not isinstance(body, (str, bytes)) else body)

    def stop(self) -> None:
        stop_process(self.process)


class Stations:
    """charger-sim (or the Python stand-in) with some chargers, and chargerctl against its socket."""

    def __init__(self, backend: str, bin_dir: Path, python: str, csms_ws: str, only: list[str], work: Path):
        self.backend, self.bin_dir, self.python = backend, bin_dir, python
        self.socket = work / "sim.sock"
        options = ["--fleet", str(REPO_ROOT / "BoardConfigs" / "fleets" / "emart-jeju.yaml"), "--csms-url", csms_ws,
                   "--manual", "--only", ",".join(only), "--control-socket", str(self.socket),
                   "--state-dir", str(work / "sim-state")]
        (work / "sim-state").mkdir(exist_ok=True)
        command = ([python, "-m", "charger_bench", "pysim"] if backend == "python"
                   else [str(bin_dir / "charger-sim")]) + options
        with open(work / "sim.log", "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=bench_env(),
                                            start_new_session=True)
        wait_until("the control socket", lambda: self.process.poll() is None and self.socket.exists(), 30)

    def ctl(self, station: str, *argv: str) -> str:
        command = ([self.python, "-m", "charger_bench", "pyctl"] if self.backend == "python"
                   else [str(self.bin_dir / "chargerctl")])
        done = subprocess.run([*command, "--socket", str(self.socket), "--station", station, *argv],
                              capture_output=True, text=True, env=bench_env(), timeout=30)
        assert done.returncode == 0, f"chargerctl {' '.join(argv)}: {done.stderr or done.stdout}"
        return done.stdout

    def evse(self, station: str) -> dict:
        status = json.loads(self.ctl(station, "status", "--json"))
        return next(e for e in status["evses"] if e["id"] == 1)

    def stop(self) -> None:
        stop_process(self.process)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class DashboardDom(HTMLParser):
    """The state the dashboard shows: charger rows with their data-status, and the total power."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.total_kw: float | None = None
        self.markers = 0
        self.updates = 0
        # Per store: the power plot's attributes, with "lines" the class -> data-points of its polylines.
        self.plots: dict[str, dict] = {}
        self._plot: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "charger-row" in (a.get("class") or ""):
            self.rows[a["data-charger-id"]] = a
        if a.get("id") == "total-power":
            self.total_kw = float(a["data-kw"])
        if a.get("id") == "last-update":
            self.updates = int(a.get("data-updates", "0"))
        if tag == "circle" and "charger-marker" in (a.get("class") or ""):
            self.markers += 1
        if tag == "svg" and "power-plot" in (a.get("class") or ""):
            self._plot = self.plots[a["data-store-id"]] = {**a, "lines": {}}
        if tag == "polyline" and self._plot is not None:
            self._plot["lines"][a.get("class")] = int(a.get("data-points", "0"))

    def with_status(self, status: str) -> list[str]:
        return sorted(c for c, a in self.rows.items() if a.get("data-status") == status)


def chromium(url: str, *extra: str) -> str:
    assert CHROMIUM, "chromium is not installed (Debian package chromium)"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
         "--virtual-time-budget=4000", *extra, url], capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dashboard(base: str) -> DashboardDom:
    dom = DashboardDom(chromium(base + "/advanced_dashboard.html", "--dump-dom"))
    assert dom.updates >= 1, "the dashboard never loaded /api/chargers"
    return dom
