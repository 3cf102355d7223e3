"""Storage of the bench: one SQL dialect-neutral layer over SQLite (default) and PostgreSQL.

Every statement is written once with `?` placeholders and runs on both engines (upserts use
`ON CONFLICT`, inserts `RETURNING`, both in SQLite >= 3.35). Timestamps are timezone-aware UTC:
`timestamptz` in PostgreSQL, ISO-8601 text with a fixed format in SQLite (so text order is time order).
Calls are synchronous and serialized by a lock: the bench's load is a few dozen stations on loopback.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def parse_time(value: Any) -> datetime | None:
    """A datetime from a stored value or an OCPP date-time string (`Z` or an offset)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value).strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def iso(value: Any) -> str | None:
    moment = parse_time(value)
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


SCHEMA = [
    """CREATE TABLE IF NOT EXISTS store_info (
        store_id TEXT PRIMARY KEY, name TEXT NOT NULL, latitude REAL, longitude REAL)""",
    """CREATE TABLE IF NOT EXISTS charger_info (
        charger_id TEXT PRIMARY KEY, store_id TEXT, store_name TEXT, kind TEXT, rated_power_kw REAL,
        latitude REAL, longitude REAL, ev_profile TEXT, created_at {ts})""",
    """CREATE TABLE IF NOT EXISTS charger_connection_log (
        id {pk}, charger_id TEXT NOT NULL, status TEXT NOT NULL, created_at {ts} NOT NULL,
        remote_address TEXT, subprotocol TEXT, detail TEXT)""",
    """CREATE TABLE IF NOT EXISTS charger_usage_log (
        id {pk}, charger_id TEXT NOT NULL, transaction_id TEXT NOT NULL, evse_id INTEGER, id_token TEXT,
        start_time {ts}, end_time {ts}, energy_consumed REAL, cost REAL, duration_seconds INTEGER,
        meter_start_wh REAL, meter_stop_wh REAL, stopped_reason TEXT, recorded_at {ts},
        UNIQUE (charger_id, transaction_id))""",
    """CREATE TABLE IF NOT EXISTS charger_status (
        charger_id TEXT PRIMARY KEY, connected INTEGER NOT NULL DEFAULT 0, registration TEXT,
        heartbeat_interval INTEGER, boot_count INTEGER NOT NULL DEFAULT 0,
        heartbeat_count INTEGER NOT NULL DEFAULT 0, last_boot {ts}, last_heartbeat {ts}, last_seen {ts},
        vendor TEXT, model TEXT, firmware TEXT, updated_at {ts})""",
    """CREATE TABLE IF NOT EXISTS evse_status (
        charger_id TEXT NOT NULL, evse_id INTEGER NOT NULL, connector_id INTEGER NOT NULL,
        connector_status TEXT, updated_at {ts}, PRIMARY KEY (charger_id, evse_id, connector_id))""",
    """CREATE TABLE IF NOT EXISTS transactions (
        charger_id TEXT NOT NULL, transaction_id TEXT NOT NULL, evse_id INTEGER, id_token TEXT,
        state TEXT NOT NULL, charging_state TEXT, start_time {ts}, end_time {ts},
        meter_start_wh REAL, meter_last_wh REAL, last_sample_time {ts}, power_w REAL, cost REAL,
        last_seq_no INTEGER, stopped_reason TEXT, updated_at {ts},
        PRIMARY KEY (charger_id, transaction_id))""",
    """CREATE TABLE IF NOT EXISTS transaction_event_log (
        id {pk}, charger_id TEXT NOT NULL, transaction_id TEXT NOT NULL, event_type TEXT NOT NULL,
        seq_no INTEGER, offline INTEGER NOT NULL DEFAULT 0, trigger_reason TEXT, event_time {ts},
        received_at {ts} NOT NULL, energy_wh REAL, power_w REAL, duplicate INTEGER NOT NULL DEFAULT 0,
        message_id TEXT)""",
    """CREATE TABLE IF NOT EXISTS meter_readings (
        id {pk}, charger_id TEXT NOT NULL, evse_id INTEGER, transaction_id TEXT, sampled_at {ts},
        received_at {ts} NOT NULL, energy_wh REAL, power_w REAL, source TEXT)""",
    """CREATE TABLE IF NOT EXISTS ocpp_message_log (
        id {pk}, charger_id TEXT NOT NULL, direction TEXT NOT NULL, message_type TEXT NOT NULL,
        action TEXT, message_id TEXT, detail TEXT, logged_at {ts} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS scenario_run (
        id {pk}, scenario INTEGER NOT NULL, started_at {ts} NOT NULL, ended_at {ts}, outcome TEXT,
        details TEXT)""",
    "CREATE INDEX IF NOT EXISTS connection_log_charger ON charger_connection_log (charger_id, created_at)",
    "CREATE INDEX IF NOT EXISTS tx_event_log_tx ON transaction_event_log (charger_id, transaction_id)",
    "CREATE INDEX IF NOT EXISTS message_log_charger ON ocpp_message_log (charger_id, logged_at)",
    "CREATE INDEX IF NOT EXISTS meter_readings_charger ON meter_readings (charger_id, received_at)",
]


