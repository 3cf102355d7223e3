#!/usr/bin/env python3
"""A CSMS on loopback built on the `ocpp` library, the far end of the station's end-to-end tests.

Every message goes through the library's `ocpp.v201.ChargePoint` routing, so every CALL and answer in
either direction is validated against the official OCPP 2.0.1 schemas that ship with the library. On
top of that, each payload is checked once more with `format` checking on (the library validates
without it, so a malformed `date-time` would otherwise pass).

Binds 127.0.0.1 (port 0 unless --port) and prints one JSON object per line on stdout:
  {"event":"listening","port":N}                             first line, once the socket is bound
  {"event":"connected","path":..,"stationId":..,"subprotocol":..}
  {"event":"message","direction":"in"|"out","type":"CALL"|"CALLRESULT"|"CALLERROR",
   "id":..,"action":..,"payload":{..}}                       every frame; CALLERROR frames carry
                                                             errorCode/errorDescription/errorDetails
  {"event":"error","where":..,"action":..,"id":..,"code":..,"description":..}
                                                             anything the library rejected, a failed
                                                             format check, a CALLERROR we sent
  {"event":"response","cmd":..,"tag":..,"status":"result"|"callerror"|"invalid"|"timeout"|
   "not_connected"|"bad_command","payload":{..}}             the outcome of one stdin command
  {"event":"closed","code":N,"reason":..}

Commands on stdin, one JSON object per line (an optional "tag" is echoed in the response line):
  {"cmd":"RequestStartTransaction","evseId":1,"idToken":"..","idTokenType":"ISO14443","remoteStartId":1}
  {"cmd":"RequestStopTransaction","transactionId":".."}
  {"cmd":"GetVariables","getVariableData":[{"component":{"name":..},"variable":{"name":..}}]}
  {"cmd":"SetVariables","setVariableData":[{"attributeValue":..,"component":{..},"variable":{..}}]}
  {"cmd":"ChangeAvailability","operationalStatus":"Inoperative","evseId":1,"connectorId":1}
  {"cmd":"Call","action":"<any CSMS-to-station action>","payload":{camelCase payload}}

Exits when its stdin is closed (and on SIGTERM).

Options:
  --interval N          heartbeat interval in the BootNotification answer (default 2)
  --boot-status S       BootNotification status (default Accepted)
  --total-cost X        put totalCost X in the answer to TransactionEvent(Ended)
  --call-timeout S      how long a command waits for the station's answer (default 10)
  --password P          require HTTP Basic auth with one of these passwords (repeatable); a wrong or missing
                        one is answered 401 and reported as {"event":"auth","accepted":false,"index":null};
                        a right one as {"event":"auth","accepted":true,"index":<which --password>}
  --tls-cert F --tls-key F  serve wss:// with this certificate chain and key
  --client-ca F         require a client certificate that chains to this CA (security profile 3); the
                        "connected" event then carries "clientSubject"
  --tls-max V           highest TLS version offered: 1.1, 1.2 or 1.3 (1.1 lowers OpenSSL's security level)
  --ciphers S           OpenSSL cipher string for TLS 1.2 and below
Extra stdin command: {"cmd":"SetPasswords","passwords":[..]} replaces the accepted passwords.
"""

import argparse
import asyncio
import base64
import http
import json
import os
import signal
import ssl
import sys
import threading
import uuid
from datetime import datetime, timezone

from jsonschema import Draft4Validator
from ocpp.charge_point import camel_to_snake_case
from ocpp.exceptions import OCPPError
from ocpp.messages import Call, CallError, CallResult, MessageType, get_validator, unpack
from ocpp.routing import on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

OCPP_VERSION = "2.0.1"
_PRINT_LOCK = threading.Lock()


