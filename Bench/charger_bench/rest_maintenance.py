"""The REST routes of `maintenance.Maintenance`: the firmware and log-upload file server and the UpdateFirmware,
GetLog and CustomerInformation commands (documented in Bench/README.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web
from ocpp.v201 import call

from .maintenance import Maintenance, safe_name

if TYPE_CHECKING:
    from .rest import BenchApi


class MaintenanceRoutes:
    def __init__(self, api: "BenchApi", maintenance: Maintenance):
        self.api = api
        self.maintenance = maintenance

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/firmware/{name}", self.firmware_file),
            web.put("/logs/{charger_id}/{name}", self.put_log),
            web.post("/logs/{charger_id}", self.post_log),
            web.post("/logs/{charger_id}/", self.post_log),
            web.post("/logs/{charger_id}/{name}", self.post_log),
            web.get("/api/firmware", self.firmware_list),
            web.get("/api/jobs", self.jobs),
            web.get("/api/log-uploads", self.uploads),
            web.get("/api/customer-information", self.customer_information_list),
            web.post("/api/chargers/{charger_id}/firmware", self.update_firmware),
            web.post("/api/chargers/{charger_id}/log", self.get_log),
            web.post("/api/chargers/{charger_id}/customer-information", self.customer_information),
            web.post("/api/chargers/{charger_id}/install-certificate", self.install_certificate),
        ]

    # -- the file server

    async def firmware_file(self, request: web.Request) -> web.StreamResponse:
        from .rest import ApiError

        name = safe_name(request.match_info["name"], "firmware file")
        path = self.maintenance.firmware_dir / name
        if not path.is_file():
            raise ApiError(404, "NotFound", f"no firmware file {name!r} in {self.maintenance.firmware_dir}")
        return web.FileResponse(path)

    async def put_log(self, request: web.Request) -> web.Response:
        charger_id = safe_name(request.match_info["charger_id"], "charger id")
        name = safe_name(request.match_info["name"], "file name")
        row = await self.maintenance.store_upload(charger_id, name, request.content.iter_chunked(1 << 16), "PUT")
        return web.json_response({"ok": True, "result": row}, status=201)

    async def post_log(self, request: web.Request) -> web.Response:
        from .rest import ApiError

        charger_id = safe_name(request.match_info["charger_id"], "charger id")
        if not request.content_type.startswith("multipart/"):
            raise ApiError(415, "NotMultipart", "POST a multipart/form-data body (or PUT the file itself)")
        reader = await request.multipart()
        stored = []
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or (part.filename is None and "name" not in request.match_info):
                continue  # a plain form field, or a nested multipart
            name = safe_name(request.match_info.get("name") or part.filename or "", "file name")

            async def chunks(part: Any = part):
                while chunk := await part.read_chunk(1 << 16):
                    yield chunk

            stored.append(await self.maintenance.store_upload(charger_id, name, chunks(), "POST"))
        if not stored:
            raise ApiError(400, "NoFile", "the multipart body has no file part")
        return web.json_response({"ok": True, "result": stored}, status=201)

    # -- reads

    async def firmware_list(self, request: web.Request) -> web.Response:
        from .rest import ok

        return ok(self.maintenance.firmware_files())

    async def jobs(self, request: web.Request) -> web.Response:
        from .rest import ok

        return ok(self.maintenance.jobs(request.query.get("charger_id")))

    async def uploads(self, request: web.Request) -> web.Response:
        from .rest import ok

        return ok(self.maintenance.uploads(request.query.get("charger_id")))

    async def customer_information_list(self, request: web.Request) -> web.Response:
        from .rest import ApiError, ok

        request_id = request.query.get("request_id")
        try:
            number = int(request_id) if request_id is not None else None
        except ValueError as error:
            raise ApiError(400, "BadQuery", f"request_id must be an integer, got {request_id!r}") from error
        return ok(self.maintenance.customer_information(request.query.get("charger_id"), number))

    # -- commands

    async def _answer(self, kind: str, charger_id: str, request_id: int, request: Any) -> dict[str, Any]:
        """The station's answer, recorded with the job; a call without one is recorded as the error it got."""
        from .rest import ApiError

        try:
            answer = await self.api.station_answer(charger_id, request)
        except ApiError as error:
            recorded = f"{error.code}: {error.reason}"
            if kind == "customer":
                self.maintenance.customer_information_answered(charger_id, request_id, recorded)
            else:
                self.maintenance.answered(kind, charger_id, request_id, recorded)
            raise
        status = str(answer.get("status", "?"))
        if kind == "customer":
            self.maintenance.customer_information_answered(charger_id, request_id, status)
        else:
            self.maintenance.answered(kind, charger_id, request_id, status, answer.get("filename"))
        return answer

    def _optional(self, body: dict[str, Any], name: str, kind: type) -> Any:
        return self.api.field(body, name, kind, None)

    async def update_firmware(self, request: web.Request) -> web.Response:
        """L01/L02: `{"location"}` or `{"file"}` (served here), optional signature, signingCertificate,
        retrieveDateTime (default now), installDateTime, retries, retryInterval, requestId."""
        from .db import iso, utcnow
        from .rest import ApiError, ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        location = self._optional(body, "location", str)
        if location is None:
            name = self._optional(body, "file", str)
            if name is None:
                raise ApiError(400, "MissingField", "the body needs 'location' (a URL) or 'file' (served by the bench)")
            safe_name(name, "firmware file")
            if not (self.maintenance.firmware_dir / name).is_file():
                raise ApiError(404, "NotFound", f"no firmware file {name!r} in {self.maintenance.firmware_dir}")
            location = f"{request.scheme}://{request.host}/firmware/{name}"
        firmware: dict[str, Any] = {
            "location": location,
            "retrieve_date_time": self._optional(body, "retrieveDateTime", str) or iso(utcnow()),
        }
        for key, name in (("install_date_time", "installDateTime"), ("signing_certificate", "signingCertificate"),
                          ("signature", "signature")):
            if (value := self._optional(body, name, str)) is not None:
                firmware[key] = value
        request_id = self.api.field(body, "requestId", int, self.maintenance.next_request_id())
        retries, retry_interval = self._optional(body, "retries", int), self._optional(body, "retryInterval", int)
        self.api.link(charger_id)
        self.maintenance.firmware_requested(charger_id, request_id, location)
        answer = await self._answer("firmware", charger_id, request_id, call.UpdateFirmware(
            request_id=request_id, firmware=firmware, retries=retries, retry_interval=retry_interval))
        return ok({"chargerId": charger_id, "action": "UpdateFirmware", "requestId": request_id,
                   "location": location, "response": answer})

    async def get_log(self, request: web.Request) -> web.Response:
        """N01: logType (DiagnosticsLog), remoteLocation (default: this bench's /logs/<id>/), oldestTimestamp,
        latestTimestamp, retries, retryInterval, requestId."""
        from .rest import ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        log_type = self.api.field(body, "logType", str, "DiagnosticsLog", ("DiagnosticsLog", "SecurityLog"))
        remote = self._optional(body, "remoteLocation", str) or (
            f"{request.scheme}://{request.host}/logs/{safe_name(charger_id, 'charger id')}/")
        log: dict[str, Any] = {"remote_location": remote}
        for key, name in (("oldest_timestamp", "oldestTimestamp"), ("latest_timestamp", "latestTimestamp")):
            if (value := self._optional(body, name, str)) is not None:
                log[key] = value
        request_id = self.api.field(body, "requestId", int, self.maintenance.next_request_id())
        retries, retry_interval = self._optional(body, "retries", int), self._optional(body, "retryInterval", int)
        self.api.link(charger_id)
        self.maintenance.log_requested(charger_id, request_id, log_type, remote)
        answer = await self._answer("log", charger_id, request_id, call.GetLog(
            log=log, log_type=log_type, request_id=request_id, retries=retries, retry_interval=retry_interval))
        return ok({"chargerId": charger_id, "action": "GetLog", "requestId": request_id, "remoteLocation": remote,
                   "response": answer})

    async def customer_information(self, request: web.Request) -> web.Response:
        """N09/N10: report (true), clear (false) and the customer: idToken + idTokenType (Central), or
        customerIdentifier, or customerCertificate {hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber}.
        The bench sends what it is given (also none or several, to see a station answer Invalid)."""
        from .rest import ApiError, ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        flags = {}
        for name, default in (("report", True), ("clear", False)):
            value = body.get(name, default)
            if not isinstance(value, bool):
                raise ApiError(400, "BadField", f"{name!r} must be true or false, got {value!r}")
            flags[name] = value
        customer: dict[str, Any] = {}
        payload: dict[str, Any] = {}
        if (token := self._optional(body, "idToken", str)) is not None:
            token_type = self.api.field(body, "idTokenType", str, "Central")
            customer["idToken"] = {"idToken": token, "type": token_type}
            payload["id_token"] = {"id_token": token, "type": token_type}
        if (identifier := self._optional(body, "customerIdentifier", str)) is not None:
            customer["customerIdentifier"] = identifier
            payload["customer_identifier"] = identifier
        if (certificate := body.get("customerCertificate")) is not None:
            if not isinstance(certificate, dict):
                raise ApiError(400, "BadField", "'customerCertificate' must be an object")
            customer["customerCertificate"] = certificate
            payload["customer_certificate"] = {
                "hash_algorithm": certificate.get("hashAlgorithm"), "issuer_name_hash": certificate.get("issuerNameHash"),
                "issuer_key_hash": certificate.get("issuerKeyHash"), "serial_number": certificate.get("serialNumber")}
        request_id = self.api.field(body, "requestId", int, self.maintenance.next_request_id())
        self.api.link(charger_id)
        self.maintenance.customer_information_requested(charger_id, request_id, flags["report"], flags["clear"],
                                                        customer)
        answer = await self._answer("customer", charger_id, request_id, call.CustomerInformation(
            request_id=request_id, report=flags["report"], clear=flags["clear"], **payload))
        return ok({"chargerId": charger_id, "action": "CustomerInformation", "requestId": request_id,
                   "response": answer})

    async def install_certificate(self, request: web.Request) -> web.Response:
        """M05 (for scenario 6: the manufacturer root an image's signing certificate chains to):
        `{"certificateType", "certificate"}` (PEM)."""
        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        kind = self.api.field(body, "certificateType", str, ..., (
            "V2GRootCertificate", "MORootCertificate", "CSMSRootCertificate", "V2GCertificateChain",
            "ManufacturerRootCertificate"))
        certificate = self.api.field(body, "certificate", str)
        return await self.api.send(charger_id, call.InstallCertificate(certificate_type=kind, certificate=certificate))
