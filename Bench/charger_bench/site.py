"""The site limit: a store's grid connection shared among its chargers by ChargingStationMaxProfiles.

A store with a limit (PUT /api/stores/{id}/limit {"limitKW": 300}) has its chargers sent a
ChargingStationMaxProfile each (SetChargingProfile, evseId 0, unit W, profile id SITE_PROFILE_ID), re-balanced when
a session starts or ends, a connector's status changes, a charger connects or goes, and every 10 s.

The invariant: the limits in force on the store's chargers never add up to more than the store's limit, at any
moment and whatever the vehicles do - so a session that starts on an idle charger cannot push the sum over before
the bench has re-balanced, and the sum of the chargers' power stays within the limit up to the time a charger takes
to apply a new limit. To keep it:
- a charger's limit in force is what it last Accepted; one the bench has sent nothing to (or that rejected the
  profile, or is offline with an unknown limit) counts at its full rating;
- a re-balance lowers first (all decreases at once, each charger's limit counting as lowered only once it answered
  Accepted; one that timed out counts at its old limit), waits `settle` seconds for the lowered ones to take effect
  on the hardware, and only then raises, within what the decreases freed (an increase that times out counts as
  raised).
The shares: chargers with a session get a fair share, capped at their rating and at what their vehicle draws (one
drawing clearly less than its limit - under 95 % of it - is given what it draws plus 10 % or 2 kW, and what it does
not draw goes to the others; one at its limit, or within its first 10 s, is given all it may take); idle chargers
share a reserve (10 % of the limit, capped at their ratings) so a session that starts gets power at once; what is
left goes to the idle chargers, then to the sessions, up to their ratings. Faulted or unavailable chargers get 0.
Every limit and every profile sent is persisted (store_limit, store_limit_change, charging_profile_log), and each
store's limit and total power is sampled every 2 s (store_power_sample) for the dashboard's plot.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ocpp.v201 import call

from .db import Database, iso, parse_time, utcnow

if TYPE_CHECKING:
    from .csms import BenchCsms

LOG = logging.getLogger("bench.site")
SITE_PROFILE_ID = 900
SITE_STACK_LEVEL = 0

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS store_limit (
        store_id TEXT PRIMARY KEY, limit_kw REAL NOT NULL, updated_at {ts} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS store_limit_change (
        id {pk}, store_id TEXT NOT NULL, limit_kw REAL, changed_at {ts} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS charging_profile_log (
        id {pk}, charger_id TEXT NOT NULL, store_id TEXT, action TEXT NOT NULL, profile_id INTEGER,
        evse_id INTEGER, purpose TEXT, unit TEXT, limit_w REAL, reason TEXT, status TEXT NOT NULL,
        sent_at {ts} NOT NULL, answered_at {ts}, request TEXT)""",
    """CREATE TABLE IF NOT EXISTS store_power_sample (
        id {pk}, store_id TEXT NOT NULL, sampled_at {ts} NOT NULL, limit_kw REAL, power_kw REAL NOT NULL,
        limits_kw REAL, charging INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS store_power_sample_time ON store_power_sample (store_id, sampled_at)",
    "CREATE INDEX IF NOT EXISTS charging_profile_log_charger ON charging_profile_log (charger_id, sent_at)",
]


def water_fill(budget: float, caps: dict[str, float]) -> dict[str, float]:
    """Shares `budget` equally among the keys of `caps`, none above its cap; what a capped one leaves goes to the
    others. Returns every key's share (sum <= budget)."""
    out = {key: 0.0 for key in caps}
    left = max(0.0, budget)
    pending = sorted(caps, key=lambda k: caps[k])
    while pending:
        share = left / len(pending)
        key = pending.pop(0)
        out[key] = min(max(0.0, caps[key]), share)
        left -= out[key]
    return out


@dataclass
class ChargerState:
    """What the balancer knows of one charger."""

    charger_id: str
    store_id: str
    rated_w: float
    limit_w: float | None = None  # the site profile in force (last Accepted); None: unknown or none
    limit_known: bool = False  # whether limit_w is what the charger has (False: counted at its rating)
    limit_source: str | None = None  # "site" or "rest"


