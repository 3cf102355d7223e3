"""`python -m charger_bench scenario [N...]`: the seed's scenarios 1-5 against the bench CSMS.

The runner starts the bench CSMS itself (scenario 4 stops and restarts it), starts `charger-sim` with
`--manual --only ...` per scenario, plugs EVs with `chargerctl sim plug` and starts/stops sessions through
the REST API, as an operator would. What it did (the transaction ids, the meter's energy per session)
goes into `scenario_run`, which the verifier reads together with what the CSMS recorded.

Stations: the built `charger-sim` + `chargerctl` (from --bin-dir, CHARGER_BIN_DIR or .build/debug), or
with `--backend python` the bench's own Python stations (charger_bench.pysim / pyctl).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .db import parse_time
from .fleet import REPO_ROOT, chargers, default_fleet_path, load_fleet
from .server import add_database_options
from . import scenarios_maintenance, scenarios_site

SCENARIO3_PLAN = [("emart_jeju_01", 100.0), ("emart_jeju_02", 100.0), ("emart_shinjeju_01", 50.0)]




def at_once(job: Callable[..., None], arguments: list[tuple[Any, ...]], errors: list[str]) -> None:
    """Runs `job` once per argument tuple, all at the same time (the chargers' commands go out together, as
    the seed's scenarios send them); raises with every problem the jobs appended to `errors`."""
    threads = [threading.Thread(target=job, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise ScenarioFailed("; ".join(errors))

def terminate(process: subprocess.Popen | None, grace: float) -> None:
    """Stops `process` with SIGTERM (a graceful shutdown), and kills it if it is still there after `grace` s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

class ScenarioFailed(Exception):
    pass


def say(station: str | None, text: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"{stamp} [{station}] {text}" if station else f"{stamp} {text}", flush=True)


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except (OSError, ValueError, KeyError, urllib.error.URLError) as error:
            last_error = error
        time.sleep(interval)
    raise ScenarioFailed(f"timed out after {timeout:g} s waiting for {what}"
                         + (f" (last error: {last_error})" if last_error else ""))


class Rest:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def call(self, method: str, path: str, body: Any = None, timeout: float = 30) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def get(self, path: str) -> dict[str, Any]:
        status, answer = self.call("GET", path)
        if status != 200:
            raise ScenarioFailed(f"GET {path}: HTTP {status} {answer}")
        return answer["result"]

    def post(self, path: str, body: Any) -> dict[str, Any]:
        status, answer = self.call("POST", path, body)
        if status >= 300:
            raise ScenarioFailed(f"POST {path}: HTTP {status} {answer.get('error')}")
        return answer["result"]

    def chargers(self) -> dict[str, dict[str, Any]]:
        return {c["chargerId"]: c for c in self.get("/api/chargers")["chargers"]}

    def charger(self, charger_id: str) -> dict[str, Any]:
        return self.get(f"/api/chargers/{charger_id}")


class Csms:
    """The bench CSMS as a child process (so scenario 4 can stop and restart it)."""

    def __init__(self, args: argparse.Namespace, work: Path):
        self.args, self.work = args, work
        self.process: subprocess.Popen | None = None
        self.rest = Rest(f"http://127.0.0.1:{args.http_port}")
        self.log_path = work / "csms.log"

    def start(self) -> None:
        command = [sys.executable, "-m", "charger_bench", "serve", "--host", "127.0.0.1",
                   "--ws-port", str(self.args.ws_port), "--http-port", str(self.args.http_port),
                   "--fleet", str(self.args.fleet)]
        if self.args.postgres:
            command += ["--postgres", self.args.postgres]
        else:
            command += ["--db", str(self.args.db)]
        # Scenarios 6 and 7: the images served and the logs uploaded stay with this run.
        command += ["--firmware-dir", str(self.work / "firmware"), "--upload-dir", str(self.work / "uploads")]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        log.close()

        def healthy():
            if self.process.poll() is not None:
                tail = self.log_path.read_text().strip().splitlines()[-3:]
                raise ScenarioFailed(f"the bench CSMS exited with {self.process.returncode}: {' | '.join(tail)} "
                                     f"(log {self.log_path})")
            return self.rest.get("/api/health")

        wait_for("the bench CSMS to answer", healthy, 30, 0.3)
        say(None, f"bench CSMS up: ws://127.0.0.1:{self.args.ws_port}, http://127.0.0.1:{self.args.http_port}")

    def stop(self) -> None:
        terminate(self.process, grace=15)
        self.process = None


class Stations:
    """One charger-sim process (or the Python stand-in) running some chargers of the fleet."""

    def __init__(self, args: argparse.Namespace, work: Path, name: str, only: list[str] | None):
        self.args, self.only = args, only
        self.socket = work / f"{name}.sock"
        self.state = work / f"{name}-state"
        self.log_path = work / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        shutil.rmtree(self.state, ignore_errors=True)
        self.state.mkdir(parents=True)
        options = ["--fleet", str(self.args.fleet), "--csms-url", f"ws://127.0.0.1:{self.args.ws_port}",
                   "--manual", "--control-socket", str(self.socket), "--state-dir", str(self.state)]
        if self.only:
            options += ["--only", ",".join(self.only)]
        if self.args.backend == "python":
            command = [sys.executable, "-m", "charger_bench", "pysim", *options]
        else:
            command = [str(Path(self.args.bin_dir) / "charger-sim"), *options, "--log-level", "info"]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        log.close()
        say(None, f"stations started ({' '.join(command[:1])} {'--only ' + ','.join(self.only) if self.only else 'all'})")
        wait_for("the control socket", lambda: self._alive() and self.socket.exists(), 30)

    def _alive(self) -> bool:
        if self.process.poll() is not None:
            raise ScenarioFailed(f"the station simulator exited with {self.process.returncode}; see {self.log_path}")
        return True

    def ctl(self, station: str, *argv: str) -> str:
        if self.args.backend == "python":
            command = [sys.executable, "-m", "charger_bench", "pyctl"]
        else:
            command = [str(Path(self.args.bin_dir) / "chargerctl")]
        command += ["--socket", str(self.socket), "--station", station, *argv]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30)
        if done.returncode != 0:
            raise ScenarioFailed(f"{' '.join(command[-len(argv) - 2:])} failed ({done.returncode}): "
                                 f"{done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def status(self, station: str) -> dict[str, Any]:
        return json.loads(self.ctl(station, "status", "--json"))

    def stop(self) -> None:
        terminate(self.process, grace=20)
        self.process = None


def evse_status(status: dict[str, Any], evse_id: int = 1) -> dict[str, Any]:
    for evse in status.get("evses", []):
        if evse.get("id") == evse_id:
            return evse
    raise ScenarioFailed(f"chargerctl status has no EVSE {evse_id}: {status}")


class Runner:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.work = Path(args.work_dir)
        self.work.mkdir(parents=True, exist_ok=True)
        self.csms = Csms(args, self.work)
        self.rest = self.csms.rest
        self.fleet = chargers(load_fleet(args.fleet))
        self.firmware_dir = self.work / "firmware"
        self.firmware_dir.mkdir(exist_ok=True)

    # -- helpers

    def wait_connected(self, ids: list[str], timeout: float = 90) -> None:
        def ready():
            view = self.rest.chargers()
            return all(view.get(i, {}).get("connected") and view[i].get("registration") == "Accepted" for i in ids)

        wait_for(f"{len(ids)} charger(s) connected and accepted", ready, timeout)

    def sessions(self, stations: Stations, plan: list[tuple[str, float]], seconds: float,
                 during: Callable[[], None] | None = None) -> list[dict[str, Any]]:
        """Plugs an EV into each charger, starts them remotely, lets them charge, stops them remotely."""
        for charger_id, kw in plan:
            stations.ctl(charger_id, "sim", "plug", "--evse", "1", "--max-power-kw", f"{kw:g}")
            say(charger_id, f"EV plugged (max {kw:g} kW)")
        for charger_id, _ in plan:
            wait_for(f"{charger_id} to report Occupied", lambda c=charger_id: any(
                k["status"] == "Occupied" for k in self.rest.charger(c)["connectors"]), 15)
        started: dict[str, dict[str, Any]] = {}
        errors: list[str] = []

        def start(charger_id: str, index: int) -> None:
            try:
                answer = self.rest.post(f"/api/chargers/{charger_id}/start",
                                        {"evseId": 1, "idToken": f"BENCH-{index:03d}"})
                if answer["response"].get("status") != "Accepted":
                    errors.append(f"{charger_id} refused RequestStartTransaction: {answer['response']}")
            except ScenarioFailed as error:
                errors.append(str(error))

        at_once(start, [(charger_id, index) for index, (charger_id, _) in enumerate(plan, 1)], errors)
        for charger_id, _ in plan:
            tx = wait_for(f"{charger_id}'s TransactionEvent(Started)",
                          lambda c=charger_id: self.rest.charger(c)["transactions"], 30)[0]
            # The session's clock starts at the station's Started timestamp, not when we saw it.
            lag = (datetime.now(timezone.utc) - parse_time(tx["startTime"])).total_seconds() if tx.get("startTime") \
                else 0.0
            started[charger_id] = {"chargerId": charger_id, "transactionId": tx["transactionId"],
                                   "startedAt": time.monotonic() - min(max(lag, 0.0), 5.0) - 0.2}
            say(charger_id, f"TransactionEvent (Started) recorded: transaction {tx['transactionId']}")
        t0 = min(s["startedAt"] for s in started.values())
        peak_power = 0.0
        peak_charging = 0
        last_print = 0.0
        meter_read = False
        end = t0 + seconds
        if during is not None:
            during()
            end = max(end, time.monotonic() + 6)
        while time.monotonic() < end:
            view = self.rest.get("/api/chargers")
            charging = [c for c in view["chargers"] if c["chargerId"] in started and c["state"] == "charging"]
            total = sum(c["powerKW"] for c in charging)
            peak_power, peak_charging = max(peak_power, total), max(peak_charging, len(charging))
            if time.monotonic() - last_print >= 10 and len(plan) <= 5:
                last_print = time.monotonic()
                for c in charging:
                    say(c["chargerId"], f"status: Charging, power: {c['powerKW']:.0f}kW, accumulated: "
                        f"{c['energyKWh']:.2f}kWh, cost: ₩{c['cost']:.1f}")
            if not meter_read and len(plan) <= 5 and time.monotonic() >= t0 + min(5.0, seconds / 2):
                meter_read = True
                for charger_id, session in started.items():
                    # The meter's own view of the session: its register at the start (register - session energy).
                    before = evse_status(stations.status(charger_id))
                    if before.get("meterWh") is not None and before.get("energyWh") is not None \
                            and before.get("transactionId") == session["transactionId"]:
                        session["meterStartWh"] = before["meterWh"] - before["energyWh"]
                    session["meterBefore"] = {k: before.get(k) for k in ("energyWh", "meterWh", "transactionId")}
            time.sleep(max(0.0, min(1.0, end - time.monotonic())))
        def stop(charger_id: str, session: dict[str, Any]) -> None:
            try:
                answer = self.rest.post(f"/api/chargers/{charger_id}/stop", {"transactionId": session["transactionId"]})
                if answer["response"].get("status") != "Accepted":
                    errors.append(f"{charger_id} refused RequestStopTransaction: {answer['response']}")
            except ScenarioFailed as error:
                errors.append(str(error))

        at_once(stop, list(started.items()), errors)
        if len(plan) <= 5:
            time.sleep(2.5)  # the station polls its meter about once a second: let the register settle at rest
        for charger_id, session in started.items():
            row = wait_for(f"{charger_id}'s session in charger_usage_log", lambda c=charger_id, s=session: [
                r for r in self.rest.get(f"/api/sessions?charger_id={c}")
                if r["transaction_id"] == s["transactionId"]], 60)[0]
            meter = evse_status(stations.status(charger_id))
            if meter.get("meterWh") is not None and session.get("meterStartWh") is not None:
                meter_energy = round(meter["meterWh"] - session["meterStartWh"], 1)
            else:
                meter_energy = None  # not read (bursts of many chargers) or the station reports no register
            session.update(energyKWh=row["energy_consumed"], cost=row["cost"], durationSeconds=row["duration_seconds"],
                           meterEnergyWh=meter_energy, meterAfter={k: meter.get(k) for k in ("energyWh", "meterWh")})
            session.pop("startedAt")
            say(charger_id, f"TransactionEvent (Ended): {row['energy_consumed']:.2f} kWh, cost ₩{row['cost']}, "
                f"{row['duration_seconds']} s" + (f" (meter says {meter_energy} Wh)" if meter_energy is not None else ""))
        for charger_id, _ in plan:
            stations.ctl(charger_id, "sim", "unplug", "--evse", "1")
        return [started[c] | {"requestedKW": kw} for c, kw in plan] + [
            {"peakTotalPowerKW": round(peak_power, 2), "peakCharging": peak_charging}]

    def run_scenario(self, number: int) -> bool:
        body = getattr(self, f"scenario_{number}")
        run_id = self.rest.post("/api/scenario-runs", {"scenario": number})["runId"]
        say(None, f"=== scenario {number} ===")
        details: dict[str, Any] = {"backend": self.args.backend}
        outcome = "completed"
        try:
            details.update(body())
        except ScenarioFailed as error:
            outcome = "failed"
            details["error"] = str(error)
            say(None, f"scenario {number} failed: {error}")
        if self.csms.process is None:
            self.csms.start()
        self.rest.post(f"/api/scenario-runs/{run_id}", {"outcome": outcome, "details": details})
        say(None, f"=== scenario {number}: {outcome} ===")
        if self.args.linger > 0:
            time.sleep(self.args.linger)  # lets a watcher (the dashboard test) look at the state after it
        return outcome == "completed"

    # -- the scenarios

    def scenario_1(self) -> dict[str, Any]:
        station = "emart_jeju_01"
        stations = Stations(self.args, self.work, "s1", [station])
        say(station, f"connecting to server... (ws://127.0.0.1:{self.args.ws_port})")
        stations.start()
        try:
            self.wait_connected([station])
            view = self.rest.charger(station)
            say(station, "connected")
            say(station, f"BootNotification answered: Accepted, interval {view['heartbeatInterval']}")
            before = view["heartbeatCount"]
            self.rest.post(f"/api/chargers/{station}/trigger", {"requestedMessage": "Heartbeat"})
            wait_for("a Heartbeat", lambda: self.rest.charger(station)["heartbeatCount"] > before, 15)
            say(station, "Heartbeat sent")
            wait_for("connector status Available", lambda: any(
                c["status"] == "Available" for c in self.rest.charger(station)["connectors"]), 15)
            evse = evse_status(stations.status(station))
            say(station, f"status: {evse.get('connectorStatus')}, power: {(evse.get('powerW') or 0) / 1000:.0f}kW, "
                f"accumulated: {(evse.get('energyWh') or 0) / 1000:.2f}kWh")
            details = {"chargers": [station], "heartbeatInterval": view["heartbeatInterval"],
                       "stationStatus": evse}
        finally:
            stations.stop()
        wait_for("the disconnection", lambda: not self.rest.charger(station)["connected"], 15)
        say(station, "disconnected")
        return details

    def scenario_2(self) -> dict[str, Any]:
        station = "emart_jeju_01"
        stations = Stations(self.args, self.work, "s2", [station])
        stations.start()
        try:
            self.wait_connected([station])
            sessions = self.sessions(stations, [(station, 200.0)], self.args.session_seconds)
        finally:
            stations.stop()
        return {"chargers": [station], "sessions": sessions[:-1], **sessions[-1]}

    def scenario_3(self) -> dict[str, Any]:
        ids = [c for c, _ in SCENARIO3_PLAN]
        stations = Stations(self.args, self.work, "s3", ids)
        stations.start()
        try:
            self.wait_connected(ids)
            view = self.rest.get("/api/chargers")
            say(None, f"{view['connected']} chargers connected at once")
            sessions = self.sessions(stations, SCENARIO3_PLAN, self.args.session_seconds)
        finally:
            stations.stop()
        return {"chargers": ids, "sessions": sessions[:-1], **sessions[-1]}

    def scenario_4(self) -> dict[str, Any]:
        station = "emart_jeju_01"
        stations = Stations(self.args, self.work, "s4", [station])
        stations.start()
        outage: dict[str, Any] = {}
        try:
            self.wait_connected([station])

            def outage_now() -> None:
                time.sleep(8)
                outage["start"] = datetime.now(timezone.utc).isoformat()
                say(None, f"stopping the CSMS for {self.args.outage_seconds:g} s")
                self.csms.stop()
                time.sleep(self.args.outage_seconds)
                outage["end"] = datetime.now(timezone.utc).isoformat()
                self.csms.start()
                self.wait_connected([station], timeout=180)
                outage["reconnected"] = datetime.now(timezone.utc).isoformat()
                say(station, "reconnected after the outage")

            sessions = self.sessions(stations, [(station, 100.0)], self.args.session_seconds, during=outage_now)
        finally:
            stations.stop()
        return {"chargers": [station], "sessions": sessions[:-1], "outage": outage, **sessions[-1]}

    def scenario_5(self) -> dict[str, Any]:
        ids = [c["id"] for c in self.fleet]
        stations = Stations(self.args, self.work, "s5", None)
        stations.start()
        try:
            self.wait_connected(ids, timeout=180)
            say(None, f"all {len(ids)} chargers connected")
            plan = [(c["id"], float(c.get("ratedPowerKW") or 7)) for c in self.fleet]
            sessions = self.sessions(stations, plan, self.args.burst_seconds)
        finally:
            stations.stop()
        return {"chargers": ids, "sessions": sessions[:-1], **sessions[-1]}


    def scenario_6(self) -> dict[str, Any]:
        return scenarios_maintenance.scenario_6(self)

    def scenario_7(self) -> dict[str, Any]:
        return scenarios_maintenance.scenario_7(self)

    def scenario_8(self) -> dict[str, Any]:
        return scenarios_site.scenario_8(self)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="charger_bench scenario", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", nargs="*", type=int, help="1-8 (default: 1-5; 6, 7 and 8 are asked for by number)")
    add_database_options(p)
    p.add_argument("--ws-port", type=int, default=int(os.environ.get("BENCH_WS_PORT", 9000)))
    p.add_argument("--http-port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", 8080)))
    p.add_argument("--fleet", default=str(default_fleet_path()))
    p.add_argument("--bin-dir", default=os.environ.get("CHARGER_BIN_DIR", str(REPO_ROOT / ".build" / "debug")))
    p.add_argument("--backend", choices=["auto", "binaries", "python"],
                   default=os.environ.get("BENCH_STATION_BACKEND", "auto"))
    p.add_argument("--work-dir", help="logs, control sockets and station state (default: a temp dir)")
    p.add_argument("--session-seconds", type=float, default=30)
    p.add_argument("--burst-seconds", type=float, default=10)
    p.add_argument("--outage-seconds", type=float, default=20)
    p.add_argument("--linger", type=float, default=0, help="seconds to keep the CSMS up after each scenario")
    p.add_argument("--firmware-version", default="sim-2.0.0", help="scenario 6: the version the update installs")
    p.add_argument("--firmware-image", help="scenario 6: an image of --firmware-version (default: one made up)")
    p.add_argument("--firmware-seconds", type=float, default=180, help="scenarios 6/7: how long a job may take")
    p.add_argument("--site-phase-seconds", type=float, default=12,
                   help="scenario 8: how long each phase (300 kW, 200 kW, ...) lasts")
    args = p.parse_args(argv)
    if not args.scenarios:
        args.scenarios = [1, 2, 3, 4, 5]
    if any(n not in range(1, 9) for n in args.scenarios):
        p.error("scenarios are numbered 1 to 8")
    if not args.postgres and not args.db:
        args.db = str(REPO_ROOT / ".build" / "bench" / "charger_db.sqlite")
    if args.backend == "auto":
        found = all((Path(args.bin_dir) / b).is_file() for b in ("charger-sim", "chargerctl"))
        args.backend = "binaries" if found else "python"
        if not found:
            print(f"note: no charger-sim/chargerctl in {args.bin_dir}; using the bench's Python stations",
                  file=sys.stderr)
    if not args.work_dir:
        args.work_dir = tempfile.mkdtemp(prefix="bench-scenarios-")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    runner = Runner(args)
    say(None, f"work dir {args.work_dir} (logs of the CSMS and the stations)")
    results = {}
    try:
        runner.csms.start()
        for number in args.scenarios:
            results[number] = runner.run_scenario(number)
    except ScenarioFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        runner.csms.stop()
    for number, done in results.items():
        print(f"scenario {number}: {'completed' if done else 'FAILED'}")
    return 0 if all(results.values()) else 1