def emit(event, **fields):
    line = json.dumps({"event": event, **fields}, default=str)
    with _PRINT_LOCK:
        print(line, flush=True)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--interval", type=int, default=2)
    p.add_argument("--boot-status", default="Accepted")
    p.add_argument("--total-cost", type=float)
    p.add_argument("--call-timeout", type=float, default=10)
    p.add_argument("--password", action="append", default=[])
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--client-ca")
    p.add_argument("--tls-max", choices=["1.1", "1.2", "1.3"])
    p.add_argument("--ciphers")
    return p.parse_args()


ARGS = parse_args()


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- the extra format check -----------------------------------------------------------------------

_FORMAT_VALIDATORS = {}


def format_errors(message):
    """The `format` failures (e.g. a bad `date-time`) of `message`'s payload against the library's schema.

    Only `format` failures: everything else the library's own validation reports."""
    if message.action is None:
        return []
    key = (message.message_type_id, message.action)
    if key not in _FORMAT_VALIDATORS:
        try:
            schema = get_validator(message.message_type_id, message.action, OCPP_VERSION).schema
        except Exception:  # an unknown action: the library itself reports that
            return []
        _FORMAT_VALIDATORS[key] = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    validator = _FORMAT_VALIDATORS[key]
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<payload>'}: {error.message}"
        for error in validator.iter_errors(message.payload)
        if error.validator == "format"
    ]


# --- the CSMS side of one connection ----------------------------------------------------------------