def allocate(limit_w: float, chargers: list[dict[str, Any]], reserve_fraction: float = 0.1) -> dict[str, float]:
    """The target limit of each controllable charger. `chargers`: dicts with id, rated_w, kind ("session",
    "idle", "off") and, for sessions, demand_w (what the vehicle would take, <= rated_w)."""
    sessions = {c["id"]: min(c["rated_w"], c.get("demand_w", c["rated_w"])) for c in chargers if c["kind"] == "session"}
    idle = {c["id"]: c["rated_w"] for c in chargers if c["kind"] == "idle"}
    out = {c["id"]: 0.0 for c in chargers}
    reserve = water_fill(min(reserve_fraction * limit_w, sum(idle.values())), idle) if idle else {}
    budget = limit_w - sum(reserve.values())
    shares = water_fill(budget, sessions)
    left = budget - sum(shares.values())
    more_idle = water_fill(left, {k: idle[k] - reserve[k] for k in idle})
    left -= sum(more_idle.values())
    rated = {c["id"]: c["rated_w"] for c in chargers}
    more_sessions = water_fill(left, {k: rated[k] - shares[k] for k in sessions})
    for key in idle:
        out[key] = reserve[key] + more_idle[key]
    for key in sessions:
        out[key] = shares[key] + more_sessions[key]
    return out


def site_profile(limit_w: float, start: datetime) -> dict[str, Any]:
    """The ChargingStationMaxProfile of the site limit (snake_case, as the ocpp library takes it)."""
    return {
        "id": SITE_PROFILE_ID, "stack_level": SITE_STACK_LEVEL, "charging_profile_purpose": "ChargingStationMaxProfile",
        "charging_profile_kind": "Absolute",
        "charging_schedule": [{"id": 1, "start_schedule": iso(start), "charging_rate_unit": "W",
                               "charging_schedule_period": [{"start_period": 0, "limit": round(limit_w, 1)}]}],
    }


