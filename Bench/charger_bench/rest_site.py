"""The REST routes of the site limit (site.py) and of charging profiles (SetChargingProfile, ClearChargingProfile,
GetChargingProfiles with the ReportChargingProfiles the station sends, GetCompositeSchedule), documented in
Bench/README.md. Bodies are camelCase as OCPP's JSON; the station's answer comes back in `result.response`."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web
from ocpp.v201 import call

from .db import utcnow
from .site import SiteBalancer

if TYPE_CHECKING:
    from .rest import BenchApi


def to_snake(value: Any) -> Any:
    """camelCase keys to snake_case, through nested objects and lists (the ocpp library's calls take snake_case)."""
    if isinstance(value, dict):
        return {"".join(f"_{c.lower()}" if c.isupper() else c for c in k): to_snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_snake(v) for v in value]
    return value


class SiteRoutes:
    def __init__(self, api: "BenchApi", site: SiteBalancer):
        self.api = api
        self.site = site

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/stores/{store_id}/limit", self.get_limit),
            web.put("/api/stores/{store_id}/limit", self.put_limit),
            web.delete("/api/stores/{store_id}/limit", self.delete_limit),
            web.get("/api/stores/{store_id}/power-history", self.power_history),
            web.get("/api/charging-profiles", self.profile_log),
            web.post("/api/chargers/{charger_id}/charging-profiles", self.set_profile),
            web.post("/api/chargers/{charger_id}/charging-profiles/clear", self.clear_profile),
            web.post("/api/chargers/{charger_id}/charging-profiles/get", self.get_profiles),
            web.post("/api/chargers/{charger_id}/composite-schedule", self.composite_schedule),
        ]

    def store(self, request: web.Request) -> str:
        from .rest import ApiError

        store_id = request.match_info["store_id"]
        if self.api.db.one("SELECT store_id FROM store_info WHERE store_id = ?", [store_id]) is None:
            raise ApiError(404, "UnknownStore", f"no store {store_id!r} in store_info")
        return store_id

    # -- the store limit

    async def get_limit(self, request: web.Request) -> web.Response:
        from .rest import ok

        return ok(self.site.store_view(self.store(request)))

    async def put_limit(self, request: web.Request) -> web.Response:
        from .rest import ApiError, ok

        store_id = self.store(request)
        body = await self.api.body(request)
        value = body.get("limitKW")
        if value is None:
            raise ApiError(400, "MissingField", "the body needs 'limitKW' (number, kW)")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100_000:
            raise ApiError(400, "BadField", f"'limitKW' must be a number of kW from 0 to 100000, got {value!r}")
        await self.site.set_limit(store_id, float(value))
        return ok(self.site.store_view(store_id))

    async def delete_limit(self, request: web.Request) -> web.Response:
        from .rest import ok

        store_id = self.store(request)
        await self.site.set_limit(store_id, None)
        return ok(self.site.store_view(store_id))

    async def power_history(self, request: web.Request) -> web.Response:
        from .rest import ApiError, ok

        store_id = self.store(request)
        try:
            seconds = float(request.query.get("seconds", "300"))
        except ValueError as error:
            raise ApiError(400, "BadQuery", f"'seconds' must be a number: {error}") from error
        if not 0 < seconds <= 86_400:
            raise ApiError(400, "BadQuery", f"'seconds' must be within 0 and 86400, got {seconds:g}")
        return ok({"storeId": store_id, "limitKW": self.site.limits.get(store_id), "seconds": seconds,
                   "samples": self.site.power_history(store_id, seconds)})

    async def profile_log(self, request: web.Request) -> web.Response:
        from .rest import normalize, ok

        charger_id = request.query.get("charger_id")
        where, params = ("WHERE charger_id = ?", [charger_id]) if charger_id else ("", [])
        rows = self.api.db.execute(f"SELECT * FROM charging_profile_log {where} ORDER BY id DESC LIMIT 500", params)
        for row in rows:
            row["request"] = json.loads(row["request"]) if row.get("request") else None
        return ok([normalize(r) for r in rows])

    # -- charging profiles, passed through to a station

    async def _logged(self, charger_id: str, request: Any, action: str, evse_id: int | None,
                      profile: dict[str, Any] | None, profile_id: int | None) -> dict[str, Any]:
        db = self.api.db
        state = self.site.chargers.get(charger_id)
        schedule = (profile or {}).get("charging_schedule") or [{}]
        periods = schedule[0].get("charging_schedule_period") or [{}]
        row = db.one(
            "INSERT INTO charging_profile_log (charger_id, store_id, action, profile_id, evse_id, purpose, unit, "
            "limit_w, reason, status, sent_at, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'rest', 'Sent', ?, ?) "
            "RETURNING id",
            [charger_id, state.store_id if state else None, action, profile_id, evse_id,
             (profile or {}).get("charging_profile_purpose"), schedule[0].get("charging_rate_unit"),
             periods[0].get("limit"), utcnow(), json.dumps(profile) if profile else None])
        status = "error"
        try:
            answer = await self.api.station_answer(charger_id, request)
            status = answer.get("status", "answered")
            return answer
        finally:
            db.execute("UPDATE charging_profile_log SET status = ?, answered_at = ? WHERE id = ?",
                       [status, utcnow(), row["id"]])

    async def set_profile(self, request: web.Request) -> web.Response:
        from .rest import ApiError, ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        evse_id = self.api.field(body, "evseId", int)
        profile = body.get("chargingProfile")
        if not isinstance(profile, dict):
            raise ApiError(400, "MissingField", "the body needs 'chargingProfile' (an OCPP ChargingProfileType)")
        snake = to_snake(profile)
        try:
            message = call.SetChargingProfile(evse_id=evse_id, charging_profile=snake)
        except TypeError as error:
            raise ApiError(400, "BadField", f"chargingProfile: {error}") from error
        answer = await self._logged(charger_id, message, "SetChargingProfile", evse_id, snake, snake.get("id"))
        self.site.profile_sent(charger_id, snake.get("id"))
        return ok({"chargerId": charger_id, "action": "SetChargingProfile", "response": answer})

    async def clear_profile(self, request: web.Request) -> web.Response:
        from .rest import ApiError, ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        profile_id = self.api.field(body, "chargingProfileId", int, None)
        criteria = body.get("chargingProfileCriteria")
        if profile_id is None and not isinstance(criteria, dict):
            raise ApiError(400, "MissingField", "the body needs 'chargingProfileId' or 'chargingProfileCriteria'")
        message = call.ClearChargingProfile(charging_profile_id=profile_id,
                                            charging_profile_criteria=to_snake(criteria) if criteria else None)
        answer = await self._logged(charger_id, message, "ClearChargingProfile",
                                    (criteria or {}).get("evseId"), None, profile_id)
        self.site.profile_sent(charger_id, profile_id)
        return ok({"chargerId": charger_id, "action": "ClearChargingProfile", "response": answer})

    async def get_profiles(self, request: web.Request) -> web.Response:
        """GetChargingProfiles; with an Accepted answer, waits (up to `waitSeconds`, 5) for the reports through the
        one with tbc = false and returns them in `result.reports`."""
        from .rest import ApiError, ok

        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        criterion = body.get("chargingProfile", {})
        if not isinstance(criterion, dict):
            raise ApiError(400, "BadField", "'chargingProfile' must be a ChargingProfileCriterionType object")
        request_id = self.api.field(body, "requestId", int, self.site.csms.maintenance.next_request_id())
        wait = float(body.get("waitSeconds", 5))
        message = call.GetChargingProfiles(request_id=request_id, charging_profile=to_snake(criterion),
                                           evse_id=self.api.field(body, "evseId", int, None))
        answer = await self.api.station_answer(charger_id, message)
        key = (charger_id, request_id)
        if answer.get("status") == "Accepted":
            deadline = asyncio.get_running_loop().time() + wait
            while asyncio.get_running_loop().time() < deadline:
                pages = self.site.csms.profile_reports.get(key, [])
                if pages and not pages[-1]["tbc"]:
                    break
                await asyncio.sleep(0.05)
        reports = self.site.csms.profile_reports.pop(key, [])
        return ok({"chargerId": charger_id, "action": "GetChargingProfiles", "requestId": request_id,
                   "response": answer, "reports": reports,
                   "complete": bool(reports) and not reports[-1]["tbc"]})

    async def composite_schedule(self, request: web.Request) -> web.Response:
        charger_id = request.match_info["charger_id"]
        self.api.known(charger_id)
        body = await self.api.body(request)
        message = call.GetCompositeSchedule(
            duration=self.api.field(body, "duration", int, 3600), evse_id=self.api.field(body, "evseId", int, 0),
            charging_rate_unit=self.api.field(body, "chargingRateUnit", str, None, ("W", "A")))
        return await self.api.send(charger_id, message)
