"""Charging profiles for the bench's Python stand-in stations (pysim), so the site limit (scenario 8) runs against
them too. Like the rest of pysim it is NOT the product: the station's own smart charging is chargerd's
(Sources/ChargingStation/SmartCharging); this is the least a station must do for the bench's load balancing.

- SetChargingProfile: ChargingStationMaxProfile (evseId 0 only), TxDefaultProfile, TxProfile (a running
  transaction's, evseId > 0); a profile with the id of an installed one replaces it. Kinds Absolute, Recurring
  (Daily/Weekly) and Relative (from the transaction's start); validFrom/validTo; limits in W or A (A as
  230 V x numberPhases, 3 unless given).
- The EVSE draws min(vehicle, rating, limit), where limit = min(the station maximum, the transaction's profile -
  TxProfile over TxDefaultProfile, highest stack level first); a change of the drawn power is reported at once
  with a TransactionEvent(Updated, ChargingRateChanged). The limit is looked at again every second (schedules).
- ClearChargingProfile by id or by criteria, GetChargingProfiles (one ReportChargingProfiles per EVSE),
  GetCompositeSchedule (the limit at every period boundary within the duration, in W or A).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ocpp.routing import on
from ocpp.v201 import call, call_result
from ocpp.v201.enums import Action

if TYPE_CHECKING:
    from .pysim import Station

LOG = logging.getLogger("pysim.smart")
VOLTS = 230.0
PURPOSES = ("ChargingStationMaxProfile", "TxDefaultProfile", "TxProfile")


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Profiles:
    """The profiles installed on one pysim station (one EVSE, id 1), and the limit they make."""

    def __init__(self) -> None:
        self.installed: dict[int, tuple[int, dict[str, Any]]] = {}  # profile id -> (evse id, profile, snake_case)

    def set(self, evse_id: int, profile: dict[str, Any], tx_id: str | None) -> str | None:
        """Installs `profile`; returns why it is rejected, or None."""
        purpose = profile["charging_profile_purpose"]
        if purpose not in PURPOSES:
            return f"purpose {purpose} not supported"
        if purpose == "ChargingStationMaxProfile" and evse_id != 0:
            return "a ChargingStationMaxProfile is for evseId 0"
        if purpose == "ChargingStationMaxProfile" and profile["charging_profile_kind"] == "Relative":
            return "a ChargingStationMaxProfile cannot be Relative"
        if purpose == "TxProfile" and (evse_id == 0 or tx_id is None or profile.get("transaction_id") not in
                                       (None, tx_id)):
            return "a TxProfile needs an EVSE with a running transaction"
        if evse_id not in (0, 1):
            return f"no EVSE {evse_id}"
        for schedule in profile["charging_schedule"]:
            periods = schedule["charging_schedule_period"]
            if not periods or periods[0]["start_period"] != 0:
                return "the first period must start at 0"
        for other_id, (other_evse, other) in self.installed.items():
            if other_id != profile["id"] and other["charging_profile_purpose"] == purpose \
                    and other["stack_level"] == profile["stack_level"] and other_evse == evse_id:
                return f"profile {other_id} has the same purpose and stack level"
        self.installed[profile["id"]] = (evse_id, profile)
        return None

    def clear(self, profile_id: int | None, criteria: dict[str, Any] | None) -> int:
        removed = []
        for pid, (evse_id, profile) in self.installed.items():
            if profile_id is not None and pid != profile_id:
                continue
            if criteria:
                if criteria.get("evse_id") is not None and criteria["evse_id"] != evse_id:
                    continue
                if criteria.get("charging_profile_purpose") not in (None, profile["charging_profile_purpose"]):
                    continue
                if criteria.get("stack_level") not in (None, profile["stack_level"]):
                    continue
            removed.append(pid)
        for pid in removed:
            del self.installed[pid]
        return len(removed)

    def matching(self, evse_id: int | None, criterion: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for pid, (evse, profile) in sorted(self.installed.items()):
            if evse_id is not None and evse != evse_id:
                continue
            if criterion.get("charging_profile_id") and pid not in criterion["charging_profile_id"]:
                continue
            if criterion.get("charging_profile_purpose") not in (None, profile["charging_profile_purpose"]):
                continue
            if criterion.get("stack_level") not in (None, profile["stack_level"]):
                continue
            out.append((evse, profile))
        return out

    # -- the limit

    @staticmethod
    def _period_at(profile: dict[str, Any], at: datetime, tx_start: datetime | None) -> tuple[float, int] | None:
        """(limit W, seconds until the next period boundary or -1) of `profile` at `at`, None when it has no
        period then."""
        if (v := _time(profile.get("valid_from"))) and at < v:
            return None
        if (v := _time(profile.get("valid_to"))) and at >= v:
            return None
        schedule = profile["charging_schedule"][0]
        kind = profile["charging_profile_kind"]
        if kind == "Relative":
            start = tx_start or at
        else:
            start = _time(schedule.get("start_schedule")) or tx_start or at
        elapsed = (at - start).total_seconds()
        if kind == "Recurring":
            cycle = 604_800 if profile.get("recurrency_kind") == "Weekly" else 86_400
            elapsed %= cycle
        if elapsed < 0 or (schedule.get("duration") is not None and elapsed >= schedule["duration"]):
            return None
        periods = schedule["charging_schedule_period"]
        current = periods[0]
        next_start = -1
        for period in periods:
            if period["start_period"] <= elapsed:
                current = period
            else:
                next_start = int(period["start_period"] - elapsed)
                break
        limit = float(current["limit"])
        if schedule["charging_rate_unit"] == "A":
            limit *= VOLTS * (current.get("number_phases") or 3)
        return limit, next_start

    def limit_w(self, at: datetime, tx_id: str | None, tx_start: datetime | None) -> float | None:
        """The station's limit for EVSE 1 at `at` in W; None when no profile limits it."""
        best: dict[str, tuple[int, float]] = {}
        for evse_id, profile in self.installed.values():
            purpose = profile["charging_profile_purpose"]
            if purpose == "TxProfile" and (tx_id is None or profile.get("transaction_id") not in (None, tx_id)):
                continue
            if purpose != "ChargingStationMaxProfile" and evse_id not in (0, 1):
                continue
            period = self._period_at(profile, at, tx_start)
            if period is None:
                continue
            level = profile["stack_level"]
            if purpose not in best or level > best[purpose][0]:
                best[purpose] = (level, period[0])
        tx_limit = best.get("TxProfile") if tx_id else None
        tx_limit = tx_limit or best.get("TxDefaultProfile")
        limits = [v[1] for v in (best.get("ChargingStationMaxProfile"), tx_limit) if v is not None]
        return min(limits) if limits else None

    def composite(self, duration: int, now: datetime, tx_id: str | None, tx_start: datetime | None,
                  rated_w: float) -> list[tuple[int, float]]:
        """(start offset s, limit W) periods over `duration` seconds from `now`, equal neighbours merged."""
        points = {0}
        for _, profile in self.installed.values():
            schedule = profile["charging_schedule"][0]
            start = (tx_start or now) if profile["charging_profile_kind"] == "Relative" else \
                (_time(schedule.get("start_schedule")) or tx_start or now)
            for period in schedule["charging_schedule_period"]:
                offset = int((start + timedelta(seconds=period["start_period"]) - now).total_seconds())
                if 0 < offset < duration:
                    points.add(offset)
            for edge in (_time(profile.get("valid_from")), _time(profile.get("valid_to"))):
                if edge is not None and 0 < (offset := int((edge - now).total_seconds())) < duration:
                    points.add(offset)
        out: list[tuple[int, float]] = []
        for offset in sorted(points):
            limit = self.limit_w(now + timedelta(seconds=offset), tx_id, tx_start)
            value = rated_w if limit is None else min(limit, rated_w)
            if not out or out[-1][1] != value:
                out.append((offset, value))
        return out


