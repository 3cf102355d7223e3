"""A small Python stand-in for `charger-sim`: the bench's own stations for its tests.

Same command line and control socket as charger-sim's contract (`--fleet`, `--csms-url`, `--only`,
`--manual`, `--control-socket`), one EVSE per charger, a simulated meter that draws the plugged EV's
power, remote start/stop, TransactionEvents with seqNo, and an offline queue replayed in order with
`offline = true`. It is NOT the product: the scenarios run the real `charger-sim` when it is built; this
one lets the bench be tested on its own and shows what the bench expects of a station.

Control socket commands (newline-delimited JSON, {"id", "cmd", "station", "args"}):
  stations; status; sim {"action": "plug", "evse": 1, "maxPowerKW": 200} | {"action": "unplug", "evse": 1}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ocpp.routing import on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from .fleet import chargers, load_fleet
from .pysim_maintenance import MaintenanceHandlers
from .pysim_smart import Profiles, SmartChargingHandlers

LOG = logging.getLogger("pysim")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Evse:
    def __init__(self, rated_kw: float):
        self.rated_kw = rated_kw
        self.plugged = False
        self.ev_max_kw = 0.0
        self.register_wh = 12_345.0
        self._since = time.monotonic()
        self.power_w = 0.0
        self.tx_id: str | None = None
        self.tx_start_wh = 0.0
        self.tx_start_time: datetime | None = None
        self.last_tx_energy_wh = 0.0
        self.status = "Available"
        self.cost: float | None = None

    def advance(self) -> float:
        now = time.monotonic()
        self.register_wh += self.power_w * (now - self._since) / 3600.0
        self._since = now
        return self.register_wh

    def set_power(self, watts: float) -> None:
        self.advance()
        self.power_w = watts

    def session_energy(self) -> float:
        if self.tx_id is None:
            return 0.0  # as chargerd's status: the energy of the session while one runs
        return self.advance() - self.tx_start_wh


class Station:
    """One charger: the OCPP link (reconnecting), its EVSE and the queue of transaction messages."""

    def __init__(self, station_id: str, rated_kw: float, csms_url: str):
        self.id = station_id
        self.url = csms_url.rstrip("/") + "/" + station_id
        self.evse = Evse(rated_kw)
        self.registration = "unknown"
        self.link: _Link | None = None
        self.tx_queue: list[dict[str, Any]] = []
        self.seq_no = 0
        self.tx_interval = 10
        self.heartbeat_interval = 30
        self.queue_event = asyncio.Event()
        self.updates_task: asyncio.Task | None = None
        # Maintenance (pysim_maintenance): the version booted with, and an install a reboot is to confirm.
        self.firmware_version = "pysim-1.0.0"
        self.boot_reason = "PowerUp"
        self.installed_request: int | None = None
        self.firmware_task: asyncio.Task | None = None
        # Charging profiles (pysim_smart): the EVSE draws min(vehicle, rating, limit).
        self.profiles = Profiles()
        self.limit_w: float | None = None

    # -- meter values and transaction messages

    def meter_value(self, context: str) -> list[dict[str, Any]]:
        return [{"timestamp": now_iso(), "sampledValue": [
            {"value": round(self.evse.advance(), 3), "measurand": "Energy.Active.Import.Register",
             "context": context, "unitOfMeasure": {"unit": "Wh"}},
            {"value": round(self.evse.power_w, 1), "measurand": "Power.Active.Import", "context": context,
             "unitOfMeasure": {"unit": "W"}},
        ]}]

    def queue_tx_event(self, event_type: str, trigger: str, charging_state: str | None = None,
                       stopped_reason: str | None = None, remote_start_id: int | None = None,
                       id_token: str | None = None) -> None:
        context = {"Started": "Transaction.Begin", "Ended": "Transaction.End"}.get(event_type, "Sample.Periodic")
        info: dict[str, Any] = {"transactionId": self.evse.tx_id}
        if charging_state:
            info["chargingState"] = charging_state
        if stopped_reason:
            info["stoppedReason"] = stopped_reason
        if remote_start_id is not None:
            info["remoteStartId"] = remote_start_id
        payload: dict[str, Any] = {
            "eventType": event_type, "timestamp": now_iso(), "triggerReason": trigger, "seqNo": self.seq_no,
            "transactionInfo": info, "meterValue": self.meter_value(context), "evse": {"id": 1, "connectorId": 1},
        }
        if id_token:
            payload["idToken"] = {"idToken": id_token, "type": "Central"}
        if self.link is None:
            payload["offline"] = True
        self.seq_no += 1
        self.tx_queue.append(payload)
        self.queue_event.set()

    async def send_queue(self) -> None:
        """Sends queued transaction messages in order; a message leaves the queue only when answered."""
        while True:
            await self.queue_event.wait()
            self.queue_event.clear()
            while self.tx_queue and self.link is not None:
                payload = self.tx_queue[0]
                try:
                    answer = await self.link.call(call.TransactionEvent(**_snake(payload)))
                except (ConnectionClosed, asyncio.TimeoutError):
                    break
                if payload["eventType"] == "Ended" and answer is not None and answer.total_cost is not None:
                    self.evse.cost = answer.total_cost
                self.tx_queue.pop(0)

    async def periodic_updates(self) -> None:
        while self.evse.tx_id is not None:
            await asyncio.sleep(self.tx_interval)
            if self.evse.tx_id is not None:
                self.queue_tx_event("Updated", "MeterValuePeriodic", "Charging")

    def target_power(self) -> float:
        """What the EVSE draws in a session: min(vehicle, rating, the profiles' limit now)."""
        self.limit_w = self.profiles.limit_w(datetime.now(timezone.utc), self.evse.tx_id, self.evse.tx_start_time)
        power = min(self.evse.ev_max_kw, self.evse.rated_kw) * 1000.0
        return max(0.0, power if self.limit_w is None else min(power, self.limit_w))

    def apply_limit(self) -> None:
        """Brings the drawn power to the limit now; a change is reported at once (ChargingRateChanged)."""
        power = self.target_power()
        if self.evse.tx_id is None or abs(power - self.evse.power_w) < 1.0:
            return
        LOG.info("%s charging rate %.0f W -> %.0f W (limit %s)", self.id, self.evse.power_w, power, self.limit_w)
        self.evse.set_power(power)
        self.queue_tx_event("Updated", "ChargingRateChanged", "Charging" if power > 0 else "SuspendedEVSE")

    async def limit_watch(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            if self.profiles.installed:
                self.apply_limit()

    def start_transaction(self, id_token: str, remote_start_id: int) -> str:
        self.evse.tx_id = f"{self.id}-{uuid.uuid4().hex[:8]}"
        self.evse.tx_start_wh = self.evse.advance()
        self.evse.tx_start_time = datetime.now(timezone.utc)
        self.evse.set_power(self.target_power())
        self.queue_tx_event("Started", "RemoteStart", "Charging", remote_start_id=remote_start_id, id_token=id_token)
        self.updates_task = asyncio.get_running_loop().create_task(self.periodic_updates())
        return self.evse.tx_id

    def stop_transaction(self, reason: str, trigger: str) -> None:
        self.evse.set_power(0.0)
        self.evse.last_tx_energy_wh = self.evse.advance() - self.evse.tx_start_wh
        self.queue_tx_event("Ended", trigger, "EVConnected" if self.evse.plugged else "Idle", stopped_reason=reason)
        self.evse.tx_id = None
        self.profiles.clear(None, {"charging_profile_purpose": "TxProfile"})  # a TxProfile ends with its transaction

    async def set_status(self, status: str) -> None:
        self.evse.status = status
        if self.link is not None:
            try:
                await self.link.call(call.StatusNotification(timestamp=now_iso(), connector_status=status,
                                                             evse_id=1, connector_id=1))
            except (ConnectionClosed, asyncio.TimeoutError):
                pass

    # -- the connection

    async def run(self) -> None:
        asyncio.get_running_loop().create_task(self.send_queue())
        asyncio.get_running_loop().create_task(self.limit_watch())
        while True:
            try:
                async with connect(self.url, subprotocols=["ocpp2.0.1"], open_timeout=5, ping_interval=None) as ws:
                    link = _Link(self.id, ws, self)
                    reader = asyncio.get_running_loop().create_task(link.start())
                    boot = await link.call(call.BootNotification(
                        charging_station={"model": "pysim", "vendor_name": "charger-bench",
                                          "firmware_version": self.firmware_version}, reason=self.boot_reason))
                    self.registration = boot.status
                    self.heartbeat_interval = boot.interval or 30
                    self.link = link
                    LOG.info("%s connected, boot %s", self.id, boot.status)
                    await self.set_status(self.evse.status)
                    self.queue_event.set()
                    asyncio.get_running_loop().create_task(link.after_boot_maintenance())
                    heartbeats = asyncio.get_running_loop().create_task(self.heartbeats())
                    try:
                        await reader
                    finally:
                        heartbeats.cancel()
            except (OSError, ConnectionClosed, asyncio.TimeoutError) as error:
                LOG.info("%s link down: %s", self.id, error)
            except Exception:  # noqa: BLE001 - keep the simulated station alive
                LOG.exception("%s link failed", self.id)
            self.link = None
            await asyncio.sleep(2)

    async def heartbeats(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            if self.link is not None:
                await self.link.call(call.Heartbeat())


class _Link(SmartChargingHandlers, MaintenanceHandlers, ChargePoint):
    def __init__(self, station_id: str, ws: Any, station: Station):
        super().__init__(station_id, ws, response_timeout=10)
        self.station = station

    @on(Action.request_start_transaction)
    async def on_start(self, id_token, remote_start_id, evse_id=None, **kwargs):
        evse = self.station.evse
        if evse.tx_id is not None or not evse.plugged or evse.status in ("Unavailable", "Faulted"):
            return call_result.RequestStartTransaction(status="Rejected")
        tx_id = self.station.start_transaction(id_token["id_token"], remote_start_id)
        return call_result.RequestStartTransaction(status="Accepted", transaction_id=tx_id)

    @on(Action.request_stop_transaction)
    async def on_stop(self, transaction_id, **kwargs):
        if self.station.evse.tx_id != transaction_id:
            return call_result.RequestStopTransaction(status="Rejected")
        asyncio.get_running_loop().call_soon(self.station.stop_transaction, "Remote", "RemoteStop")
        return call_result.RequestStopTransaction(status="Accepted")

    @on(Action.trigger_message)
    async def on_trigger(self, requested_message, evse=None, **kwargs):
        if requested_message == "Heartbeat":
            asyncio.get_running_loop().create_task(self.call(call.Heartbeat()))
        elif requested_message == "StatusNotification":
            asyncio.get_running_loop().create_task(self.station.set_status(self.station.evse.status))
        else:
            return call_result.TriggerMessage(status="NotImplemented")
        return call_result.TriggerMessage(status="Accepted")

    @on(Action.get_variables)
    async def on_get_variables(self, get_variable_data, **kwargs):
        results = []
        for item in get_variable_data:
            known = item["component"]["name"] == "SampledDataCtrlr" and item["variable"]["name"] == "TxUpdatedInterval"
            result = {"attribute_status": "Accepted" if known else "UnknownVariable", "component": item["component"],
                      "variable": item["variable"]}
            if known:
                result["attribute_value"] = str(self.station.tx_interval)
            results.append(result)
        return call_result.GetVariables(get_variable_result=results)

    @on(Action.set_variables)
    async def on_set_variables(self, set_variable_data, **kwargs):
        results = []
        for item in set_variable_data:
            status = "UnknownVariable"
            if item["component"]["name"] == "SampledDataCtrlr":
                if item["variable"]["name"] == "TxUpdatedInterval":
                    self.station.tx_interval = max(1, int(item["attribute_value"]))
                    status = "Accepted"
                elif item["variable"]["name"] == "TxUpdatedMeasurands":
                    status = "Accepted"
            results.append({"attribute_status": status, "component": item["component"], "variable": item["variable"]})
        return call_result.SetVariables(set_variable_result=results)

    @on(Action.change_availability)
    async def on_change_availability(self, operational_status, evse=None, **kwargs):
        status = "Unavailable" if operational_status == "Inoperative" else "Available"
        asyncio.get_running_loop().create_task(self.station.set_status(status))
        return call_result.ChangeAvailability(status="Accepted")

    @on(Action.reset)
    async def on_reset(self, type, evse_id=None, **kwargs):
        return call_result.Reset(status="Scheduled" if self.station.evse.tx_id else "Accepted")

    @on(Action.cost_updated)
    async def on_cost_updated(self, total_cost, transaction_id, **kwargs):
        self.station.evse.cost = total_cost
        return call_result.CostUpdated()


def _snake(payload: dict[str, Any]) -> dict[str, Any]:
    from ocpp.charge_point import camel_to_snake_case

    return camel_to_snake_case(payload)


# --- the control socket -------------------------------------------------------------------------------------


class Control:
    def __init__(self, stations: dict[str, Station]):
        self.stations = stations

    def pick(self, request: dict[str, Any]) -> Station:
        name = request.get("station")
        if name is None and len(self.stations) == 1:
            return next(iter(self.stations.values()))
        if name not in self.stations:
            raise KeyError(f"unknown station {name!r}")
        return self.stations[name]

    async def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        cmd = request.get("cmd")
        if cmd == "stations":
            return {"stations": sorted(self.stations)}
        station = self.pick(request)
        args = request.get("args") or {}
        evse = station.evse
        if cmd == "status":
            return {
                "station": {"id": station.id, "registration": station.registration,
                            "link": "connected" if station.link else "disconnected"},
                "evses": [{"id": 1, "connectorStatus": evse.status, "transactionId": evse.tx_id,
                           "energyWh": round(evse.session_energy(), 3), "powerW": evse.power_w,
                           "runningCost": evse.cost, "meterWh": round(evse.advance(), 3),
                           "chargingLimitW": station.limit_w,
                           "contactor": {"commanded": evse.power_w > 0, "feedback": evse.power_w > 0},
                           "indicator": "charging" if evse.tx_id else "idle", "meterHealth": "ok",
                           "lastError": None}],
                "inputs": {},
            }
        if cmd == "sim" and args.get("action") == "plug":
            evse.plugged = True
            evse.ev_max_kw = float(args.get("maxPowerKW") or evse.rated_kw)
            await station.set_status("Occupied")
            return {"plugged": True}
        if cmd == "sim" and args.get("action") == "unplug":
            evse.plugged = False
            if evse.tx_id is not None:
                station.stop_transaction("EVDisconnected", "EVCommunicationLost")
            await station.set_status("Available")
            return {"plugged": False}
        if cmd == "sim" and args.get("action") == "fault":
            if evse.tx_id is not None:
                station.stop_transaction("EVSEFault", "ChargingStateChanged")
            await station.set_status("Faulted")
            return {"fault": args.get("kind")}
        if cmd == "sim" and args.get("action") == "clear":
            await station.set_status("Occupied" if evse.plugged else "Available")
            return {"cleared": True}
        raise KeyError(f"unknown command {cmd!r} {args}")

    async def serve_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            try:
                request = json.loads(line)
                response = {"id": request.get("id"), "ok": True, "result": await self.handle(request)}
            except (KeyError, ValueError, TypeError) as error:
                response = {"id": None, "ok": False, "error": {"code": "BadRequest", "message": str(error)}}
            writer.write((json.dumps(response) + "\n").encode())
            await writer.drain()
        writer.close()


async def run(args: argparse.Namespace) -> None:
    fleet = load_fleet(args.fleet)
    selected = chargers(fleet)
    if args.only:
        wanted = args.only.split(",")
        unknown = set(wanted) - {c["id"] for c in selected}
        if unknown:
            raise SystemExit(f"error: --only names chargers not in the fleet: {', '.join(sorted(unknown))}")
        selected = [c for c in selected if c["id"] in wanted]
    if args.stations:
        selected = selected[: args.stations]
    stations = {c["id"]: Station(c["id"], float(c.get("ratedPowerKW") or 7), args.csms_url) for c in selected}
    control = Control(stations)
    socket_path = args.control_socket or os.environ.get("CHARGERD_SOCKET", "/run/chargerd/control.sock")
    Path(socket_path).parent.mkdir(parents=True, exist_ok=True)
    if Path(socket_path).exists():
        Path(socket_path).unlink()
    server = await asyncio.start_unix_server(control.serve_client, path=socket_path)
    os.chmod(socket_path, 0o660)
    for station in stations.values():
        asyncio.get_running_loop().create_task(station.run())
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    print(f"pysim: {len(stations)} stations, control socket {socket_path}", flush=True)
    await stop.wait()
    server.close()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="charger_bench pysim")
    p.add_argument("--fleet", required=True)
    p.add_argument("--csms-url", required=True)
    p.add_argument("--stations", type=int)
    p.add_argument("--only")
    p.add_argument("--control-socket")
    p.add_argument("--state-dir")
    p.add_argument("--manual", action="store_true")
    p.add_argument("--log-level", default="info")
    args = p.parse_args(argv)
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.INFO), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("ocpp").setLevel(logging.WARNING)
    asyncio.run(run(args))
    return 0
