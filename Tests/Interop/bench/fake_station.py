"""A charging station made with the `ocpp` library for the bench's maintenance tests, where the real chargerd is not
needed: it boots with a firmware version, and answers UpdateFirmware (downloads the file from the bench over HTTP,
reports each FirmwareStatusNotification, then boots again on the new version), GetLog (uploads a log to the
remoteLocation with HTTP PUT or POST multipart, reports LogStatusNotification) and CustomerInformation (sends the
NotifyCustomerInformation pages it is given). It runs on its own event loop in a thread, so sync tests drive it.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from typing import Any

import aiohttp
import websockets
from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action


class FakeStation(ChargePoint):
    def __init__(self, station_id: str, connection: Any, owner: "FakeStationRunner"):
        super().__init__(station_id, connection, response_timeout=10)
        self.owner = owner

    @on(Action.update_firmware)
    async def on_update_firmware(self, request_id, firmware, **kwargs):
        return call_result.UpdateFirmware(status=self.owner.firmware_answer)

    @after(Action.update_firmware)
    async def after_update_firmware(self, request_id, firmware, **kwargs):
        if self.owner.firmware_answer not in ("Accepted", "AcceptedCanceled"):
            return
        notify = lambda status: self.call(call.FirmwareStatusNotification(status=status, request_id=request_id))  # noqa: E731
        await notify("Downloading")
        if "stall" in firmware["location"]:
            return  # stays Downloading: a running job
        async with aiohttp.ClientSession() as http:
            async with http.get(firmware["location"]) as response:
                if response.status != 200:
                    await notify("DownloadFailed")
                    return
                body = await response.read()
        self.owner.downloaded[firmware["location"]] = hashlib.sha256(body).hexdigest()
        await notify("Downloaded")
        if firmware.get("signature"):
            await notify("SignatureVerified")
        await notify("Installing")
        await notify("InstallRebooting")
        # "Restarted" on the new version: a new BootNotification, then Installed (L01.FR.xx order).
        self.owner.firmware_version = body.decode(errors="replace").strip().splitlines()[0][:50]
        await self.boot("FirmwareUpdate")
        await notify("Installed")

    @on(Action.get_log)
    async def on_get_log(self, log, log_type, request_id, **kwargs):
        return call_result.GetLog(status="Accepted", filename=f"{log_type.lower()}-{request_id}.log")

    @after(Action.get_log)
    async def after_get_log(self, log, log_type, request_id, **kwargs):
        notify = lambda status: self.call(call.LogStatusNotification(status=status, request_id=request_id))  # noqa: E731
        await notify("Uploading")
        name = f"{log_type.lower()}-{request_id}.log"
        content = f"{log_type} of {self.id}\n".encode() + self.owner.log_body
        url = log["remote_location"].rstrip("/") + "/" + name
        async with aiohttp.ClientSession() as http:
            if self.owner.upload_method == "POST":
                form = aiohttp.FormData()
                form.add_field("file", content, filename=name, content_type="text/plain")
                response = await http.post(log["remote_location"], data=form)
            else:
                response = await http.put(url, data=content)
            ok = response.status in (200, 201)
            response.release()
        await notify("Uploaded" if ok else "UploadFailure")

    @on(Action.customer_information)
    async def on_customer_information(self, request_id, report, clear, **kwargs):
        return call_result.CustomerInformation(status="Accepted")

    @after(Action.customer_information)
    async def after_customer_information(self, request_id, report, clear, **kwargs):
        pages = self.owner.customer_pages
        for seq_no, data in enumerate(pages):
            await self.call(call.NotifyCustomerInformation(
                data=data, seq_no=seq_no, generated_at="2026-12-06T16:00:00Z", request_id=request_id,
                tbc=seq_no < len(pages) - 1))

    async def boot(self, reason: str = "PowerUp") -> None:
        await self.call(call.BootNotification(
            charging_station={"vendor_name": "bench-test", "model": "fake",
                              "firmware_version": self.owner.firmware_version}, reason=reason))


class FakeStationRunner:
    """Connects one FakeStation to `ws_url/<station_id>` on a thread of its own."""

    def __init__(self, ws_url: str, station_id: str, firmware_version: str = "1.0.0"):
        self.ws_url, self.station_id = ws_url, station_id
        self.firmware_version = firmware_version
        self.firmware_answer = "Accepted"
        self.upload_method = "PUT"
        self.log_body = b"line 1\nline 2\n" * 100
        self.customer_pages = ["No customer information held."]
        self.downloaded: dict[str, str] = {}
        self.booted = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._main(),), daemon=True)
        self._thread.start()
        if not self.booted.wait(20):
            raise AssertionError(f"the fake station {station_id} did not boot at the bench")

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        async with websockets.connect(f"{self.ws_url}/{self.station_id}", subprotocols=["ocpp2.0.1"]) as ws:
            station = FakeStation(self.station_id, ws, self)
            task = asyncio.create_task(station.start())
            await station.boot()
            self.booted.set()
            await self._stop.wait()
            task.cancel()

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