class SmartChargingHandlers:
    """The K-block actions of a pysim station's link (mixed into pysim's `_Link`, which has `station`)."""

    station: "Station"

    @on(Action.set_charging_profile)
    async def on_set_charging_profile(self, evse_id, charging_profile, **kwargs):
        station = self.station
        problem = station.profiles.set(evse_id, charging_profile, station.evse.tx_id)
        if problem is not None:
            LOG.info("%s SetChargingProfile %s rejected: %s", station.id, charging_profile.get("id"), problem)
            return call_result.SetChargingProfile(status="Rejected", status_info={"reason_code": "InvalidValue",
                                                                                   "additional_info": problem})
        asyncio.get_running_loop().call_soon(station.apply_limit)
        return call_result.SetChargingProfile(status="Accepted")

    @on(Action.clear_charging_profile)
    async def on_clear_charging_profile(self, charging_profile_id=None, charging_profile_criteria=None, **kwargs):
        removed = self.station.profiles.clear(charging_profile_id, charging_profile_criteria)
        if removed:
            asyncio.get_running_loop().call_soon(self.station.apply_limit)
        return call_result.ClearChargingProfile(status="Accepted" if removed else "Unknown")

    @on(Action.get_charging_profiles)
    async def on_get_charging_profiles(self, request_id, charging_profile, evse_id=None, **kwargs):
        found = self.station.profiles.matching(evse_id, charging_profile)
        if not found:
            return call_result.GetChargingProfiles(status="NoProfiles")
        by_evse: dict[int, list[dict[str, Any]]] = {}
        for evse, profile in found:
            by_evse.setdefault(evse, []).append(profile)

        async def report() -> None:
            await asyncio.sleep(0.05)
            evses = sorted(by_evse)
            for index, evse in enumerate(evses):
                await self.call(call.ReportChargingProfiles(
                    request_id=request_id, charging_limit_source="CSO", charging_profile=by_evse[evse], evse_id=evse,
                    tbc=index < len(evses) - 1))

        asyncio.get_running_loop().create_task(report())
        return call_result.GetChargingProfiles(status="Accepted")

    @on(Action.get_composite_schedule)
    async def on_get_composite_schedule(self, duration, evse_id, charging_rate_unit=None, **kwargs):
        if evse_id not in (0, 1):
            return call_result.GetCompositeSchedule(status="Rejected")
        station, now = self.station, datetime.now(timezone.utc).replace(microsecond=0)
        evse = station.evse
        rated_w = evse.rated_kw * 1000.0
        if evse_id == 0:
            periods = station.profiles.composite(duration, now, None, None, rated_w)
        else:
            periods = station.profiles.composite(duration, now, evse.tx_id, evse.tx_start_time, rated_w)
        unit = charging_rate_unit or "W"
        scale = 1.0 if unit == "W" else 1.0 / (VOLTS * 3)
        return call_result.GetCompositeSchedule(status="Accepted", schedule={
            "evse_id": evse_id, "duration": duration, "schedule_start": _iso(now), "charging_rate_unit": unit,
            "charging_schedule_period": [{"start_period": start, "limit": round(limit * scale, 1)}
                                         for start, limit in periods]})
