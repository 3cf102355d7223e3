"""Scenario 8 (issue 17): the 12 chargers of E-Mart Jeju start together under a 300 kW store limit, through
Scripts/scenario.sh 8 and Scripts/verify.sh 8, with the dashboard watched in headless Chromium (each charger's
limit, the store's plot of limit and power).

It always runs on the bench's Python stations (SQLite with the dashboard, and PostgreSQL). On the built charger-sim
it runs only when that binary honours a ChargingStationMaxProfile in W on a DC charger (the DC power setpoint): a
probe starts one 50 kW DC charger under a 20 kW profile and reads its power; when it does not, the test says what
the probe measured and is skipped (the verifier would fail it, as it does main's charger-sim from before the
setpoint: 409 kW reported under 300)."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from bench_support import (ARTIFACTS, REPO_ROOT, BenchServer, Stations, bench_env, chromium, dashboard, http,
                           pick_free_port, wait_until)

JEJU = [f"emart_jeju_{n:02d}" for n in range(1, 13)]


def db_args(tmp_path: Path, postgres_url: str | None = None) -> list[str]:
    return ["--postgres", postgres_url] if postgres_url else ["--db", str(tmp_path / "db.sqlite")]


def run_8(python: str, bin_dir: Path, backend: str, tmp_path: Path, watch=None,
          postgres_url: str | None = None, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    ws_port, http_port = pick_free_port(), pick_free_port()
    env = bench_env({"CHARGER_AGENT_PYTHON": python, "CHARGER_BIN_DIR": str(bin_dir), "BENCH_STATION_BACKEND": backend})
    command = [str(REPO_ROOT / "Scripts" / "scenario.sh"), "8", *db_args(tmp_path, postgres_url), "--ws-port",
               str(ws_port), "--http-port", str(http_port), "--work-dir", str(tmp_path / "work"), *extra]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    for line in process.stdout:
        lines.append(line)
        print(line, end="")
        if watch is not None:
            watch(line, f"http://127.0.0.1:{http_port}")
    process.wait(timeout=300)
    print(f"scenario 8 on {backend}: {time.monotonic() - started:.0f} s wall time")
    return process.returncode, "".join(lines)


def verify_8(python: str, tmp_path: Path, postgres_url: str | None = None) -> str:
    done = subprocess.run([str(REPO_ROOT / "Scripts" / "verify.sh"), "8", *db_args(tmp_path, postgres_url)],
                          capture_output=True, text=True, env=bench_env({"CHARGER_AGENT_PYTHON": python}), timeout=120)
    print(done.stdout, done.stderr)
    assert "PASS - scenario_8" in done.stdout and done.returncode == 0, done.stdout
    assert re.search(r"\| site limit\s+\|.*\| PASS\s+\| max \d+\.\d kW of (300|200) ", done.stdout), done.stdout
    assert re.search(r"\| site billing\s+\|.*\| PASS\s+\| 12/12", done.stdout), done.stdout
    return done.stdout


def test_scenario_8_on_python_stations_with_limits_and_plot_on_the_dashboard(python, bin_dir, tmp_path) -> None:
    seen: dict = {}
    errors: list[str] = []

    def look(base: str) -> None:
        try:
            wait_until("12 sessions at the limit", lambda: http("GET", base + "/api/chargers")[1]["result"]
                       ["totalPowerKW"] >= 290, 30)
            time.sleep(3)  # two samples of the plot at the limit
            seen["dom"] = dashboard(base)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / "bench-dashboard-scenario8.png"
            chromium(base + "/advanced_dashboard.html", f"--screenshot={shot}")
            seen["shot"] = shot
        except AssertionError as error:
            errors.append(str(error))

    def watch(line: str, base: str) -> None:
        if "sessions started" in line:
            seen["thread"] = threading.Thread(target=look, args=(base,))
            seen["thread"].start()

    # Longer phases, so the dashboard is looked at while the 300 kW limit holds (Chromium is slow on a busy machine).
    code, output = run_8(python, bin_dir, "python", tmp_path, watch, extra=("--site-phase-seconds", "20"))
    seen["thread"].join()
    assert code == 0, output[-3000:]
    assert not errors, errors
    dom = seen["dom"]
    limits = {c: float(dom.rows[c]["data-limit-kw"]) for c in JEJU}
    plot = dom.plots["emart_jeju"]
    # Looked at in the 300 kW phase, or (a slow Chromium) the 200 kW one that follows: the limits shown fill it.
    assert plot["data-limit-kw"] in ("300.0", "200.0"), plot
    assert sum(limits.values()) <= 300.0 + 0.1 and sum(limits.values()) >= 0.95 * 200, limits
    assert limits["emart_jeju_06"] == pytest.approx(7.0)  # an AC charger's share is its rating
    assert dom.rows["emart_shinjeju_01"]["data-limit-kw"] == ""  # a store without a limit shows none
    assert int(plot["data-points"]) >= 2
    assert plot["lines"].get("limit-line", 0) >= 2 and plot["lines"].get("power-line", 0) >= 2
    assert float(plot["data-power-kw"]) <= 300.5
    assert dom.plots["emart_shinjeju"]["data-limit-kw"] == "" and "limit-line" not in dom.plots["emart_shinjeju"]["lines"]
    assert Path(seen["shot"]).stat().st_size > 10_000
    verify_8(python, tmp_path)


def test_scenario_8_on_postgresql_with_python_stations(python, bin_dir, postgres_url, tmp_path) -> None:
    code, output = run_8(python, bin_dir, "python", tmp_path, postgres_url=postgres_url,
                         extra=("--site-phase-seconds", "8"))  # shorter: the tables are what this one is about
    assert code == 0, output[-3000:]
    verify_8(python, tmp_path, postgres_url)
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        accepted = conn.execute("SELECT count(*) FROM charging_profile_log WHERE status = 'Accepted' AND "
                                "action = 'SetChargingProfile'").fetchone()[0]
        limits = [r[0] for r in conn.execute("SELECT limit_kw FROM store_limit_change WHERE store_id = 'emart_jeju' "
                                             "ORDER BY id").fetchall()][-4:]
        samples = conn.execute("SELECT count(*), max(power_kw) FROM store_power_sample WHERE store_id = "
                               "'emart_jeju' AND limit_kw IS NOT NULL").fetchone()
    assert accepted >= 12 and limits == [300.0, 200.0, 300.0, None]
    assert samples[0] >= 10 and samples[1] <= 300.5


def dc_setpoint_probe(python: str, bin_dir: Path, work: Path) -> tuple[bool, str]:
    """Whether charger-sim holds a 50 kW DC charger to a 20 kW ChargingStationMaxProfile (W), and what it drew."""
    work.mkdir(parents=True, exist_ok=True)
    server = BenchServer(python, ["--db", str(work / "probe.sqlite")], work)
    stations = None
    try:
        stations = Stations("binaries", bin_dir, python, f"ws://127.0.0.1:{server.ws_port}", ["emart_jeju_04"], work)
        wait_until("the probe charger", lambda: server.get("/api/chargers/emart_jeju_04")["registration"] ==
                   "Accepted", 60)
        stations.ctl("emart_jeju_04", "sim", "plug", "--evse", "1", "--max-power-kw", "50")
        wait_until("Occupied", lambda: any(c["status"] == "Occupied" for c in
                                           server.get("/api/chargers/emart_jeju_04")["connectors"]), 15)
        assert server.post("/api/chargers/emart_jeju_04/start", {})[0] == 200
        wait_until("power", lambda: (stations.evse("emart_jeju_04").get("powerW") or 0) > 0, 20)
        profile = {"id": 77, "stackLevel": 0, "chargingProfilePurpose": "ChargingStationMaxProfile",
                   "chargingProfileKind": "Absolute", "chargingSchedule": [
                       {"id": 1, "startSchedule": "2026-01-01T00:00:00Z", "chargingRateUnit": "W",
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 20000}]}]}
        status, answer = server.post("/api/chargers/emart_jeju_04/charging-profiles",
                                     {"evseId": 0, "chargingProfile": profile})
        if status != 200 or answer["result"]["response"].get("status") != "Accepted":
            return False, f"SetChargingProfile answered {answer}"
        time.sleep(3)
        power = stations.evse("emart_jeju_04").get("powerW") or 0
        return power <= 20_500, f"a 50 kW DC charger under a 20 kW profile drew {power / 1000:.1f} kW"
    finally:
        if stations is not None:
            stations.stop()
        server.stop()


def test_scenario_8_on_charger_sim_when_it_has_the_dc_setpoint(python, bin_dir, tmp_path) -> None:
    if not (bin_dir / "charger-sim").is_file():
        pytest.fail(f"no charger-sim in {bin_dir}")
    honoured, measured = dc_setpoint_probe(python, bin_dir, tmp_path / "probe")
    print(f"DC setpoint probe of {bin_dir / 'charger-sim'}: {measured}")
    if not honoured:
        pytest.skip(f"scenario 8 on charger-sim not run: {bin_dir / 'charger-sim'} has no DC power setpoint yet "
                    f"({measured}); it ran on the Python stations only")
    code, output = run_8(python, bin_dir, "binaries", tmp_path)
    assert code == 0, output[-3000:]
    verify_8(python, tmp_path)