class StationLink(ChargePoint):
    """One connected station, served by the library's routing with reporting around it."""

    def __init__(self, station_id, connection):
        super().__init__(station_id, connection, response_timeout=ARGS.call_timeout)
        # Message id -> action, to name the action of answers (OCPP-J answers do not carry it).
        self._incoming_calls = {}
        self._outgoing_calls = {}
        # Answers to our CALLs by message id, for the command's response line.
        self._answers = {}
        self._reported_error_ids = set()

    # -- frames in and out

    def _describe(self, direction, message):
        kind = {MessageType.Call: "CALL", MessageType.CallResult: "CALLRESULT", MessageType.CallError: "CALLERROR"}[
            message.message_type_id
        ]
        if isinstance(message, Call):
            action = message.action
            (self._incoming_calls if direction == "in" else self._outgoing_calls)[message.unique_id] = action
        else:
            calls = self._outgoing_calls if direction == "in" else self._incoming_calls
            action = calls.get(message.unique_id)
        fields = {"direction": direction, "type": kind, "id": message.unique_id, "action": action}
        if isinstance(message, CallError):
            fields.update(
                errorCode=message.error_code,
                errorDescription=message.error_description,
                errorDetails=message.error_details,
            )
        else:
            fields["payload"] = message.payload
        emit("message", **fields)
        if isinstance(message, (Call, CallResult)) and action is not None:
            message.action = action
            for problem in format_errors(message):
                emit("error", where=f"format check ({direction})", action=action, id=message.unique_id,
                     code="FormatViolation", description=problem)
        return action

    async def route_message(self, raw_msg):
        try:
            message = unpack(raw_msg)
        except OCPPError as error:
            emit("message", direction="in", type="unparseable", raw=raw_msg)
            emit("error", where="unpack", action=None, id=None, code=error.code, description=str(error))
            return
        action = self._describe("in", message)
        if message.message_type_id == MessageType.Call:
            try:
                await self._handle_call(message)
            except OCPPError as error:
                # The library's own validation (or routing) rejected the station's CALL or our answer.
                emit("error", where="incoming CALL", action=action, id=message.unique_id, code=error.code,
                     description=error.description, details=error.details)
                self._reported_error_ids.add(message.unique_id)
                await self._send(message.create_call_error(error).to_json())
        else:
            self._answers[message.unique_id] = message
            self._response_queue.put_nowait(message)

    async def _send(self, message):
        frame = unpack(message)
        self._describe("out", frame)
        if isinstance(frame, CallError) and frame.unique_id not in self._reported_error_ids:
            # A CALLERROR the library made from an exception in a handler.
            emit("error", where="handler", action=self._incoming_calls.get(frame.unique_id), id=frame.unique_id,
                 code=frame.error_code, description=frame.error_description)
        await self._connection.send(message)

    # -- commands from stdin

    async def command(self, action, payload):
        """Sends one CALL through the library; returns (status, payload) of the outcome."""
        try:
            request = getattr(call, action)(**camel_to_snake_case(payload))
        except (AttributeError, TypeError) as error:
            return "bad_command", {"error": str(error)}
        message_id = str(uuid.uuid4())
        try:
            await self.call(request, suppress=False, unique_id=message_id)
        except asyncio.TimeoutError:
            return "timeout", {}
        except OCPPError as error:
            answer = self._answers.pop(message_id, None)
            if isinstance(answer, CallError):
                return "callerror", {
                    "errorCode": answer.error_code,
                    "errorDescription": answer.error_description,
                }
            # The library refused our request or the station's answer.
            emit("error", where="outgoing CALL", action=action, id=message_id, code=error.code,
                 description=error.description, details=error.details)
            return "invalid", {"errorCode": error.code, "errorDescription": error.description}
        return "result", self._answers.pop(message_id).payload

    # -- handlers for what a station sends

    @on(Action.boot_notification)
    async def on_boot_notification(self, charging_station, reason, **kwargs):
        return call_result.BootNotification(current_time=now_iso(), interval=ARGS.interval, status=ARGS.boot_status)

    @on(Action.heartbeat)
    async def on_heartbeat(self, **kwargs):
        return call_result.Heartbeat(current_time=now_iso())

    @on(Action.status_notification)
    async def on_status_notification(self, **kwargs):
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, id_token, **kwargs):
        return call_result.Authorize(id_token_info={"status": "Accepted"})

    @on(Action.transaction_event)
    async def on_transaction_event(self, event_type, id_token=None, **kwargs):
        id_token_info = {"status": "Accepted"} if id_token is not None else None
        total_cost = ARGS.total_cost if event_type == "Ended" else None
        return call_result.TransactionEvent(id_token_info=id_token_info, total_cost=total_cost)

    @on(Action.meter_values)
    async def on_meter_values(self, **kwargs):
        return call_result.MeterValues()

    @on(Action.notify_report)
    async def on_notify_report(self, **kwargs):
        return call_result.NotifyReport()

    @on(Action.notify_event)
    async def on_notify_event(self, **kwargs):
        return call_result.NotifyEvent()

    @on(Action.security_event_notification)
    async def on_security_event_notification(self, **kwargs):
        return call_result.SecurityEventNotification()

    @on(Action.firmware_status_notification)
    async def on_firmware_status_notification(self, **kwargs):
        return call_result.FirmwareStatusNotification()

    @on(Action.log_status_notification)
    async def on_log_status_notification(self, **kwargs):
        return call_result.LogStatusNotification()

    @on(Action.sign_certificate)
    async def on_sign_certificate(self, csr, **kwargs):
        # The CSR is in the "message" event line; the test signs it and sends CertificateSigned itself.
        return call_result.SignCertificate(status="Accepted")

    @on(Action.notify_charging_limit)
    async def on_notify_charging_limit(self, charging_limit, **kwargs):
        return call_result.NotifyChargingLimit()

    @on(Action.cleared_charging_limit)
    async def on_cleared_charging_limit(self, charging_limit_source, **kwargs):
        return call_result.ClearedChargingLimit()


# --- the server and the command channel --------------------------------------------------------------

CURRENT = {"link": None}


PASSWORDS = {"accepted": list(ARGS.password)}


def check_basic_auth(connection, request):
    """websockets' process_request: 401 unless the Basic password is one of PASSWORDS (when any is set)."""
    if not PASSWORDS["accepted"]:
        return None
    header = request.headers.get("Authorization", "")
    index = None
    if header.startswith("Basic "):
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            password = None
        if password in PASSWORDS["accepted"]:
            index = PASSWORDS["accepted"].index(password)
    emit("auth", accepted=index is not None, index=index)
    if index is None:
        return connection.respond(http.HTTPStatus.UNAUTHORIZED, "Unauthorized\n")
    return None