@dataclass
class DatabaseTarget:
    """Where the data lives: a SQLite file, or a PostgreSQL connection URL."""

    sqlite_path: str | None = None
    postgres_url: str | None = None

    def describe(self) -> str:
        if self.postgres_url:
            from urllib.parse import urlparse

            url = urlparse(self.postgres_url)
            name = (url.path or "/").lstrip("/") or "postgres"
            return f"{name}@{url.hostname or 'localhost'}:{url.port or 5432}"
        return f"sqlite:{self.sqlite_path}"


class Database:
    """A connection to the bench database with the schema in place."""

    def __init__(self, target: DatabaseTarget):
        self.target = target
        self._lock = threading.RLock()
        if target.postgres_url:
            import psycopg

            self.kind = "postgres"
            self._conn = psycopg.connect(target.postgres_url, autocommit=True)
        else:
            self.kind = "sqlite"
            path = Path(target.sqlite_path or "charger_db.sqlite")
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
        self.create_schema()

    # -- plumbing

    def _sql(self, statement: str) -> str:
        if self.kind == "postgres":
            return statement.replace("?", "%s")
        return statement

    def _value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if self.kind == "postgres":
                return value.astimezone(timezone.utc)
            return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
        return value

    def execute(self, statement: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Runs one statement; returns its rows (if any) as dicts, timestamps as datetimes."""
        with self._lock:
            cursor = self._conn.cursor()
            try:
                cursor.execute(self._sql(statement), [self._value(p) for p in params])
                if cursor.description is None:
                    return []
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]
            finally:
                cursor.close()

    def one(self, statement: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self.execute(statement, params)
        return rows[0] if rows else None

    def create_schema(self) -> None:
        pk = "BIGSERIAL PRIMARY KEY" if self.kind == "postgres" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        ts = "TIMESTAMPTZ" if self.kind == "postgres" else "TEXT"
        for statement in SCHEMA:
            self.execute(statement.replace("{pk}", pk).replace("{ts}", ts))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- fleet

    def seed_fleet(self, fleet: dict[str, Any]) -> int:
        """Upserts the stores and chargers of a fleet file; returns the number of chargers."""
        count = 0
        now = utcnow()
        for store in fleet.get("stores", []):
            self.execute(
                "INSERT INTO store_info (store_id, name, latitude, longitude) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (store_id) DO UPDATE SET name = excluded.name, latitude = excluded.latitude, "
                "longitude = excluded.longitude",
                [store["id"], store.get("name", store["id"]), store.get("latitude"), store.get("longitude")],
            )
            for charger in store.get("chargers", []):
                self.execute(
                    "INSERT INTO charger_info (charger_id, store_id, store_name, kind, rated_power_kw, latitude, "
                    "longitude, ev_profile, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (charger_id) DO UPDATE SET store_id = excluded.store_id, "
                    "store_name = excluded.store_name, kind = excluded.kind, "
                    "rated_power_kw = excluded.rated_power_kw, latitude = excluded.latitude, "
                    "longitude = excluded.longitude, ev_profile = excluded.ev_profile",
                    [
                        charger["id"],
                        store["id"],
                        store.get("name", store["id"]),
                        charger.get("kind"),
                        charger.get("ratedPowerKW"),
                        charger.get("latitude", store.get("latitude")),
                        charger.get("longitude", store.get("longitude")),
                        charger.get("evProfile"),
                        now,
                    ],
                )
                count += 1
        return count

    def is_known_charger(self, charger_id: str) -> bool:
        return (
            self.one("SELECT charger_id FROM charger_info WHERE charger_id = ?", [charger_id]) is not None
            or self.one("SELECT charger_id FROM charger_status WHERE charger_id = ?", [charger_id]) is not None
        )

    # -- connections and messages

    def mark_all_disconnected(self) -> None:
        """At start: no station is connected to a server that just started."""
        self.execute("UPDATE charger_status SET connected = 0 WHERE connected <> 0")

    def log_connection(self, charger_id: str, status: str, remote: str | None, subprotocol: str | None,
                       detail: str | None = None) -> None:
        now = utcnow()
        self.execute(
            "INSERT INTO charger_connection_log (charger_id, status, created_at, remote_address, subprotocol, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [charger_id, status, now, remote, subprotocol, detail],
        )
        self.execute(
            "INSERT INTO charger_status (charger_id, connected, last_seen, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (charger_id) DO UPDATE SET connected = excluded.connected, last_seen = excluded.last_seen, "
            "updated_at = excluded.updated_at",
            [charger_id, 1 if status == "connected" else 0, now, now],
        )

    def log_message(self, charger_id: str, direction: str, message_type: str, action: str | None,
                    message_id: str | None, detail: str | None = None) -> None:
        self.execute(
            "INSERT INTO ocpp_message_log (charger_id, direction, message_type, action, message_id, detail, logged_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [charger_id, direction, message_type, action, message_id, detail, utcnow()],
        )

    def record_boot(self, charger_id: str, vendor: str | None, model: str | None, firmware: str | None,
                    registration: str, interval: int) -> None:
        now = utcnow()
        self.execute(
            "INSERT INTO charger_status (charger_id, connected, registration, heartbeat_interval, boot_count, "
            "last_boot, last_seen, vendor, model, firmware, updated_at) VALUES (?, 1, ?, ?, 1, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (charger_id) DO UPDATE SET registration = excluded.registration, "
            "heartbeat_interval = excluded.heartbeat_interval, boot_count = charger_status.boot_count + 1, "
            "last_boot = excluded.last_boot, last_seen = excluded.last_seen, vendor = excluded.vendor, "
            "model = excluded.model, firmware = excluded.firmware, updated_at = excluded.updated_at",
            [charger_id, registration, interval, now, now, vendor, model, firmware, now],
        )

    def record_heartbeat(self, charger_id: str) -> None:
        now = utcnow()
        self.execute(
            "UPDATE charger_status SET heartbeat_count = heartbeat_count + 1, last_heartbeat = ?, last_seen = ?, "
            "updated_at = ? WHERE charger_id = ?",
            [now, now, now, charger_id],
        )

    def record_connector_status(self, charger_id: str, evse_id: int, connector_id: int, status: str) -> None:
        now = utcnow()
        self.execute(
            "INSERT INTO evse_status (charger_id, evse_id, connector_id, connector_status, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE SET "
            "connector_status = excluded.connector_status, updated_at = excluded.updated_at",
            [charger_id, evse_id, connector_id, status, now],
        )

    def record_meter_reading(self, charger_id: str, evse_id: int | None, transaction_id: str | None,
                             sampled_at: datetime | None, energy_wh: float | None, power_w: float | None,
                             source: str) -> None:
        self.execute(
            "INSERT INTO meter_readings (charger_id, evse_id, transaction_id, sampled_at, received_at, energy_wh, "
            "power_w, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [charger_id, evse_id, transaction_id, sampled_at, utcnow(), energy_wh, power_w, source],
        )

    # -- transactions

    def transaction(self, charger_id: str, transaction_id: str) -> dict[str, Any] | None:
        return self.one(
            "SELECT * FROM transactions WHERE charger_id = ? AND transaction_id = ?", [charger_id, transaction_id]
        )

    def is_duplicate_event(self, charger_id: str, transaction_id: str, seq_no: int | None, event_type: str) -> bool:
        if seq_no is None:
            return False
        return (
            self.one(
                "SELECT id FROM transaction_event_log WHERE charger_id = ? AND transaction_id = ? AND seq_no = ? "
                "AND event_type = ? AND duplicate = 0",
                [charger_id, transaction_id, seq_no, event_type],
            )
            is not None
        )

    def log_transaction_event(self, charger_id: str, transaction_id: str, event_type: str, seq_no: int | None,
                              offline: bool, trigger: str | None, event_time: datetime | None,
                              energy_wh: float | None, power_w: float | None, duplicate: bool,
                              message_id: str | None) -> None:
        self.execute(
            "INSERT INTO transaction_event_log (charger_id, transaction_id, event_type, seq_no, offline, "
            "trigger_reason, event_time, received_at, energy_wh, power_w, duplicate, message_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [charger_id, transaction_id, event_type, seq_no, 1 if offline else 0, trigger, event_time, utcnow(),
             energy_wh, power_w, 1 if duplicate else 0, message_id],
        )

    def upsert_transaction(self, row: dict[str, Any]) -> None:
        columns = list(row.keys())
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("charger_id", "transaction_id"))
        self.execute(
            f"INSERT INTO transactions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT (charger_id, transaction_id) DO UPDATE SET {updates}",
            [row[c] for c in columns],
        )

    def record_usage(self, row: dict[str, Any]) -> bool:
        """Inserts the finished session once; returns False when it was already recorded."""
        columns = list(row.keys())
        inserted = self.execute(
            f"INSERT INTO charger_usage_log ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            "ON CONFLICT (charger_id, transaction_id) DO NOTHING RETURNING id",
            [row[c] for c in columns],
        )
        return bool(inserted)

    # -- reads for the REST API and the verifier

    def chargers(self) -> list[dict[str, Any]]:
        return self.execute(
            "SELECT i.charger_id, i.store_id, i.store_name, i.kind, i.rated_power_kw, i.latitude, i.longitude, "
            "s.connected, s.registration, s.heartbeat_interval, s.boot_count, s.heartbeat_count, s.last_boot, "
            "s.last_heartbeat, s.last_seen, s.vendor, s.model, s.firmware "
            "FROM charger_info i LEFT JOIN charger_status s ON s.charger_id = i.charger_id "
            "UNION ALL "
            "SELECT s.charger_id, NULL, NULL, NULL, NULL, NULL, NULL, s.connected, s.registration, "
            "s.heartbeat_interval, s.boot_count, s.heartbeat_count, s.last_boot, s.last_heartbeat, s.last_seen, "
            "s.vendor, s.model, s.firmware FROM charger_status s "
            "WHERE NOT EXISTS (SELECT 1 FROM charger_info i WHERE i.charger_id = s.charger_id) "
            "ORDER BY charger_id"
        )

    def evse_statuses(self) -> list[dict[str, Any]]:
        return self.execute("SELECT * FROM evse_status ORDER BY charger_id, evse_id, connector_id")

    def active_transactions(self) -> list[dict[str, Any]]:
        return self.execute("SELECT * FROM transactions WHERE state <> 'Ended' ORDER BY charger_id, start_time")

    def stores(self) -> list[dict[str, Any]]:
        return self.execute("SELECT * FROM store_info ORDER BY store_id")

    def sessions(self, charger_id: str | None = None, since: datetime | None = None,
                 limit: int = 500) -> list[dict[str, Any]]:
        where, params = _where(("charger_id = ?", charger_id), ("recorded_at >= ?", since))
        return self.execute(f"SELECT * FROM charger_usage_log {where} ORDER BY id DESC LIMIT {int(limit)}", params)

    def connection_log(self, charger_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        if charger_id:
            return self.execute(
                f"SELECT * FROM charger_connection_log WHERE charger_id = ? ORDER BY id DESC LIMIT {int(limit)}",
                [charger_id],
            )
        return self.execute(f"SELECT * FROM charger_connection_log ORDER BY id DESC LIMIT {int(limit)}")

    def transaction_events(self, charger_id: str | None = None, transaction_id: str | None = None,
                           limit: int = 1000) -> list[dict[str, Any]]:
        where, params = _where(("charger_id = ?", charger_id), ("transaction_id = ?", transaction_id))
        return self.execute(f"SELECT * FROM transaction_event_log {where} ORDER BY id LIMIT {int(limit)}", params)

    # -- scenario runs (written by the scenario runner, read by the verifier)

    def start_scenario(self, scenario: int) -> int:
        row = self.one(
            "INSERT INTO scenario_run (scenario, started_at, outcome) VALUES (?, ?, 'running') RETURNING id",
            [scenario, utcnow()],
        )
        return int(row["id"])

    def finish_scenario(self, run_id: int, outcome: str, details: dict[str, Any]) -> None:
        self.execute(
            "UPDATE scenario_run SET ended_at = ?, outcome = ?, details = ? WHERE id = ?",
            [utcnow(), outcome, json.dumps(details, default=str), run_id],
        )

    def latest_scenario(self, scenario: int) -> dict[str, Any] | None:
        row = self.one(
            "SELECT * FROM scenario_run WHERE scenario = ? ORDER BY id DESC LIMIT 1", [scenario]
        )
        if row is not None:
            row["started_at"] = parse_time(row["started_at"])
            row["ended_at"] = parse_time(row["ended_at"])
            row["details"] = json.loads(row["details"]) if row.get("details") else {}
        return row


def _where(*filters: tuple[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause of the filters whose value is set (each "column op ?" with its value), and its params."""
    used = [(clause, value) for clause, value in filters if value]
    if not used:
        return "", []
    return "WHERE " + " AND ".join(clause for clause, _ in used), [value for _, value in used]
