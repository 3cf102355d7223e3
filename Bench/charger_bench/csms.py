"""The bench CSMS: OCPP 2.0.1 over WebSocket on the `ocpp` library, recording into the bench database.

Every station message is routed through `ocpp.v201.ChargePoint`, so each CALL and answer is validated
against the OCA schemas. Session state lives in the database, not in memory, so a CSMS restarted on the
same database (scenario 4) carries on with the sessions it knew.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ocpp.charge_point import remove_nones, serialize_as_dict, snake_to_camel_case
from ocpp.exceptions import OCPPError
from ocpp.messages import Call, CallError, CallResult, MessageType, unpack
from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action
from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from . import HEARTBEAT_INTERVAL
from .db import Database, iso, parse_time, utcnow
from .maintenance import Maintenance
from .site import SiteBalancer

BENCH_BUILD_DIR = Path(__file__).resolve().parents[2] / ".build" / "bench"

LOG = logging.getLogger("bench.csms")


def log_event(level: int, message: str, station: str | None = None, message_id: str | None = None,
              **fields: Any) -> None:
    """One line per event, station id and message id as metadata."""
    meta = " ".join(f"{k}={v}" for k, v in (("station", station), ("messageId", message_id), *fields.items())
                    if v is not None)
    LOG.log(level, "%s%s", message, f" [{meta}]" if meta else "")


@dataclass
class CsmsSettings:
    tariff_per_kwh: float = 150.0
    heartbeat_interval: int = HEARTBEAT_INTERVAL
    call_timeout: float = 15.0
    # Pushed to each station after it boots, so the dashboard sees power during a session; 0 = leave alone.
    tx_updated_interval: int = 5
    cost_update_min_seconds: float = 0.0
    basic_auth_password: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    tls_client_ca: str | None = None
    # Firmware files served at /firmware/<name>, log uploads stored per charger (maintenance.py).
    firmware_dir: str = str(BENCH_BUILD_DIR / "firmware")
    upload_dir: str = str(BENCH_BUILD_DIR / "uploads")
    max_upload_mb: int = 512
    # The store limits are re-balanced at least this often (site.py).
    site_interval: float = 10.0


# --- meter values -----------------------------------------------------------------------------------


def _scaled(sample: dict[str, Any], base_unit: str) -> float | None:
    """The value of one sampledValue in Wh or W (kWh/kW are scaled up; a multiplier is applied)."""
    try:
        value = float(sample["value"])
    except (KeyError, TypeError, ValueError):
        return None
    unit = (sample.get("unit_of_measure") or {}).get("unit", base_unit)
    multiplier = (sample.get("unit_of_measure") or {}).get("multiplier", 0) or 0
    value *= 10 ** int(multiplier)
    if unit and unit.lower() == f"k{base_unit.lower()}":
        value *= 1000
    return value


def read_meter(meter_values: list[dict[str, Any]] | None) -> tuple[float | None, float | None, datetime | None]:
    """(energy Wh, power W, timestamp) of the latest sample in a list of meterValue (snake_case)."""
    energy = power = None
    stamp = None
    for meter_value in meter_values or []:
        sample_energy = sample_power = None
        energy_phases: list[float] = []
        power_phases: list[float] = []
        for sample in meter_value.get("sampled_value", []):
            measurand = sample.get("measurand", "Energy.Active.Import.Register")
            if measurand == "Energy.Active.Import.Register":
                value = _scaled(sample, "Wh")
                if value is None:
                    continue
                if sample.get("phase"):
                    energy_phases.append(value)
                else:
                    sample_energy = value
            elif measurand == "Power.Active.Import":
                value = _scaled(sample, "W")
                if value is None:
                    continue
                if sample.get("phase"):
                    power_phases.append(value)
                else:
                    sample_power = value
        if sample_energy is None and energy_phases:
            sample_energy = sum(energy_phases)
        if sample_power is None and power_phases:
            sample_power = sum(power_phases)
        if sample_energy is not None:
            energy = sample_energy
        if sample_power is not None:
            power = sample_power
        if sample_energy is not None or sample_power is not None:
            stamp = parse_time(meter_value.get("timestamp")) or stamp
    return energy, power, stamp


# --- one connected station -----------------------------------------------------------------------------


class StationLink(ChargePoint):
    """One connected station: answers its CALLs, records them, and carries the bench's commands to it."""

    def __init__(self, station_id: str, connection: Any, server: "BenchCsms"):
        super().__init__(station_id, connection, response_timeout=server.settings.call_timeout)
        self.server = server
        self.db: Database = server.db
        self.settings = server.settings
        self._incoming: dict[str, str] = {}
        self._outgoing: dict[str, str] = {}
        self._answers: dict[str, Any] = {}
        self._last_cost_push: dict[str, float] = {}
        self.booted = False  # answered Accepted: the bench may send it commands of its own (the site limit)

    # -- frames

    def _record(self, direction: str, message: Any, detail: str | None = None) -> str | None:
        kind = {MessageType.Call: "CALL", MessageType.CallResult: "CALLRESULT", MessageType.CallError: "CALLERROR"}[
            message.message_type_id
        ]
        if isinstance(message, Call):
            action = message.action
            (self._incoming if direction == "in" else self._outgoing)[message.unique_id] = action
        else:
            action = (self._outgoing if direction == "in" else self._incoming).pop(message.unique_id, None)
        if isinstance(message, CallError):
            detail = f"{message.error_code}: {message.error_description}"
        elif detail is None and isinstance(message, CallResult):
            detail = _result_detail(action, message.payload)
        elif detail is None and isinstance(message, Call):
            detail = _call_detail(action, message.payload)
        self.db.log_message(self.id, direction, kind, action, message.unique_id, detail)
        return action

    async def route_message(self, raw_msg: str) -> None:
        try:
            message = unpack(raw_msg)
        except OCPPError as error:
            log_event(logging.WARNING, f"unparseable frame: {error}", self.id)
            return
        self._record("in", message)
        if message.message_type_id == MessageType.Call:
            log_event(logging.INFO, f"{message.action} received", self.id, message.unique_id)
            try:
                await self._handle_call(message)
            except OCPPError as error:
                log_event(logging.WARNING, f"{message.action} rejected: {error.code} {error.description}", self.id,
                          message.unique_id)
                await self._send(message.create_call_error(error).to_json())
        else:
            self._answers[message.unique_id] = message
            self._response_queue.put_nowait(message)

    async def _send(self, message: str) -> None:
        self._record("out", unpack(message))
        await self._connection.send(message)

    # -- commands from the REST API

    async def command(self, request: Any) -> tuple[str, dict[str, Any]]:
        """Sends one CALL; returns (status, payload): status is result, callerror, invalid or timeout."""
        action = type(request).__name__
        message_id = str(uuid.uuid4())
        log_event(logging.INFO, f"{action} sent", self.id, message_id)
        try:
            await self.call(request, suppress=False, unique_id=message_id)
        except asyncio.TimeoutError:
            return "timeout", {"reason": f"no answer to {action} within {self.settings.call_timeout:g} s"}
        except OCPPError as error:
            answer = self._answers.pop(message_id, None)
            if isinstance(answer, CallError):
                return "callerror", {"errorCode": answer.error_code, "errorDescription": answer.error_description}
            return "invalid", {"errorCode": error.code, "reason": str(error.description)}
        except ConnectionClosed:
            return "disconnected", {"reason": "the station disconnected before answering"}
        answer = self._answers.pop(message_id, None)
        return "result", answer.payload if answer is not None else {}

    # -- what a station sends

    @on(Action.boot_notification)
    async def on_boot_notification(self, charging_station, reason, **kwargs):
        self.db.record_boot(
            self.id, charging_station.get("vendor_name"), charging_station.get("model"),
            charging_station.get("firmware_version"), "Accepted", self.settings.heartbeat_interval,
        )
        return call_result.BootNotification(
            current_time=iso(utcnow()), interval=self.settings.heartbeat_interval, status="Accepted"
        )

    @after(Action.boot_notification)
    async def after_boot_notification(self, **kwargs):
        self.booted = True
        self.server.site.changed(self.id, "connected")
        if self.settings.tx_updated_interval <= 0:
            return
        await asyncio.sleep(0.2)
        data = [
            {"attribute_value": str(self.settings.tx_updated_interval),
             "component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}},
            {"attribute_value": "Energy.Active.Import.Register,Power.Active.Import",
             "component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedMeasurands"}},
        ]
        status, answer = await self.command(call.SetVariables(set_variable_data=data))
        log_event(logging.INFO, f"meter sampling configured: {status} {answer}", self.id)

    @on(Action.heartbeat)
    async def on_heartbeat(self, **kwargs):
        self.db.record_heartbeat(self.id)
        return call_result.Heartbeat(current_time=iso(utcnow()))

    @on(Action.status_notification)
    async def on_status_notification(self, timestamp, connector_status, evse_id, connector_id, **kwargs):
        self.db.record_connector_status(self.id, evse_id, connector_id, connector_status)
        self.server.site.changed(self.id, f"status {connector_status}")
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, id_token, **kwargs):
        return call_result.Authorize(id_token_info={"status": "Accepted"})

    @on(Action.meter_values)
    async def on_meter_values(self, evse_id, meter_value, **kwargs):
        energy, power, stamp = read_meter(meter_value)
        if energy is not None or power is not None:
            self.db.record_meter_reading(self.id, evse_id, None, stamp, energy, power, "MeterValues")
        return call_result.MeterValues()

    @on(Action.transaction_event)
    async def on_transaction_event(self, event_type, timestamp, trigger_reason, seq_no, transaction_info,
                                   call_unique_id=None, meter_value=None, offline=False, evse=None, id_token=None,
                                   **kwargs):
        total_cost = self.server.transactions.apply(
            self.id, call_unique_id, event_type, timestamp, trigger_reason, seq_no, transaction_info,
            meter_value, bool(offline), evse, id_token,
        )
        if event_type in ("Started", "Ended"):
            self.server.site.changed(self.id, f"transaction {event_type}")
        id_token_info = {"status": "Accepted"} if id_token is not None else None
        return call_result.TransactionEvent(
            total_cost=total_cost if event_type == "Ended" else None, id_token_info=id_token_info
        )

    @after(Action.transaction_event)
    async def after_transaction_event(self, event_type, transaction_info, offline=False, **kwargs):
        """Pushes the running cost of a session (CostUpdated) after each update the station sends online."""
        if event_type != "Updated" or offline:
            return
        tx_id = transaction_info["transaction_id"]
        row = self.db.transaction(self.id, tx_id)
        if row is None or row["state"] == "Ended" or row["cost"] is None:
            return
        now = asyncio.get_running_loop().time()
        if now - self._last_cost_push.get(tx_id, -1e9) < self.settings.cost_update_min_seconds:
            return
        self._last_cost_push[tx_id] = now
        status, answer = await self.command(call.CostUpdated(total_cost=round(row["cost"], 2), transaction_id=tx_id))
        if status != "result":
            log_event(logging.WARNING, f"CostUpdated not accepted: {status} {answer}", self.id, transaction=tx_id)

    @on(Action.notify_report)
    async def on_notify_report(self, **kwargs):
        return call_result.NotifyReport()

    @on(Action.notify_event)
    async def on_notify_event(self, **kwargs):
        return call_result.NotifyEvent()

    @on(Action.notify_monitoring_report)
    async def on_notify_monitoring_report(self, **kwargs):
        return call_result.NotifyMonitoringReport()

    @on(Action.security_event_notification)
    async def on_security_event_notification(self, **kwargs):
        return call_result.SecurityEventNotification()

    @on(Action.firmware_status_notification)
    async def on_firmware_status_notification(self, status, request_id=None, **kwargs):
        self.server.maintenance.firmware_status(self.id, status, request_id)
        return call_result.FirmwareStatusNotification()

    @on(Action.publish_firmware_status_notification)
    async def on_publish_firmware_status_notification(self, **kwargs):
        return call_result.PublishFirmwareStatusNotification()

    @on(Action.log_status_notification)
    async def on_log_status_notification(self, status, request_id=None, **kwargs):
        self.server.maintenance.log_status(self.id, status, request_id)
        return call_result.LogStatusNotification()

    @on(Action.notify_charging_limit)
    async def on_notify_charging_limit(self, **kwargs):
        return call_result.NotifyChargingLimit()

    @on(Action.cleared_charging_limit)
    async def on_cleared_charging_limit(self, **kwargs):
        return call_result.ClearedChargingLimit()

    @on(Action.notify_ev_charging_needs)
    async def on_notify_ev_charging_needs(self, **kwargs):
        return call_result.NotifyEVChargingNeeds(status="Rejected")

    @on(Action.notify_ev_charging_schedule)
    async def on_notify_ev_charging_schedule(self, **kwargs):
        return call_result.NotifyEVChargingSchedule(status="Accepted")

    @on(Action.notify_customer_information)
    async def on_notify_customer_information(self, data, seq_no, generated_at, request_id, tbc=False, **kwargs):
        self.server.maintenance.customer_information_page(self.id, request_id, seq_no, tbc, data, generated_at)
        return call_result.NotifyCustomerInformation()

    @on(Action.notify_display_messages)
    async def on_notify_display_messages(self, **kwargs):
        return call_result.NotifyDisplayMessages()

    @on(Action.report_charging_profiles)
    async def on_report_charging_profiles(self, request_id, charging_limit_source, charging_profile, evse_id,
                                          tbc=False, **kwargs):
        reports = self.server.profile_reports.setdefault((self.id, request_id), [])
        reports.append({"evseId": evse_id, "chargingLimitSource": charging_limit_source, "tbc": bool(tbc),
                        "chargingProfile": [snake_to_camel_case(p) for p in charging_profile]})
        return call_result.ReportChargingProfiles()

    @on(Action.reservation_status_update)
    async def on_reservation_status_update(self, **kwargs):
        return call_result.ReservationStatusUpdate()

    @on(Action.data_transfer)
    async def on_data_transfer(self, vendor_id, **kwargs):
        return call_result.DataTransfer(status="UnknownVendorId")

    @on(Action.sign_certificate)
    async def on_sign_certificate(self, **kwargs):
        return call_result.SignCertificate(status="Rejected")

    @on(Action.get_certificate_status)
    async def on_get_certificate_status(self, **kwargs):
        return call_result.GetCertificateStatus(status="Failed")

    @on(Action.get_15118_ev_certificate)
    async def on_get_15118_ev_certificate(self, **kwargs):
        return call_result.Get15118EVCertificate(status="Failed", exi_response="")