def tls_context():
    if not ARGS.tls_cert:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ARGS.tls_cert, ARGS.tls_key)
    if ARGS.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(ARGS.client_ca)
    if ARGS.tls_max == "1.1":
        context.set_ciphers("ALL:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    elif ARGS.tls_max == "1.2":
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    if ARGS.ciphers:
        context.set_ciphers(ARGS.ciphers)
    return context


def client_subject(connection):
    certificate = connection.transport.get_extra_info("peercert") if connection.transport else None
    if not certificate:
        return None
    return {key: value for rdn in certificate.get("subject", ()) for key, value in rdn}


async def on_connect(connection):
    path = connection.request.path
    station_id = path.rstrip("/").rsplit("/", 1)[-1]
    emit(
        "connected",
        path=path,
        stationId=station_id,
        subprotocol=connection.subprotocol,
        clientSubject=client_subject(connection),
    )
    link = StationLink(station_id, connection)
    CURRENT["link"] = link
    try:
        await link.start()
    except ConnectionClosed:
        pass
    finally:
        if CURRENT["link"] is link:
            CURRENT["link"] = None
        emit("closed", code=connection.close_code, reason=connection.close_reason)


def command_payload(command):
    """The action and camelCase payload of one stdin command."""
    name = command.get("cmd")
    if name == "Call":
        return command["action"], command.get("payload", {})
    if name == "RequestStartTransaction":
        payload = {
            "idToken": {"idToken": command["idToken"], "type": command.get("idTokenType", "ISO14443")},
            "remoteStartId": command.get("remoteStartId", 1),
        }
        if "evseId" in command:
            payload["evseId"] = command["evseId"]
        return name, payload
    if name == "RequestStopTransaction":
        return name, {"transactionId": command["transactionId"]}
    if name == "GetVariables":
        return name, {"getVariableData": command["getVariableData"]}
    if name == "SetVariables":
        return name, {"setVariableData": command["setVariableData"]}
    if name == "ChangeAvailability":
        payload = {"operationalStatus": command["operationalStatus"]}
        if "evseId" in command:
            payload["evse"] = {"id": command["evseId"]}
            if "connectorId" in command:
                payload["evse"]["connectorId"] = command["connectorId"]
        return name, payload
    raise KeyError(f"unknown command {name!r}")


async def run_command(command):
    tag = command.get("tag")
    if command.get("cmd") == "SetPasswords":
        PASSWORDS["accepted"] = list(command.get("passwords", []))
        emit("response", cmd="SetPasswords", tag=tag, status="result", payload={})
        return
    try:
        action, payload = command_payload(command)
    except KeyError as error:
        emit("response", cmd=command.get("cmd"), tag=tag, status="bad_command", payload={"error": str(error)})
        return
    link = CURRENT["link"]
    if link is None:
        emit("response", cmd=action, tag=tag, status="not_connected", payload={})
        return
    status, answer = await link.command(action, payload)
    emit("response", cmd=action, tag=tag, status=status, payload=answer)


def read_commands(loop):
    """Runs commands from stdin on the event loop; exits the process when stdin closes."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            command = json.loads(line)
        except json.JSONDecodeError as error:
            emit("response", cmd=None, tag=None, status="bad_command", payload={"error": str(error)})
            continue
        asyncio.run_coroutine_threadsafe(run_command(command), loop)
    os._exit(0)


async def main():
    async with serve(
        on_connect,
        "127.0.0.1",
        ARGS.port,
        subprotocols=["ocpp2.0.1"],
        ping_interval=None,
        ssl=tls_context(),
        process_request=check_basic_auth,
    ) as server:
        threading.Thread(target=read_commands, args=(asyncio.get_running_loop(),), daemon=True).start()
        emit("listening", port=server.sockets[0].getsockname()[1])
        await asyncio.Future()


if __name__ == "__main__":
    # A parent that starts us from a thread with signals blocked would make SIGTERM ineffective.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