class SiteBalancer:
    """The store limits of one bench CSMS and the re-balancing that keeps them."""

    def __init__(self, csms: "BenchCsms", interval: float = 10.0, settle: float = 1.0, sample_every: float = 2.0):
        self.csms = csms
        self.db: Database = csms.db
        self.interval, self.settle, self.sample_every = interval, settle, sample_every
        pk = "BIGSERIAL PRIMARY KEY" if self.db.kind == "postgres" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        ts = "TIMESTAMPTZ" if self.db.kind == "postgres" else "TEXT"
        for statement in SCHEMA:
            self.db.execute(statement.replace("{pk}", pk).replace("{ts}", ts))
        self.limits: dict[str, float] = {r["store_id"]: r["limit_kw"] for r in self.db.execute(
            "SELECT store_id, limit_kw FROM store_limit")}
        self.chargers: dict[str, ChargerState] = {}
        self._dirty: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task] = []
        self._locks: dict[str, asyncio.Lock] = {}
        self._profile_start = utcnow() - timedelta(minutes=1)
        self.rebalances = 0
        self.load_fleet()

    def load_fleet(self) -> None:
        for row in self.db.execute("SELECT charger_id, store_id, rated_power_kw FROM charger_info"):
            if row["store_id"]:
                known = self.chargers.get(row["charger_id"])
                state = ChargerState(row["charger_id"], row["store_id"], float(row["rated_power_kw"] or 7) * 1000.0)
                if known is not None:
                    state.limit_w, state.limit_known, state.limit_source = known.limit_w, known.limit_known, \
                        known.limit_source
                self.chargers[row["charger_id"]] = state

    def start(self) -> None:
        """Starts the workers (needs the running loop): one per store, and the power sampler."""
        loop = asyncio.get_running_loop()
        for store_id in sorted({c.store_id for c in self.chargers.values()}):
            self._dirty[store_id] = asyncio.Event()
            self._tasks.append(loop.create_task(self._worker(store_id)))
        self._tasks.append(loop.create_task(self._sampler()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- what the CSMS tells the balancer

    def changed(self, charger_id: str, why: str) -> None:
        """Something that moves the balance happened at `charger_id` (a session, a status, a connection)."""
        state = self.chargers.get(charger_id)
        if state is None or state.store_id not in self.limits:
            return
        if why == "connected":
            state.limit_known = False  # a charger that (re)booted may have another profile than we think
        LOG.debug("re-balance %s: %s at %s", state.store_id, why, charger_id)
        event = self._dirty.get(state.store_id)
        if event is not None:
            event.set()

    def profile_sent(self, charger_id: str, profile_id: int | None) -> None:
        """A profile sent through REST with the site profile's id (or a clear of all or of that id) replaces the
        site's: its limit is no longer known until the next re-balance."""
        state = self.chargers.get(charger_id)
        if state is not None and profile_id in (None, SITE_PROFILE_ID):
            state.limit_known = False
            self.changed(charger_id, "profile sent through REST")

    # -- the limit of a store

    async def set_limit(self, store_id: str, limit_kw: float | None) -> None:
        now = utcnow()
        if limit_kw is None:
            self.limits.pop(store_id, None)
            self.db.execute("DELETE FROM store_limit WHERE store_id = ?", [store_id])
        else:
            self.limits[store_id] = limit_kw
            self.db.execute("INSERT INTO store_limit (store_id, limit_kw, updated_at) VALUES (?, ?, ?) ON CONFLICT "
                            "(store_id) DO UPDATE SET limit_kw = excluded.limit_kw, updated_at = excluded.updated_at",
                            [store_id, limit_kw, now])
        self.db.execute("INSERT INTO store_limit_change (store_id, limit_kw, changed_at) VALUES (?, ?, ?)",
                        [store_id, limit_kw, now])
        LOG.info("store %s limit %s", store_id, f"{limit_kw:g} kW" if limit_kw is not None else "cleared")
        if limit_kw is None:
            async with self._locks.setdefault(store_id, asyncio.Lock()):
                await self._clear(store_id)
        else:
            await self.rebalance(store_id, "limit changed")

    async def _clear(self, store_id: str) -> None:
        mine = [c for c in self.chargers.values() if c.store_id == store_id and self._reachable(c.charger_id)]

        async def clear(state: ChargerState) -> None:
            status = await self._send(state, call.ClearChargingProfile(charging_profile_id=SITE_PROFILE_ID),
                                      "ClearChargingProfile", None, "limit cleared")
            if status in ("Accepted", "Unknown"):
                state.limit_w, state.limit_known, state.limit_source = None, True, None

        await asyncio.gather(*(clear(c) for c in mine))

    # -- re-balancing

    async def _worker(self, store_id: str) -> None:
        event = self._dirty[store_id]
        while True:
            try:
                await asyncio.wait_for(event.wait(), self.interval)
            except asyncio.TimeoutError:
                pass
            triggered = event.is_set()
            event.clear()
            if store_id not in self.limits:
                continue
            try:
                await self.rebalance(store_id, "event" if triggered else "periodic")
            except Exception:  # noqa: BLE001 - the worker keeps the store balanced after a bug's one failure
                LOG.exception("re-balancing %s failed", store_id)

    def _situation(self, store_id: str) -> tuple[list[ChargerState], list[dict[str, Any]], float]:
        """The store's chargers, the controllable ones described for `allocate`, and the watts the others
        (offline: their limit in force, or their rating) take from the limit."""
        mine = sorted((c for c in self.chargers.values() if c.store_id == store_id), key=lambda c: c.charger_id)
        txs: dict[str, dict[str, Any]] = {}
        for row in self.db.active_transactions():
            txs.setdefault(row["charger_id"], row)
        statuses: dict[str, list[str]] = {}
        for row in self.db.evse_statuses():
            statuses.setdefault(row["charger_id"], []).append(row["connector_status"])
        now = utcnow()
        fixed = 0.0
        described = []
        for state in mine:
            in_force = state.limit_w if state.limit_known and state.limit_w is not None else state.rated_w
            if not self._reachable(state.charger_id):
                fixed += min(in_force, state.rated_w)
                continue
            tx = txs.get(state.charger_id)
            if tx is not None:
                power = tx["power_w"]
                started = parse_time(tx["start_time"])
                young = started is None or (now - started).total_seconds() < 10
                demand = state.rated_w
                if power is not None and not young and state.limit_known and state.limit_w is not None \
                        and power < 0.95 * state.limit_w:
                    demand = min(state.rated_w, power + max(0.1 * power, 2000.0))
                described.append({"id": state.charger_id, "rated_w": state.rated_w, "kind": "session",
                                  "demand_w": demand})
            elif any(s in ("Faulted", "Unavailable") for s in statuses.get(state.charger_id, [])):
                described.append({"id": state.charger_id, "rated_w": state.rated_w, "kind": "off"})
            else:
                described.append({"id": state.charger_id, "rated_w": state.rated_w, "kind": "idle"})
        return mine, described, fixed

    async def rebalance(self, store_id: str, why: str) -> None:
        """One re-balance of the store (one at a time per store)."""
        lock = self._locks.setdefault(store_id, asyncio.Lock())
        async with lock:
            await self._rebalance(store_id, why)

    async def _rebalance(self, store_id: str, why: str) -> None:
        limit_kw = self.limits.get(store_id)
        if limit_kw is None:
            return
        limit_w = limit_kw * 1000.0
        mine, described, fixed = self._situation(store_id)
        targets = allocate(max(0.0, limit_w - fixed), described)
        by_id = {c.charger_id: c for c in mine}
        self.rebalances += 1

        def in_force(state: ChargerState) -> float:
            return state.limit_w if state.limit_known and state.limit_w is not None else state.rated_w

        lower = [(by_id[k], t) for k, t in targets.items() if t < in_force(by_id[k]) - 1.0 or not by_id[k].limit_known]
        lowered_sessions = False
        if lower:
            await asyncio.gather(*(self._set(s, t, why, raising=False) for s, t in lower))
            lowered_sessions = any(d["kind"] == "session" for d in described if d["id"] in {s.charger_id
                                                                                             for s, _ in lower})
        raise_ = [(by_id[k], t) for k, t in targets.items()
                  if by_id[k].limit_known and t > in_force(by_id[k]) + max(500.0, 0.02 * in_force(by_id[k]))]
        if not raise_:
            return
        if lowered_sessions and self.settle > 0:
            await asyncio.sleep(self.settle)  # the lowered limits reach the hardware before others rise
        # Only what is free now may be handed out: limits that did not come down still count.
        free = limit_w - sum(min(in_force(c), c.rated_w) for c in mine if c.charger_id in targets) - fixed
        wanted = sum(t - in_force(s) for s, t in raise_)
        scale = 1.0 if wanted <= free else max(0.0, free) / wanted
        if scale < 1.0:
            LOG.info("store %s: raising by %.0f %% of what was planned (%.0f W free)", store_id, scale * 100, free)
        await asyncio.gather(*(self._set(s, in_force(s) + (t - in_force(s)) * scale, why, raising=True)
                               for s, t in raise_ if scale > 0))

    def _reachable(self, charger_id: str) -> bool:
        link = self.csms.links.get(charger_id)
        return link is not None and getattr(link, "booted", False)

    async def _set(self, state: ChargerState, limit_w: float, why: str, raising: bool) -> None:
        limit_w = max(0.0, round(limit_w, 1))
        profile = site_profile(limit_w, self._profile_start)
        status = await self._send(state, call.SetChargingProfile(evse_id=0, charging_profile=profile),
                                  "SetChargingProfile", limit_w, why)
        if status == "Accepted" or (raising and status == "timeout"):
            state.limit_w, state.limit_known, state.limit_source = limit_w, True, "site"
        elif status != "timeout":
            state.limit_known = False  # rejected or failed: it may draw its rating

    async def _send(self, state: ChargerState, request: Any, action: str, limit_w: float | None, why: str) -> str:
        link = self.csms.links.get(state.charger_id)
        profile = getattr(request, "charging_profile", None)
        row = self.db.one(
            "INSERT INTO charging_profile_log (charger_id, store_id, action, profile_id, evse_id, purpose, unit, "
            "limit_w, reason, status, sent_at, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Sent', ?, ?) RETURNING id",
            [state.charger_id, state.store_id, action, SITE_PROFILE_ID, 0,
             "ChargingStationMaxProfile", "W" if profile else None, limit_w, why, utcnow(),
             json.dumps(profile) if profile else None])
        if link is None:
            status = "NotConnected"
        else:
            outcome, answer = await link.command(request)
            status = answer.get("status", outcome) if outcome == "result" else outcome
        self.db.execute("UPDATE charging_profile_log SET status = ?, answered_at = ? WHERE id = ?",
                        [status, utcnow(), row["id"]])
        return status

    # -- views

    def store_view(self, store_id: str) -> dict[str, Any]:
        mine = sorted((c for c in self.chargers.values() if c.store_id == store_id), key=lambda c: c.charger_id)
        return {"storeId": store_id, "limitKW": self.limits.get(store_id), "chargers": [
            {"chargerId": c.charger_id, "ratedPowerKW": c.rated_w / 1000.0, "limitKW": self.charger_limit_kw(c.charger_id),
             "limitKnown": c.limit_known} for c in mine]}

    def charger_limit_kw(self, charger_id: str) -> float | None:
        state = self.chargers.get(charger_id)
        if state is None or not state.limit_known or state.limit_w is None:
            return None
        return round(state.limit_w / 1000.0, 3)

    def store_power(self) -> dict[str, tuple[float, float, int]]:
        """Per store: (total reported power W, sum of the limits in force W, sessions charging)."""
        out: dict[str, list[float]] = {}
        for row in self.db.active_transactions():
            state = self.chargers.get(row["charger_id"])
            if state is None:
                continue
            entry = out.setdefault(state.store_id, [0.0, 0.0, 0])
            entry[0] += max(0.0, row["power_w"] or 0.0)
            entry[2] += 1 if (row["power_w"] or 0) > 0 else 0
        for state in self.chargers.values():
            entry = out.setdefault(state.store_id, [0.0, 0.0, 0])
            entry[1] += state.limit_w if state.limit_known and state.limit_w is not None else state.rated_w
        return {k: (v[0], v[1], int(v[2])) for k, v in out.items()}

    def sample(self) -> None:
        """One row per store into store_power_sample: its limit, reported power, limits in force, sessions."""
        now = utcnow()
        for store_id, (power, limits, charging) in sorted(self.store_power().items()):
            self.db.execute(
                "INSERT INTO store_power_sample (store_id, sampled_at, limit_kw, power_kw, limits_kw, charging) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [store_id, now, self.limits.get(store_id), round(power / 1000.0, 3), round(limits / 1000.0, 3),
                 charging])

    async def _sampler(self) -> None:
        while True:
            await asyncio.sleep(self.sample_every)
            try:
                self.sample()
            except Exception:  # noqa: BLE001 - sampling must not stop over one bad row
                LOG.exception("sampling store power failed")

    def power_history(self, store_id: str, seconds: float) -> list[dict[str, Any]]:
        since = utcnow() - timedelta(seconds=seconds)
        rows = self.db.execute(
            "SELECT sampled_at, limit_kw, power_kw, limits_kw, charging FROM store_power_sample WHERE store_id = ? "
            "AND sampled_at >= ? ORDER BY sampled_at", [store_id, since])
        return [{"t": iso(r["sampled_at"]), "limitKW": r["limit_kw"], "powerKW": r["power_kw"],
                 "limitsKW": r["limits_kw"], "charging": r["charging"]} for r in rows]