def _call_detail(action: str | None, payload: dict[str, Any]) -> str | None:
    if action == "StatusNotification":
        return f"evse {payload.get('evseId')} connector {payload.get('connectorId')}: {payload.get('connectorStatus')}"
    if action == "TransactionEvent":
        info = payload.get("transactionInfo", {})
        return (f"{payload.get('eventType')} tx={info.get('transactionId')} seqNo={payload.get('seqNo')} "
                f"offline={bool(payload.get('offline'))} trigger={payload.get('triggerReason')}")
    if action == "BootNotification":
        return (f"reason={payload.get('reason')} "
                f"firmware={(payload.get('chargingStation') or {}).get('firmwareVersion')}")
    if action == "SecurityEventNotification":
        return f"type={payload.get('type')}"
    if action in ("FirmwareStatusNotification", "LogStatusNotification"):
        return f"status={payload.get('status')} requestId={payload.get('requestId')}"
    return None


def _result_detail(action: str | None, payload: dict[str, Any]) -> str | None:
    if action == "BootNotification":
        return f"status={payload.get('status')} interval={payload.get('interval')}"
    if "status" in payload:
        return f"status={payload['status']}"
    if action == "TransactionEvent" and "totalCost" in payload:
        return f"totalCost={payload['totalCost']}"
    return None


