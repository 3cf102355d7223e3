"""The verifier's checks of scenario 8 (scenarios_site.py), from what the bench CSMS recorded.

Power: each charger's reported power is a step function of time - the Power.Active.Import of its TransactionEvents
(meter_readings, at the station's sample time), 0 before its Started and after its Ended event. Their sum is
compared with the store's limit (store_limit_change) at every moment a value changes and 2 s after every change
(a session starting or ending, the limit changing); moments within 2 s after a change are not held to the limit
(the chargers' time to apply a new profile and report it). Billing: every session recorded once, its energy (from
the registers) equal to what the meter itself counted, its cost energy x tariff. The bench must have sent the
profiles (charging_profile_log, Accepted), the limits the chargers accepted must never add up to more than the
store's limit (outside 2 s after a limit change: the invariant of site.py), and the limit must have been reached (the peak sum at least 85 % of it),
so a limit kept by charging nobody does not pass.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .db import parse_time

if TYPE_CHECKING:
    from .verify import Check, Verifier

GRACE = timedelta(seconds=2)


def tolerance_w(limit_w: float) -> float:
    """Measurement slack: rounding of the reported power and of the limits (0.5 % of the limit, at least 500 W)."""
    return max(500.0, 0.005 * limit_w)


def limit_timeline(verifier: "Verifier", store: str, start: datetime, end: datetime) -> list[tuple[datetime,
                                                                                                    float | None]]:
    rows = verifier.db.execute(
        "SELECT limit_kw, changed_at FROM store_limit_change WHERE store_id = ? AND changed_at <= ? ORDER BY id",
        [store, end])
    out: list[tuple[datetime, float | None]] = []
    for row in rows:
        at = parse_time(row["changed_at"])
        value = None if row["limit_kw"] is None else row["limit_kw"] * 1000.0
        if at < start:
            out = [(start, value)]
        else:
            out.append((at, value))
    return out


def power_steps(verifier: "Verifier", session: dict[str, Any]) -> tuple[list[tuple[datetime, float]], datetime | None,
                                                                       datetime | None]:
    """(time, W) steps of one session's reported power, and its Started and Ended times."""
    charger, tx = session["chargerId"], session["transactionId"]
    events = verifier.db.transaction_events(charger, tx)
    started = next((parse_time(e["event_time"]) for e in events if e["event_type"] == "Started"), None)
    ended = next((parse_time(e["event_time"]) for e in events if e["event_type"] == "Ended"), None)
    rows = verifier.db.execute(
        "SELECT sampled_at, received_at, power_w FROM meter_readings WHERE charger_id = ? AND transaction_id = ? "
        "AND power_w IS NOT NULL ORDER BY id", [charger, tx])
    steps = []
    for row in rows:
        at = parse_time(row["sampled_at"]) or parse_time(row["received_at"])
        if ended is not None and at >= ended:
            continue
        steps.append((at, float(row["power_w"])))
    steps.sort(key=lambda s: s[0])
    if ended is not None:
        steps.append((ended, 0.0))
    return steps, started, ended


def limits_in_force(verifier: "Verifier", store: str, chargers: list[str], limits: list[tuple[datetime, float | None]],
                    start: datetime, end: datetime) -> tuple[int, float, int]:
    """The bench's own invariant, from charging_profile_log: the limits the chargers Accepted (a charger not yet
    limited, or cleared, at its rating) never add up to more than the store's limit, except within 2 s after the
    limit changed (the lowering on its way). Returns (moments checked, the largest sum/limit, moments over)."""
    ratings = {r["charger_id"]: float(r["rated_power_kw"] or 0) * 1000.0 for r in verifier.db.execute(
        "SELECT charger_id, rated_power_kw FROM charger_info WHERE store_id = ?", [store])}
    rows = verifier.db.execute(
        "SELECT charger_id, action, limit_w, answered_at FROM charging_profile_log WHERE store_id = ? AND status = "
        "'Accepted' AND answered_at >= ? AND answered_at <= ? ORDER BY answered_at, id", [store, start, end])
    in_force = {c: ratings.get(c, 0.0) for c in chargers}
    limit_times = [t for t, _ in limits]
    changes = sorted(t for t, _ in limits)
    moments = [(parse_time(r["answered_at"]), r) for r in rows] + [(c + GRACE, None) for c in changes]
    checked = over = 0
    worst = 0.0
    for at, row in sorted(moments, key=lambda m: m[0]):
        if row is not None and row["charger_id"] in in_force:
            in_force[row["charger_id"]] = row["limit_w"] if row["action"] == "SetChargingProfile" and \
                row["limit_w"] is not None else ratings.get(row["charger_id"], 0.0)
        limit = value_at(limits, limit_times, at, None)
        index = bisect_right(changes, at)
        if limit is None or (index and at < changes[index - 1] + GRACE):
            continue
        checked += 1
        worst = max(worst, sum(in_force.values()) / max(limit, 1.0))
        if sum(in_force.values()) > limit + 1.0:
            over += 1
    return checked, worst, over


def value_at(steps: list[tuple[datetime, Any]], times: list[datetime], at: datetime, before: Any) -> Any:
    index = bisect_right(times, at)
    return steps[index - 1][1] if index else before


