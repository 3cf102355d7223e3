"""The bench's REST API and the GIS dashboard (aiohttp).

Reads come from the database; commands go to a connected station through its `StationLink` and return
the station's answer. Every error is JSON: {"ok": false, "error": {"code": ..., "reason": ...}}.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from aiohttp import web
from ocpp.v201 import call

from .csms import BenchCsms
from .db import iso, parse_time
from .rest_maintenance import MaintenanceRoutes
from .rest_site import SiteRoutes

LOG = logging.getLogger("bench.rest")
STATIC = Path(__file__).resolve().parent / "static"


class ApiError(Exception):
    def __init__(self, status: int, code: str, reason: str):
        super().__init__(reason)
        self.status, self.code, self.reason = status, code, reason


def error_response(status: int, code: str, reason: str) -> web.Response:
    return web.json_response({"ok": False, "error": {"code": code, "reason": reason}}, status=status)


@web.middleware
async def errors_as_json(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        LOG.info("%s %s -> %d %s: %s", request.method, request.path, error.status, error.code, error.reason)
        return error_response(error.status, error.code, error.reason)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return error_response(error.status, error.reason.replace(" ", ""), f"{request.method} {request.path}: "
                              f"{error.reason}")
    except Exception as error:  # the server keeps running; the client gets a reason
        LOG.exception("%s %s failed", request.method, request.path)
        return error_response(500, "InternalError", f"{type(error).__name__}: {error}")


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def ok(result: Any, status: int = 200) -> web.Response:
    return web.json_response({"ok": True, "result": jsonable(result)}, status=status)


TIME_COLUMNS = ("last_boot", "last_heartbeat", "last_seen", "start_time", "end_time", "created_at", "recorded_at",
                "event_time", "received_at", "updated_at", "last_sample_time", "sent_at", "answered_at")


def normalize(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (iso(v) if k in TIME_COLUMNS and v is not None else v) for k, v in row.items()}


class BenchApi:
    def __init__(self, csms: BenchCsms):
        self.csms = csms
        self.db = csms.db

    # -- live view of the chargers

    def charger_views(self) -> list[dict[str, Any]]:
        evses: dict[str, list[dict[str, Any]]] = {}
        for row in self.db.evse_statuses():
            evses.setdefault(row["charger_id"], []).append(row)
        active: dict[str, list[dict[str, Any]]] = {}
        for row in self.db.active_transactions():
            active.setdefault(row["charger_id"], []).append(row)
        running_jobs = self.csms.maintenance.running_jobs()
        views = []
        for row in self.db.chargers():
            charger_id = row["charger_id"]
            connected = bool(row["connected"]) and charger_id in self.csms.links
            txs = active.get(charger_id, [])
            connectors = evses.get(charger_id, [])
            power_w = sum(max(0.0, tx["power_w"] or 0.0) for tx in txs)
            energy_wh = sum(
                max(0.0, (tx["meter_last_wh"] or 0.0) - (tx["meter_start_wh"] or 0.0))
                for tx in txs if tx["meter_start_wh"] is not None
            )
            faulted = any(c["connector_status"] == "Faulted" for c in connectors)
            charging = any(
                tx["charging_state"] == "Charging" or (tx["charging_state"] is None and (tx["power_w"] or 0) > 0)
                for tx in txs
            )
            if not connected:
                state = "offline"
            elif faulted:
                state = "faulted"
            elif charging:
                state = "charging"
            elif txs or any(c["connector_status"] == "Occupied" for c in connectors):
                state = "occupied"
            elif connectors and all(c["connector_status"] == "Unavailable" for c in connectors):
                state = "unavailable"
            else:
                state = "available"
            views.append({
                "chargerId": charger_id,
                "storeId": row["store_id"],
                "storeName": row["store_name"],
                "kind": row["kind"],
                "ratedPowerKW": row["rated_power_kw"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "connected": connected,
                "registration": row["registration"],
                "heartbeatInterval": row["heartbeat_interval"],
                "bootCount": row["boot_count"] or 0,
                "heartbeatCount": row["heartbeat_count"] or 0,
                "lastBoot": iso(row["last_boot"]),
                "lastHeartbeat": iso(row["last_heartbeat"]),
                "lastSeen": iso(row["last_seen"]),
                "vendor": row["vendor"],
                "model": row["model"],
                "firmwareVersion": row["firmware"],
                "jobs": running_jobs.get(charger_id, []),
                "state": state,
                "powerKW": round(power_w / 1000.0, 3),
                "energyKWh": round(energy_wh / 1000.0, 4),
                "cost": round(sum(tx["cost"] or 0.0 for tx in txs), 2),
                # The site limit in force on it (ChargingStationMaxProfile the charger Accepted), None without one.
                "limitKW": self.csms.site.charger_limit_kw(charger_id),
                "connectors": [
                    {"evseId": c["evse_id"], "connectorId": c["connector_id"], "status": c["connector_status"]}
                    for c in connectors
                ],
                "transactions": [
                    {"transactionId": tx["transaction_id"], "evseId": tx["evse_id"], "idToken": tx["id_token"],
                     "chargingState": tx["charging_state"], "startTime": iso(tx["start_time"]),
                     "powerKW": round((tx["power_w"] or 0.0) / 1000.0, 3),
                     "energyKWh": round(max(0.0, (tx["meter_last_wh"] or 0.0) - (tx["meter_start_wh"] or 0.0))
                                        / 1000.0, 4) if tx["meter_start_wh"] is not None else 0.0,
                     "cost": tx["cost"], "lastSeqNo": tx["last_seq_no"]}
                    for tx in txs
                ],
            })
        return views

    def known(self, charger_id: str) -> None:
        if charger_id not in self.csms.links and not self.db.is_known_charger(charger_id):
            raise ApiError(404, "UnknownStation", f"no charger {charger_id!r} in charger_info and none connected")

    def link(self, charger_id: str):
        self.known(charger_id)
        link = self.csms.links.get(charger_id)
        if link is None:
            raise ApiError(409, "NotConnected", f"charger {charger_id!r} is not connected to the CSMS")
        return link

    # -- handlers

    async def health(self, request: web.Request) -> web.Response:
        return ok({"database": self.db.target.describe(), "connected": sorted(self.csms.links),
                   "tariffPerKWh": self.csms.settings.tariff_per_kwh})

    async def stores(self, request: web.Request) -> web.Response:
        return ok([normalize(r) | {"limitKW": self.csms.site.limits.get(r["store_id"])} for r in self.db.stores()])

    async def chargers(self, request: web.Request) -> web.Response:
        views = self.charger_views()
        return ok({
            "chargers": views,
            "totalPowerKW": round(sum(v["powerKW"] for v in views), 3),
            "charging": sum(1 for v in views if v["state"] == "charging"),
            "connected": sum(1 for v in views if v["connected"]),
        })

    async def charger(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        for view in self.charger_views():
            if view["chargerId"] == charger_id:
                return ok(view)
        raise ApiError(404, "UnknownStation", f"no charger {charger_id!r}")

    async def sessions(self, request: web.Request) -> web.Response:
        since = request.query.get("since")
        try:
            since_time = parse_time(since) if since else None
            limit = int(request.query.get("limit", "500"))
        except ValueError as error:
            raise ApiError(400, "BadQuery", f"bad query parameter: {error}") from error
        rows = self.db.sessions(request.query.get("charger_id"), since_time, limit)
        return ok([normalize(r) for r in rows])

    async def connections(self, request: web.Request) -> web.Response:
        rows = self.db.connection_log(request.query.get("charger_id"), int(request.query.get("limit", "500")))
        return ok([normalize(r) for r in rows])

    async def transaction_events(self, request: web.Request) -> web.Response:
        rows = self.db.transaction_events(request.query.get("charger_id"), request.query.get("transaction_id"))
        for row in rows:
            row["offline"] = bool(row["offline"])
            row["duplicate"] = bool(row["duplicate"])
        return ok([normalize(r) for r in rows])

    async def scenario_start(self, request: web.Request) -> web.Response:
        body = await self.body(request)
        scenario = self.field(body, "scenario", int)
        return ok({"runId": self.db.start_scenario(scenario)}, status=201)

    async def scenario_finish(self, request: web.Request) -> web.Response:
        body = await self.body(request)
        run_id = int(request.match_info["run_id"])
        self.db.finish_scenario(run_id, self.field(body, "outcome", str), body.get("details") or {})
        return ok({"runId": run_id})

    # -- commands to a station

    async def body(self, request: web.Request) -> dict[str, Any]:
        text = await request.text()
        if not text.strip():
            return {}
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise ApiError(400, "MalformedBody", f"the request body is not JSON: {error.msg} at line "
                           f"{error.lineno} column {error.colno}") from error
        if not isinstance(body, dict):
            raise ApiError(400, "MalformedBody", "the request body must be a JSON object")
        return body

    @staticmethod
    def field(body: dict[str, Any], name: str, kind: type, default: Any = ..., choices: tuple[str, ...] = ()) -> Any:
        if name not in body or body[name] is None:
            if default is ...:
                raise ApiError(400, "MissingField", f"the body needs {name!r} ({kind.__name__})")
            return default
        value = body[name]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ApiError(400, "BadField", f"{name!r} must be an integer, got {value!r}")
        if kind is str and not isinstance(value, str):
            raise ApiError(400, "BadField", f"{name!r} must be a string, got {value!r}")
        if kind is list and not isinstance(value, list):
            raise ApiError(400, "BadField", f"{name!r} must be a list, got {value!r}")
        if choices and value not in choices:
            raise ApiError(400, "BadField", f"{name!r} must be one of {', '.join(choices)}, got {value!r}")
        return value

    async def send(self, charger_id: str, request: Any) -> web.Response:
        answer = await self.station_answer(charger_id, request)
        return ok({"chargerId": charger_id, "action": type(request).__name__, "response": answer})

    async def station_answer(self, charger_id: str, request: Any) -> dict[str, Any]:
        """Sends one CALL and returns the station's answer payload; an ApiError when there is none."""
        link = self.link(charger_id)
        status, answer = await link.command(request)
        action = type(request).__name__
        if status == "result":
            return answer
        if status == "timeout":
            raise ApiError(504, "StationTimeout", answer["reason"])
        if status == "disconnected":
            raise ApiError(409, "NotConnected", answer["reason"])
        if status == "callerror":
            raise ApiError(502, "StationCallError",
                           f"{charger_id} answered {action} with {answer['errorCode']}: {answer['errorDescription']}")
        raise ApiError(400, "InvalidRequest", f"{action} failed the OCPP schema: {answer.get('reason')}")

    async def start(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        token = self.field(body, "idToken", str, "BENCH-REMOTE")
        payload: dict[str, Any] = {
            "id_token": {"id_token": token, "type": self.field(body, "idTokenType", str, "Central")},
            "remote_start_id": self.field(body, "remoteStartId", int, self._next_remote_start_id()),
        }
        evse_id = self.field(body, "evseId", int, 1)
        if evse_id is not None:
            payload["evse_id"] = evse_id
        return await self.send(charger_id, call.RequestStartTransaction(**payload))

    _remote_start_counter = 0

    def _next_remote_start_id(self) -> int:
        BenchApi._remote_start_counter += 1
        return int(datetime.now().timestamp()) % 1_000_000 * 100 + BenchApi._remote_start_counter % 100

    async def stop(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        tx_id = self.field(body, "transactionId", str, None)
        if tx_id is None:
            active = [tx for tx in self.db.active_transactions() if tx["charger_id"] == charger_id]
            if not active:
                raise ApiError(409, "NoTransaction", f"charger {charger_id!r} has no active transaction to stop")
            tx_id = active[-1]["transaction_id"]
        return await self.send(charger_id, call.RequestStopTransaction(transaction_id=tx_id))

    async def reset(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        kind = self.field(body, "type", str, "OnIdle", ("Immediate", "OnIdle"))
        return await self.send(charger_id, call.Reset(type=kind, evse_id=self.field(body, "evseId", int, None)))

    async def availability(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        status = self.field(body, "operationalStatus", str, ..., ("Operative", "Inoperative"))
        evse = None
        if body.get("evseId") is not None:
            evse = {"id": self.field(body, "evseId", int)}
            if body.get("connectorId") is not None:
                evse["connector_id"] = self.field(body, "connectorId", int)
        return await self.send(charger_id, call.ChangeAvailability(operational_status=status, evse=evse))

    async def trigger(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        message = self.field(body, "requestedMessage", str)
        evse = None
        if body.get("evseId") is not None:
            evse = {"id": self.field(body, "evseId", int)}
        return await self.send(charger_id, call.TriggerMessage(requested_message=message, evse=evse))

    @staticmethod
    def _variable_items(items: list[Any], with_value: bool) -> list[dict[str, Any]]:
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("component"), dict) \
                    or not isinstance(item.get("variable"), dict):
                raise ApiError(400, "BadField", f"item {index} needs 'component' and 'variable' objects")
            entry: dict[str, Any] = {
                "component": _snake(item["component"]),
                "variable": _snake(item["variable"]),
            }
            if item.get("attributeType") is not None:
                entry["attribute_type"] = item["attributeType"]
            if with_value:
                if not isinstance(item.get("attributeValue"), str):
                    raise ApiError(400, "BadField", f"item {index} needs 'attributeValue' as a string")
                entry["attribute_value"] = item["attributeValue"]
            out.append(entry)
        return out

    async def get_variables(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        items = self._variable_items(self.field(body, "getVariableData", list), with_value=False)
        return await self.send(charger_id, call.GetVariables(get_variable_data=items))

    async def set_variables(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.known(charger_id)
        body = await self.body(request)
        items = self._variable_items(self.field(body, "setVariableData", list), with_value=True)
        return await self.send(charger_id, call.SetVariables(set_variable_data=items))

    async def dashboard(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "advanced_dashboard.html")

    async def not_found(self, request: web.Request) -> web.Response:
        raise ApiError(404, "NotFound", f"no route {request.method} {request.path}")


def _snake(obj: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in obj.items():
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
        out[snake] = _snake(value) if isinstance(value, dict) else value
    return out


def build_app(csms: BenchCsms) -> web.Application:
    api = BenchApi(csms)
    app = web.Application(middlewares=[errors_as_json])
    app.add_routes([
        web.get("/", lambda r: web.HTTPFound("/advanced_dashboard.html")),
        web.get("/advanced_dashboard.html", api.dashboard),
        web.get("/api/health", api.health),
        web.get("/api/stores", api.stores),
        web.get("/api/chargers", api.chargers),
        web.get("/api/chargers/{charger_id}", api.charger),
        web.get("/api/sessions", api.sessions),
        web.get("/api/connections", api.connections),
        web.get("/api/transaction-events", api.transaction_events),
        web.post("/api/chargers/{charger_id}/start", api.start),
        web.post("/api/chargers/{charger_id}/stop", api.stop),
        web.post("/api/chargers/{charger_id}/reset", api.reset),
        web.post("/api/chargers/{charger_id}/availability", api.availability),
        web.post("/api/chargers/{charger_id}/trigger", api.trigger),
        web.post("/api/chargers/{charger_id}/variables/get", api.get_variables),
        web.post("/api/chargers/{charger_id}/variables/set", api.set_variables),
        web.post("/api/scenario-runs", api.scenario_start),
        web.post("/api/scenario-runs/{run_id}", api.scenario_finish),
        *MaintenanceRoutes(api, csms.maintenance).routes(),
        *SiteRoutes(api, csms.site).routes(),
        web.route("*", "/{tail:.*}", api.not_found),
    ])
    return app