# --- session accounting ------------------------------------------------------------------------------------


class TransactionBook:
    """Turns TransactionEvents into rows: the live transaction, the event log and, at the end, the usage row.

    Energy is the Energy.Active.Import.Register of the events: the latest value minus the one of the
    Started event (or the first value the session reported), never power × time."""

    def __init__(self, db: Database, tariff_per_kwh: float):
        self.db = db
        self.tariff = tariff_per_kwh

    def cost_of(self, energy_wh: float) -> float:
        return round(energy_wh / 1000.0 * self.tariff, 2)

    def apply(self, charger_id: str, message_id: str | None, event_type: str, timestamp: str, trigger: str,
              seq_no: int, info: dict[str, Any], meter_value: list[dict[str, Any]] | None, offline: bool,
              evse: dict[str, Any] | None, id_token: dict[str, Any] | None) -> float | None:
        tx_id = info["transaction_id"]
        event_time = parse_time(timestamp)
        energy, power, sample_time = read_meter(meter_value)
        duplicate = self.db.is_duplicate_event(charger_id, tx_id, seq_no, event_type)
        self.db.log_transaction_event(charger_id, tx_id, event_type, seq_no, offline, trigger, event_time, energy,
                                      power, duplicate, message_id)
        log_event(logging.INFO, f"TransactionEvent {event_type}", charger_id, message_id, transaction=tx_id,
                  seqNo=seq_no, offline=offline or None, energyWh=energy, duplicate=duplicate or None)
        row = self.db.transaction(charger_id, tx_id)
        if duplicate and row is not None:
            return row["cost"]
        now = utcnow()
        if row is None:
            row = {
                "charger_id": charger_id, "transaction_id": tx_id, "evse_id": (evse or {}).get("id"),
                "id_token": (id_token or {}).get("id_token"), "state": "Started", "charging_state": None,
                "start_time": event_time, "end_time": None, "meter_start_wh": None, "meter_last_wh": None,
                "last_sample_time": None, "power_w": None, "cost": 0.0, "last_seq_no": None,
                "stopped_reason": None, "updated_at": now,
            }
        else:
            row["start_time"] = parse_time(row["start_time"])
            row["last_sample_time"] = parse_time(row["last_sample_time"])
        if event_type == "Started" and event_time is not None:
            row["start_time"] = event_time
        if evse and evse.get("id") is not None:
            row["evse_id"] = evse["id"]
        if id_token and id_token.get("id_token"):
            row["id_token"] = id_token["id_token"]
        if info.get("charging_state"):
            row["charging_state"] = info["charging_state"]
        sample_time = sample_time or event_time
        if energy is not None:
            if row["meter_start_wh"] is None or (event_type == "Started" and seq_no is not None
                                                 and (row["last_seq_no"] is None or seq_no <= row["last_seq_no"])):
                row["meter_start_wh"] = energy
            previous_energy, previous_time = row["meter_last_wh"], row["last_sample_time"]
            newer = previous_time is None or sample_time is None or sample_time >= previous_time
            if newer:
                if power is None and previous_energy is not None and previous_time and sample_time:
                    seconds = (sample_time - previous_time).total_seconds()
                    power = (energy - previous_energy) * 3600.0 / seconds if seconds > 0 else row["power_w"]
                row["meter_last_wh"] = energy
                row["last_sample_time"] = sample_time
        if power is not None:
            row["power_w"] = power
        if row["charging_state"] in ("SuspendedEV", "SuspendedEVSE", "EVConnected", "Idle"):
            row["power_w"] = 0.0 if power is None else power
        if row["meter_start_wh"] is not None and row["meter_last_wh"] is not None:
            row["cost"] = self.cost_of(row["meter_last_wh"] - row["meter_start_wh"])
        row["last_seq_no"] = seq_no if row["last_seq_no"] is None else max(row["last_seq_no"], seq_no)
        row["updated_at"] = now
        if energy is not None or power is not None:
            self.db.record_meter_reading(charger_id, row["evse_id"], tx_id, sample_time, energy, row["power_w"],
                                         f"TransactionEvent.{event_type}")
        if event_type == "Ended":
            row["state"] = "Ended"
            row["end_time"] = event_time
            row["power_w"] = 0.0
            row["stopped_reason"] = info.get("stopped_reason")
            self.db.upsert_transaction(row)
            self._record_usage(row)
        else:
            self.db.upsert_transaction(row)
        return row["cost"]

    def _record_usage(self, row: dict[str, Any]) -> None:
        energy_wh = 0.0
        if row["meter_start_wh"] is not None and row["meter_last_wh"] is not None:
            energy_wh = max(0.0, row["meter_last_wh"] - row["meter_start_wh"])
        start, end = row["start_time"], row["end_time"]
        duration = round((end - start).total_seconds()) if start and end else None
        recorded = self.db.record_usage({
            "charger_id": row["charger_id"], "transaction_id": row["transaction_id"], "evse_id": row["evse_id"],
            "id_token": row["id_token"], "start_time": start, "end_time": end,
            "energy_consumed": round(energy_wh / 1000.0, 4), "cost": self.cost_of(energy_wh),
            "duration_seconds": duration, "meter_start_wh": row["meter_start_wh"],
            "meter_stop_wh": row["meter_last_wh"], "stopped_reason": row["stopped_reason"], "recorded_at": utcnow(),
        })
        log_event(logging.INFO, "session recorded" if recorded else "session already recorded", row["charger_id"],
                  transaction=row["transaction_id"], energyKWh=round(energy_wh / 1000.0, 3),
                  cost=self.cost_of(energy_wh), durationSeconds=duration)