def check_scenario_8(verifier: "Verifier", run: dict[str, Any], check: "Check") -> None:
    details = run["details"]
    store, start, end = details.get("store", "emart_jeju"), run["started_at"], run["ended_at"]
    sessions = details.get("sessions", [])
    check.expect(len(sessions) == 12, f"{len(sessions)} sessions started, want the 12 chargers of {store}")
    limits = limit_timeline(verifier, store, start, end)
    check.expect(any(v is not None and abs(v - 300_000) < 1 for _, v in limits),
                 f"no {store} limit of 300 kW recorded in store_limit_change during the run")
    limit_times = [t for t, _ in limits]
    per_session = []
    changes = [t for t, _ in limits]
    for session in sessions:
        steps, started, ended = power_steps(verifier, session)
        check.expect(started is not None and ended is not None,
                     f"{session['chargerId']}: no Started/Ended TransactionEvent for {session['transactionId']}")
        changes += [t for t in (started, ended) if t is not None]
        per_session.append((steps, [t for t, _ in steps]))
    points = sorted({t for steps, _ in per_session for t, _ in steps} | {c + GRACE for c in changes})
    changes.sort()
    worst = (0.0, None, 0.0, 0.0)
    checked = violations = 0
    peak = 0.0
    for at in points:
        limit = value_at(limits, limit_times, at, None)
        total = sum(value_at(steps, times, at, 0.0) for steps, times in per_session)
        peak = max(peak, total)
        latest = changes[bisect_right(changes, at) - 1] if bisect_right(changes, at) else None
        if limit is None or (latest is not None and at < latest + GRACE):
            continue
        checked += 1
        if total / max(limit, 1.0) > worst[0]:
            worst = (total / max(limit, 1.0), at, total, limit)
        if total > limit + tolerance_w(limit):
            violations += 1
            if violations <= 3:
                check.expect(False, f"{total / 1000:.1f} kW reported at {at.isoformat()} over the {store} limit of "
                             f"{limit / 1000:g} kW ({(at - latest).total_seconds():.1f} s after the last change)")
    check.expect(checked >= 20, f"only {checked} moments could be checked against the limit (want 20 or more)")
    if violations > 3:
        check.expect(False, f"{violations} moments over the limit in all")
    top = max((v for _, v in limits if v is not None), default=0.0)
    check.expect(peak >= 0.85 * top, f"the sum of the chargers' power peaked at {peak / 1000:.1f} kW, under 85 % of "
                 f"the {top / 1000:g} kW limit: the limit was not shared out")
    sent = verifier.db.execute(
        "SELECT charger_id, status FROM charging_profile_log WHERE store_id = ? AND action = 'SetChargingProfile' "
        "AND sent_at >= ? AND sent_at <= ?", [store, start, end])
    accepted = {r["charger_id"] for r in sent if r["status"] == "Accepted"}
    missing = sorted({s["chargerId"] for s in sessions} - accepted)
    check.expect(not missing, f"no ChargingStationMaxProfile Accepted by {', '.join(missing)}")
    invariant = limits_in_force(verifier, store, [s["chargerId"] for s in sessions], limits, start, end)
    check.expect(invariant[2] == 0, f"the limits the chargers accepted added up to {invariant[1] * 100:.1f} % of the "
                 f"store limit ({invariant[2]} moments over): a session starting then could have gone over")
    billed = 0
    for session, row in verifier.session_rows(run, check):
        good = True
        meter_wh = session.get("meterEnergyWh")
        recorded_wh = row["energy_consumed"] * 1000.0
        if not check.expect(meter_wh is not None, f"{row['charger_id']}: the runner did not read the meter"):
            good = False
        elif not check.expect(abs(recorded_wh - meter_wh) <= max(2.0, 0.005 * meter_wh),
                              f"{row['charger_id']}: recorded {recorded_wh:.1f} Wh, the meter counted {meter_wh:.1f} Wh"):
            good = False
        problems = len(check.problems)
        verifier.cost_consistent(row, check)
        good = good and len(check.problems) == problems and recorded_wh > 0
        billed += 1 if good else 0
    verifier.facts["site"] = {"checked": checked, "violations": violations, "worstRatio": worst[0],
                              "worstKW": worst[2] / 1000, "limitKW": worst[3] / 1000, "peakKW": peak / 1000,
                              "profiles": len(sent), "billed": billed, "sessions": len(sessions),
                              "limitsWorst": invariant[1], "limitsChecked": invariant[0]}


def table_rows(facts: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    site = facts.get("site")
    if site is None:
        return []
    return [
        ("site limit", "Σ reported power ≤ store limit 2 s after each change",
         "PASS" if site["violations"] == 0 and site["checked"] >= 20 and site["limitsWorst"] <= 1.0 + 1e-6 else "FAIL",
         f"max {site['worstKW']:.1f} kW of {site['limitKW']:g} ({site['worstRatio'] * 100:.1f} %), peak "
         f"{site['peakKW']:.1f} kW, {site['checked']} moments, {site['profiles']} profiles sent, limits in force ≤ "
         f"{site['limitsWorst'] * 100:.1f} % of it",
         "meter_readings, store_limit_change, charging_profile_log (scenario 8)"),
        ("site billing", "energy = meter's, cost = energy × tariff",
         "PASS" if site["billed"] == site["sessions"] == 12 else "FAIL", f"{site['billed']}/{site['sessions']}",
         "charger_usage_log (scenario 8)"),
    ]
