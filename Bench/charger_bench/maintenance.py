"""Maintenance at the bench (issue 16): firmware files and log uploads on the REST port, UpdateFirmware, GetLog
and CustomerInformation sent to a connected station, and what the station reports back.

- `GET /firmware/<name>` serves the files of the firmware directory (`--firmware-dir`), with Range requests so a
  station can resume a download.
- `PUT /logs/<chargerId>/<name>` and `POST /logs/<chargerId>[/<name>]` (multipart/form-data, each file part)
  store an upload under `<upload dir>/<chargerId>/<name>` (`--upload-dir`), streamed to disk, at most
  `--max-upload-mb`; a name already there gets a numbered sibling, nothing is overwritten.
- `POST /api/chargers/<id>/firmware`, `/log`, `/customer-information` send the OCPP call and record a job;
  FirmwareStatusNotification, LogStatusNotification and NotifyCustomerInformation update it.
- `GET /api/jobs`, `/api/log-uploads`, `/api/customer-information`, `/api/firmware` read them back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from ocpp.v201 import call

from .db import Database, iso, utcnow

if TYPE_CHECKING:
    from .rest import BenchApi

LOG = logging.getLogger("bench.maintenance")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS firmware_job (
        id {pk}, charger_id TEXT NOT NULL, request_id INTEGER NOT NULL, location TEXT NOT NULL,
        answer TEXT NOT NULL, status TEXT, statuses TEXT NOT NULL, created_at {ts} NOT NULL, updated_at {ts})""",
    """CREATE TABLE IF NOT EXISTS log_job (
        id {pk}, charger_id TEXT NOT NULL, request_id INTEGER NOT NULL, log_type TEXT NOT NULL,
        remote_location TEXT NOT NULL, answer TEXT NOT NULL, filename TEXT, status TEXT, statuses TEXT NOT NULL,
        created_at {ts} NOT NULL, updated_at {ts})""",
    """CREATE TABLE IF NOT EXISTS log_upload (
        id {pk}, charger_id TEXT NOT NULL, filename TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
        method TEXT NOT NULL, received_at {ts} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS customer_information (
        id {pk}, charger_id TEXT NOT NULL, request_id INTEGER NOT NULL, report INTEGER NOT NULL,
        clear INTEGER NOT NULL, customer TEXT NOT NULL, answer TEXT NOT NULL, created_at {ts} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS customer_information_page (
        id {pk}, charger_id TEXT NOT NULL, request_id INTEGER NOT NULL, seq_no INTEGER NOT NULL,
        tbc INTEGER NOT NULL, data TEXT NOT NULL, generated_at TEXT, received_at {ts} NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS firmware_job_charger ON firmware_job (charger_id, request_id)",
    "CREATE INDEX IF NOT EXISTS log_job_charger ON log_job (charger_id, request_id)",
]

# After these the job is over (Part 2, FirmwareStatusEnumType / LogStatusEnumType).
FIRMWARE_FINAL = {"Installed", "InstallationFailed", "InstallVerificationFailed", "DownloadFailed",
                  "InvalidSignature", "InvalidCertificate", "RevokedCertificate"}
LOG_FINAL = {"Uploaded", "UploadFailure", "BadMessage", "NotSupportedOperation", "PermissionDenied"}
# A station answers these when it takes the job (AcceptedCanceled: and stops the one before); "Sent" is a job
# whose answer is not in yet.
TAKEN = {"Accepted", "AcceptedCanceled", "Sent"}
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def safe_name(value: str, what: str) -> str:
    """A charger id or file name usable as one path component; anything else is a 400."""
    from .rest import ApiError

    if not SAFE_NAME.match(value) or ".." in value:
        raise ApiError(400, "BadName", f"{what} {value!r} must be letters, digits, '.', '_' or '-' (at most 128)")
    return value


class Maintenance:
    """The jobs and files; one per bench CSMS."""

    def __init__(self, db: Database, firmware_dir: Path, upload_dir: Path, max_upload_bytes: int):
        self.db = db
        self.firmware_dir = firmware_dir
        self.upload_dir = upload_dir
        self.max_upload_bytes = max_upload_bytes
        firmware_dir.mkdir(parents=True, exist_ok=True)
        upload_dir.mkdir(parents=True, exist_ok=True)
        pk = "BIGSERIAL PRIMARY KEY" if db.kind == "postgres" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        ts = "TIMESTAMPTZ" if db.kind == "postgres" else "TEXT"
        for statement in SCHEMA:
            db.execute(statement.replace("{pk}", pk).replace("{ts}", ts))
        # Request ids unique across bench restarts (the station keeps them in its notifications).
        self._next_request_id = int(time.time()) % 1_000_000 * 1000

    def next_request_id(self) -> int:
        self._next_request_id += 1
        return self._next_request_id

    # -- jobs the bench started

    # The job is recorded before the call goes out, as "Sent": a station may report its first status before the
    # bench has read its answer. `answered` then records the answer (or why there was none).

    def firmware_requested(self, charger_id: str, request_id: int, location: str) -> None:
        now = utcnow()
        self.db.execute(
            "INSERT INTO firmware_job (charger_id, request_id, location, answer, status, statuses, created_at, "
            "updated_at) VALUES (?, ?, ?, 'Sent', NULL, '[]', ?, ?)", [charger_id, request_id, location, now, now])

    def log_requested(self, charger_id: str, request_id: int, log_type: str, remote_location: str) -> None:
        now = utcnow()
        self.db.execute(
            "INSERT INTO log_job (charger_id, request_id, log_type, remote_location, answer, filename, status, "
            "statuses, created_at, updated_at) VALUES (?, ?, ?, ?, 'Sent', NULL, NULL, '[]', ?, ?)",
            [charger_id, request_id, log_type, remote_location, now, now])

    def answered(self, kind: str, charger_id: str, request_id: int, answer: str, filename: str | None = None) -> None:
        """Records the station's answer to a job's call; AcceptedCanceled ends the job that ran before it."""
        table, final = ("firmware_job", FIRMWARE_FINAL) if kind == "firmware" else ("log_job", LOG_FINAL)
        if answer == "AcceptedCanceled":
            self._cancel_running(table, charger_id, final, except_request=request_id)
        extra = ", filename = ?" if kind == "log" else ""
        params = [answer, utcnow()] + ([filename] if kind == "log" else []) + [charger_id, request_id]
        self.db.execute(f"UPDATE {table} SET answer = ?, updated_at = ?{extra} WHERE charger_id = ? AND "
                        "request_id = ?", params)

    def customer_information_requested(self, charger_id: str, request_id: int, report: bool, clear: bool,
                                       customer: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO customer_information (charger_id, request_id, report, clear, customer, answer, created_at) "
            "VALUES (?, ?, ?, ?, ?, 'Sent', ?)",
            [charger_id, request_id, int(report), int(clear), json.dumps(customer, sort_keys=True), utcnow()])

    def customer_information_answered(self, charger_id: str, request_id: int, answer: str) -> None:
        self.db.execute("UPDATE customer_information SET answer = ? WHERE charger_id = ? AND request_id = ?",
                        [answer, charger_id, request_id])

    def _cancel_running(self, table: str, charger_id: str, final: set[str], except_request: int) -> None:
        for job in self.db.execute(f"SELECT id, status, statuses, answer FROM {table} WHERE charger_id = ? AND "
                                   "request_id <> ?", [charger_id, except_request]):
            if job["answer"] in TAKEN and job["status"] not in final and job["status"] != "Canceled":
                statuses = json.loads(job["statuses"]) + ["Canceled"]
                self.db.execute(f"UPDATE {table} SET status = 'Canceled', statuses = ?, updated_at = ? WHERE id = ?",
                                [json.dumps(statuses), utcnow(), job["id"]])

    # -- what the station reports

    def firmware_status(self, charger_id: str, status: str, request_id: int | None) -> None:
        self._status("firmware_job", charger_id, status, request_id)

    def log_status(self, charger_id: str, status: str, request_id: int | None) -> None:
        self._status("log_job", charger_id, status, request_id)

    def _status(self, table: str, charger_id: str, status: str, request_id: int | None) -> None:
        """Appends a reported status to the job of that requestId; Idle (a trigger's answer without a job) and
        statuses of jobs the bench did not start are only logged."""
        job = None
        if request_id is not None:
            job = self.db.one(f"SELECT id, statuses FROM {table} WHERE charger_id = ? AND request_id = ? "
                              "ORDER BY id DESC LIMIT 1", [charger_id, request_id])
        if job is None:
            LOG.info("%s %s for no job of the bench [station=%s requestId=%s]", table, status, charger_id, request_id)
            return
        statuses = json.loads(job["statuses"]) + [status]
        self.db.execute(f"UPDATE {table} SET status = ?, statuses = ?, updated_at = ? WHERE id = ?",
                        [status, json.dumps(statuses), utcnow(), job["id"]])

    def customer_information_page(self, charger_id: str, request_id: int, seq_no: int, tbc: bool, data: str,
                                  generated_at: str | None) -> None:
        self.db.execute(
            "INSERT INTO customer_information_page (charger_id, request_id, seq_no, tbc, data, generated_at, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [charger_id, request_id, seq_no, int(tbc), data, generated_at, utcnow()])

    # -- reads

    def jobs(self, charger_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
        def rows(table: str, final: set[str]) -> list[dict[str, Any]]:
            where, params = ("WHERE charger_id = ? ", [charger_id]) if charger_id else ("", [])
            out = []
            for row in self.db.execute(f"SELECT * FROM {table} {where}ORDER BY id", params):
                row["statuses"] = json.loads(row["statuses"])
                row["running"] = row["answer"] in TAKEN and row["status"] not in final and row["status"] != "Canceled"
                row["created_at"], row["updated_at"] = iso(row["created_at"]), iso(row["updated_at"])
                out.append(row)
            return out

        return {"firmware": rows("firmware_job", FIRMWARE_FINAL), "log": rows("log_job", LOG_FINAL)}

    def running_jobs(self) -> dict[str, list[dict[str, Any]]]:
        """Per charger, its running jobs for the dashboard: kind, requestId, last status."""
        out: dict[str, list[dict[str, Any]]] = {}
        for kind, jobs in self.jobs().items():
            for job in jobs:
                if job["running"]:
                    out.setdefault(job["charger_id"], []).append(
                        {"kind": kind, "requestId": job["request_id"], "status": job["status"] or job["answer"]})
        return out

    def uploads(self, charger_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE charger_id = ? ", [charger_id]) if charger_id else ("", [])
        rows = self.db.execute(f"SELECT charger_id, filename, size, sha256, method, received_at FROM log_upload "
                               f"{where}ORDER BY id", params)
        return [{**row, "received_at": iso(row["received_at"])} for row in rows]

    def customer_information(self, charger_id: str | None, request_id: int | None) -> list[dict[str, Any]]:
        filters, params = [], []
        if charger_id:
            filters.append("charger_id = ?")
            params.append(charger_id)
        if request_id is not None:
            filters.append("request_id = ?")
            params.append(request_id)
        where = ("WHERE " + " AND ".join(filters) + " ") if filters else ""
        out = []
        for row in self.db.execute(f"SELECT * FROM customer_information {where}ORDER BY id", params):
            pages = self.db.execute(
                "SELECT seq_no, tbc, data, generated_at FROM customer_information_page WHERE charger_id = ? AND "
                "request_id = ? ORDER BY seq_no, id", [row["charger_id"], row["request_id"]])
            out.append({
                "chargerId": row["charger_id"], "requestId": row["request_id"], "report": bool(row["report"]),
                "clear": bool(row["clear"]), "customer": json.loads(row["customer"]), "answer": row["answer"],
                "pages": [{"seqNo": p["seq_no"], "tbc": bool(p["tbc"]), "data": p["data"],
                           "generatedAt": p["generated_at"]} for p in pages],
                # Complete once the page with tbc false is in and no seqNo is missing.
                "complete": bool(pages) and not pages[-1]["tbc"]
                and [p["seq_no"] for p in pages] == list(range(len(pages))),
                "data": "\n".join(p["data"] for p in pages),
            })
        return out

    def firmware_files(self) -> list[dict[str, Any]]:
        files = []
        for path in sorted(self.firmware_dir.iterdir()):
            if path.is_file():
                digest = hashlib.sha256()
                with open(path, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        digest.update(chunk)
                files.append({"name": path.name, "size": path.stat().st_size, "sha256": digest.hexdigest()})
        return files

    # -- uploads

    def _target(self, charger_id: str, filename: str) -> Path:
        folder = self.upload_dir / charger_id
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / filename
        n = 1
        while target.exists():
            stem, dot, suffix = filename.partition(".")
            target = folder / f"{stem}-{n}{dot}{suffix}"
            n += 1
        return target

    async def store_upload(self, charger_id: str, filename: str, chunks: Any, method: str) -> dict[str, Any]:
        """Streams `chunks` (an async iterator of bytes) to the charger's folder; a 413 past the limit leaves no
        file behind."""
        from .rest import ApiError

        target = self._target(charger_id, filename)
        partial = target.with_name(target.name + ".part")
        digest, size = hashlib.sha256(), 0
        try:
            with open(partial, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_upload_bytes:
                        raise ApiError(413, "TooLarge", f"uploads are limited to {self.max_upload_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        row = {"charger_id": charger_id, "filename": target.name, "size": size, "sha256": digest.hexdigest(),
               "method": method}
        self.db.execute("INSERT INTO log_upload (charger_id, filename, size, sha256, method, received_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", [*row.values(), utcnow()])
        LOG.info("log upload stored [station=%s file=%s bytes=%d]", charger_id, target.name, size)
        return row