# --- the server --------------------------------------------------------------------------------------------


@dataclass
class BenchCsms:
    db: Database
    settings: CsmsSettings
    links: dict[str, StationLink] = field(default_factory=dict)
    # ReportChargingProfiles pages per (station, requestId), for the REST GetChargingProfiles.
    profile_reports: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.transactions = TransactionBook(self.db, self.settings.tariff_per_kwh)
        self.maintenance = Maintenance(self.db, Path(self.settings.firmware_dir), Path(self.settings.upload_dir),
                                       self.settings.max_upload_mb * 1024 * 1024)
        self.site = SiteBalancer(self, interval=self.settings.site_interval)

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.settings.tls_cert:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.settings.tls_cert, self.settings.tls_key)
        if self.settings.tls_client_ca:
            context.load_verify_locations(self.settings.tls_client_ca)
            context.verify_mode = ssl.CERT_REQUIRED
        return context

    def _process_request(self, connection: Any, request: Any) -> Response | None:
        """Refuses a handshake without a station id, or with wrong Basic auth credentials (HTTP 401)."""
        station_id = request.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if not station_id:
            return _http_error(404, "connect to ws://<host>:<port>/<stationId>")
        if self.settings.basic_auth_password is not None:
            header = request.headers.get("Authorization", "")
            expected = base64.b64encode(f"{station_id}:{self.settings.basic_auth_password}".encode()).decode()
            if header != f"Basic {expected}":
                log_event(logging.WARNING, "handshake refused: bad or missing Basic auth", station_id)
                return _http_error(401, "Basic authentication failed", {"WWW-Authenticate": 'Basic realm="ocpp"'})
        return None

    async def _on_connect(self, connection: Any) -> None:
        station_id = connection.request.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        remote = connection.remote_address[0] if connection.remote_address else None
        if connection.subprotocol != "ocpp2.0.1":
            log_event(logging.WARNING, "closing: the station did not agree to ocpp2.0.1", station_id)
            await connection.close(1002, "subprotocol ocpp2.0.1 required")
            return
        previous = self.links.get(station_id)
        if previous is not None:
            log_event(logging.WARNING, "a second connection replaces the first", station_id)
            await previous._connection.close(1000, "replaced by a new connection")
        link = StationLink(station_id, connection, self)
        self.links[station_id] = link
        self.db.log_connection(station_id, "connected", remote, connection.subprotocol)
        log_event(logging.INFO, "connected", station_id, remote=remote)
        try:
            await link.start()
        except ConnectionClosed:
            pass
        except Exception:  # a bug must not leave the connection marked as open
            LOG.exception("station link failed [station=%s]", station_id)
        finally:
            if self.links.get(station_id) is link:
                del self.links[station_id]
                self.site.changed(station_id, "disconnected")
                self.db.log_connection(station_id, "disconnected", remote, connection.subprotocol,
                                       f"close code {connection.close_code}")
            log_event(logging.INFO, "disconnected", station_id, code=connection.close_code)

    async def serve(self, host: str, port: int):
        self.site.start()
        return serve(
            self._on_connect, host, port, subprotocols=["ocpp2.0.1"], process_request=self._process_request,
            ssl=self.ssl_context(), ping_interval=None,
        )


def _http_error(status: int, reason: str, extra: dict[str, str] | None = None) -> Response:
    import http

    body = (reason + "\n").encode()
    headers = Headers({"Content-Type": "text/plain", "Content-Length": str(len(body)), **(extra or {})})
    return Response(status, http.HTTPStatus(status).phrase, headers, body)


def result_payload(result: Any) -> dict[str, Any]:
    return snake_to_camel_case(remove_nones(serialize_as_dict(result)))
