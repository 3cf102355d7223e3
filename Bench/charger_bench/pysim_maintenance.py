"""UpdateFirmware, GetLog and CustomerInformation for the bench's Python stand-in stations (pysim), so scenarios 6
and 7 run against them too. Like the rest of pysim it is NOT the product: it shows what the bench expects of a
station; the real ones are chargerd's (Sources/ChargingStation).

- UpdateFirmware: Downloading, the file fetched over HTTP(S), Downloaded; with a signature and signing certificate
  the SHA-256 signature over the file is checked with the certificate's key by openssl (PKCS#1 v1.5, PSS, ECDSA) -
  SignatureVerified or InvalidSignature (no chain to a manufacturer root: pysim keeps no certificates); then
  Installing, InstallRebooting, a reconnect booting with reason FirmwareUpdate on the version named by the file's
  first line, and Installed. A new request while one runs answers AcceptedCanceled and stops the old one.
- GetLog: Accepted with a file name; Uploading, the log PUT to remoteLocation (+ the file name when it ends in
  "/"), Uploaded or UploadFailure.
- CustomerInformation: Invalid unless exactly one identifier; otherwise Accepted and one NotifyCustomerInformation
  page (pysim keeps no customer data).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
from ocpp.routing import after, on
from ocpp.v201 import call, call_result
from ocpp.v201.enums import Action

if TYPE_CHECKING:
    from .pysim import Station

LOG = logging.getLogger("pysim.maintenance")


def signature_valid(body: bytes, signature_b64: str, certificate_pem: str) -> bool:
    """Whether `signature_b64` is a SHA-256 signature over `body` by the key of `certificate_pem` (RSA PKCS#1 v1.5
    or PSS, ECDSA), checked with the openssl command (pysim takes no crypto package of its own)."""
    import base64
    import binascii
    import subprocess
    import tempfile
    from pathlib import Path

    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    with tempfile.TemporaryDirectory(prefix="pysim-fw-") as folder:
        d = Path(folder)
        (d / "image").write_bytes(body)
        (d / "image.sig").write_bytes(signature)
        (d / "signing.pem").write_text(certificate_pem)
        key = subprocess.run(["openssl", "x509", "-in", "signing.pem", "-pubkey", "-noout", "-out", "key.pem"],
                             cwd=d, capture_output=True, timeout=30)
        if key.returncode != 0:
            return False
        for options in ([], ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-2"]):
            done = subprocess.run(["openssl", "dgst", "-sha256", "-verify", "key.pem", *options, "-signature",
                                   "image.sig", "image"], cwd=d, capture_output=True, timeout=30)
            if done.returncode == 0:
                return True
    return False


class MaintenanceHandlers:
    """Mixed into pysim's ChargePoint link; `station` is its pysim Station."""

    station: "Station"

    async def notify_firmware(self, status: str, request_id: int) -> None:
        await self.call(call.FirmwareStatusNotification(status=status, request_id=request_id))  # type: ignore[attr-defined]

    @on(Action.update_firmware)
    async def on_update_firmware(self, request_id, firmware, **kwargs):
        running = self.station.firmware_task
        if running is not None and not running.done():
            running.cancel()
            return call_result.UpdateFirmware(status="AcceptedCanceled")
        return call_result.UpdateFirmware(status="Accepted")

    @after(Action.update_firmware)
    async def after_update_firmware(self, request_id, firmware, **kwargs):
        self.station.firmware_task = asyncio.get_running_loop().create_task(self.firmware_job(request_id, firmware))

    async def firmware_job(self, request_id: int, firmware: dict[str, Any]) -> None:
        await self.notify_firmware("Downloading", request_id)
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
                async with http.get(firmware["location"]) as response:
                    response.raise_for_status()
                    body = await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            LOG.info("%s firmware download failed: %s", self.station.id, error)
            await self.notify_firmware("DownloadFailed", request_id)
            return
        await self.notify_firmware("Downloaded", request_id)
        if firmware.get("signature") or firmware.get("signing_certificate"):
            if not signature_valid(body, firmware.get("signature") or "", firmware.get("signing_certificate") or ""):
                await self.notify_firmware("InvalidSignature", request_id)
                return
            await self.notify_firmware("SignatureVerified", request_id)
        await self.notify_firmware("Installing", request_id)
        version = image_version(body)
        await self.notify_firmware("InstallRebooting", request_id)
        # The "reboot": the link closes, the station comes back on the new version and then says Installed.
        self.station.firmware_version = version
        self.station.boot_reason = "FirmwareUpdate"
        self.station.installed_request = request_id
        await self._connection.close(1000, "rebooting for a firmware update")  # type: ignore[attr-defined]

    async def after_boot_maintenance(self) -> None:
        """Called by pysim after each accepted boot: reports the install a reboot finished."""
        if self.station.installed_request is not None:
            request_id, self.station.installed_request = self.station.installed_request, None
            self.station.boot_reason = "PowerUp"
            await self.call(call.SecurityEventNotification(type="FirmwareUpdated", timestamp=_now()))  # type: ignore[attr-defined]
            await self.notify_firmware("Installed", request_id)

    @on(Action.get_log)
    async def on_get_log(self, log, log_type, request_id, **kwargs):
        return call_result.GetLog(status="Accepted", filename=f"{self.station.id}-{log_type}-{request_id}.log")

    @after(Action.get_log)
    async def after_get_log(self, log, log_type, request_id, **kwargs):
        asyncio.get_running_loop().create_task(self.log_job(log, log_type, request_id))

    async def log_job(self, log: dict[str, Any], log_type: str, request_id: int) -> None:
        notify = lambda status: self.call(call.LogStatusNotification(status=status, request_id=request_id))  # type: ignore[attr-defined]  # noqa: E731
        await notify("Uploading")
        name = f"{self.station.id}-{log_type}-{request_id}.log"
        url = log["remote_location"] + (name if log["remote_location"].endswith("/") else "")
        lines = [f"{_now()} pysim {self.station.id} {log_type}",
                 f"firmware {self.station.firmware_version}, registration {self.station.registration}",
                 f"window {log.get('oldest_timestamp') or '-'} .. {log.get('latest_timestamp') or '-'}"]
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
                async with http.put(url, data="\n".join(lines).encode() + b"\n") as response:
                    ok = response.status in (200, 201, 204)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            ok = False
        await notify("Uploaded" if ok else "UploadFailure")

    @on(Action.customer_information)
    async def on_customer_information(self, request_id, report, clear, id_token=None, customer_identifier=None,
                                      customer_certificate=None, **kwargs):
        named = [x for x in (id_token, customer_identifier, customer_certificate) if x is not None]
        if len(named) != 1 or not (report or clear):
            return call_result.CustomerInformation(status="Invalid")
        return call_result.CustomerInformation(status="Accepted")

    @after(Action.customer_information)
    async def after_customer_information(self, request_id, report, clear, id_token=None, customer_identifier=None,
                                         customer_certificate=None, **kwargs):
        named = [x for x in (id_token, customer_identifier, customer_certificate) if x is not None]
        if len(named) != 1 or not (report or clear):
            return
        await self.call(call.NotifyCustomerInformation(  # type: ignore[attr-defined]
            data="No customer information held (pysim keeps none).", seq_no=0, generated_at=_now(),
            request_id=request_id, tbc=False))


def _now() -> str:
    from .pysim import now_iso

    return now_iso()


def image_version(body: bytes) -> str:
    """The version a simulated image carries: its `charger-agent-firmware-version=` line (the image format of
    Scripts/make-sim-firmware.sh, which the simulator board's installer reads), else its first line."""
    text = body.decode(errors="replace")
    for line in text.splitlines():
        if line.startswith("charger-agent-firmware-version="):
            return line.split("=", 1)[1].strip()[:50] or "unknown"
    return text.strip().splitlines()[0][:50] if text.strip() else "unknown"
