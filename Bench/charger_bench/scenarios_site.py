"""Scenario 8 (issue 17): the 12 chargers of E-Mart Jeju start together under a 300 kW store limit.

The bench enforces the limit with ChargingStationMaxProfiles (site.py). The run: the 12 chargers connect, report
their meter every second (SampledDataCtrlr.TxUpdatedInterval = 1, so the verifier sees their power closely), the
store gets its 300 kW limit, an EV is plugged into each (the DC ones at their rating except emart_jeju_01's, which
takes only 25 kW of its 200 - what it does not draw goes to the others), and all 12 are started at once. Then the
limit drops to 200 kW, four sessions end, the limit goes back to 300 kW, and the rest end. What it did (the limit
changes, the transactions, each meter's own energy per session) goes into `scenario_run` for the verifier
(verify_site.py), which checks the sum of the chargers' reported power against the limit 2 s after each change and
the billing of every session.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scenarios import Runner

STORE = "emart_jeju"
LIMIT_KW, LOWER_KW = 300.0, 200.0
SLOW_EV = ("emart_jeju_01", 25.0)  # a vehicle that takes less than the charger's share
FIRST_STOPS = ["emart_jeju_02", "emart_jeju_03", "emart_jeju_06", "emart_jeju_07"]


def _parallel(job, items: list[Any]) -> None:
    threads = [threading.Thread(target=job, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def scenario_8(runner: "Runner") -> dict[str, Any]:
    from .scenarios import ScenarioFailed, Stations, at_once, evse_status, say, wait_for

    args, rest = runner.args, runner.rest
    fleet = [c for c in runner.fleet if c["storeId"] == STORE]
    ids = [c["id"] for c in fleet]
    plan = {c["id"]: (SLOW_EV[1] if c["id"] == SLOW_EV[0] else float(c.get("ratedPowerKW") or 7)) for c in fleet}
    stations = Stations(args, runner.work, "s8", ids)
    stations.start()
    changes: list[dict[str, Any]] = []
    sessions: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    peak = {"kw": 0.0, "charging": 0}
    snapshots: dict[str, dict[str, list[float | None]]] = {}

    def snapshot(label: str) -> None:
        """Each charger's reported power and limit in force (kW) at the end of a phase, for the record."""
        view = {c["chargerId"]: c for c in rest.get("/api/chargers")["chargers"] if c["chargerId"] in ids}
        snapshots[label] = {c: [view[c]["powerKW"], view[c]["limitKW"]] for c in ids}
        say(None, f"{label}: " + ", ".join(f"{c[-2:]} {v[0]:.1f}/{v[1] if v[1] is not None else '-'}"
                                           for c, v in snapshots[label].items()) + " (kW drawn/limit)")

    def now_iso() -> str:
        return datetime.now(timezone.utc).isoformat()

    def set_limit(kw: float | None) -> None:
        if kw is None:
            status, answer = rest.call("DELETE", f"/api/stores/{STORE}/limit")
        else:
            status, answer = rest.call("PUT", f"/api/stores/{STORE}/limit", {"limitKW": kw})
        if status != 200:
            raise ScenarioFailed(f"store limit {kw}: HTTP {status} {answer.get('error')}")
        changes.append({"at": now_iso(), "limitKW": kw})
        say(None, f"store {STORE}: limit {f'{kw:g} kW' if kw is not None else 'cleared'}")

    def watch(seconds: float) -> None:
        end = time.monotonic() + seconds
        last_print = 0.0
        while time.monotonic() < end:
            view = [c for c in rest.get("/api/chargers")["chargers"] if c["chargerId"] in ids]
            total = sum(c["powerKW"] for c in view)
            charging = sum(1 for c in view if c["state"] == "charging")
            peak["kw"], peak["charging"] = max(peak["kw"], total), max(peak["charging"], charging)
            if time.monotonic() - last_print >= 5:
                last_print = time.monotonic()
                limits = sum(c["limitKW"] or 0 for c in view)
                say(None, f"{STORE}: {charging} charging, {total:.1f} kW reported, limits sum {limits:.1f} kW")
            time.sleep(max(0.0, min(1.0, end - time.monotonic())))

    def read_meter(charger_id: str, key: str) -> None:
        try:
            evse = evse_status(stations.status(charger_id))
            sessions[charger_id][key] = {k: evse.get(k) for k in ("meterWh", "energyWh", "transactionId", "powerW")}
        except ScenarioFailed as error:
            errors.append(str(error))

    def stop(charger_id: str) -> None:
        try:
            answer = rest.post(f"/api/chargers/{charger_id}/stop", {"transactionId": sessions[charger_id]["transactionId"]})
            if answer["response"].get("status") != "Accepted":
                errors.append(f"{charger_id} refused RequestStopTransaction: {answer['response']}")
        except ScenarioFailed as error:
            errors.append(str(error))

    def ended(group: list[str]) -> None:
        for charger_id in group:
            wait_for(f"{charger_id}'s session in charger_usage_log", lambda c=charger_id: [
                r for r in rest.get(f"/api/sessions?charger_id={c}")
                if r["transaction_id"] == sessions[c]["transactionId"]], 60)

    try:
        runner.wait_connected(ids)
        time.sleep(1)  # after the bench's own SetVariables of each boot
        for charger_id in ids:  # the meter reported every second, so the verifier sees power changes closely
            rest.post(f"/api/chargers/{charger_id}/variables/set", {"setVariableData": [
                {"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"},
                 "attributeValue": "1"}]})
        set_limit(LIMIT_KW)
        _parallel(lambda c: stations.ctl(c, "sim", "plug", "--evse", "1", "--max-power-kw", f"{plan[c]:g}"), ids)
        for charger_id in ids:
            wait_for(f"{charger_id} to report Occupied", lambda c=charger_id: any(
                k["status"] == "Occupied" for k in rest.charger(c)["connectors"]), 15)
        say(None, f"{len(ids)} EVs plugged; starting all at once under {LIMIT_KW:g} kW "
            f"(ratings add up to {sum(float(c.get('ratedPowerKW') or 7) for c in fleet):g} kW)")

        def start(charger_id: str, index: int) -> None:
            try:
                answer = rest.post(f"/api/chargers/{charger_id}/start", {"evseId": 1, "idToken": f"SITE-{index:03d}"})
                if answer["response"].get("status") != "Accepted":
                    errors.append(f"{charger_id} refused RequestStartTransaction: {answer['response']}")
            except ScenarioFailed as error:
                errors.append(str(error))

        at_once(start, [(c, i) for i, c in enumerate(ids, 1)], errors)
        for charger_id in ids:
            tx = wait_for(f"{charger_id}'s TransactionEvent(Started)", lambda c=charger_id: rest.charger(c)
                          ["transactions"], 30)[0]
            sessions[charger_id] = {"chargerId": charger_id, "transactionId": tx["transactionId"],
                                    "requestedKW": plan[charger_id]}
        say(None, f"{len(sessions)} sessions started")
        watch(4)
        _parallel(lambda c: read_meter(c, "meterBefore"), ids)
        watch(args.site_phase_seconds)
        snapshot(f"{LIMIT_KW:g} kW, 12 sessions")
        set_limit(LOWER_KW)
        watch(args.site_phase_seconds)
        snapshot(f"{LOWER_KW:g} kW, 12 sessions")
        at_once(stop, [(c,) for c in FIRST_STOPS], errors)
        say(None, f"stopped {', '.join(FIRST_STOPS)}")
        watch(args.site_phase_seconds * 0.6)
        snapshot(f"{LOWER_KW:g} kW, 8 sessions")
        set_limit(LIMIT_KW)
        watch(args.site_phase_seconds * 0.6)
        snapshot(f"{LIMIT_KW:g} kW, 8 sessions")
        rest_ids = [c for c in ids if c not in FIRST_STOPS]
        at_once(stop, [(c,) for c in rest_ids], errors)
        ended(ids)
        time.sleep(2.5)  # the meters settle at rest
        _parallel(lambda c: read_meter(c, "meterAfter"), ids)
        if errors:
            raise ScenarioFailed("; ".join(errors))
        for charger_id, session in sessions.items():
            before, after = session.get("meterBefore") or {}, session.get("meterAfter") or {}
            if before.get("meterWh") is not None and before.get("energyWh") is not None \
                    and before.get("transactionId") == session["transactionId"] and after.get("meterWh") is not None:
                session["meterEnergyWh"] = round(after["meterWh"] - (before["meterWh"] - before["energyWh"]), 1)
        set_limit(None)
        _parallel(lambda c: stations.ctl(c, "sim", "unplug", "--evse", "1"), ids)
        for charger_id in ids:
            row = [r for r in rest.get(f"/api/sessions?charger_id={charger_id}")
                   if r["transaction_id"] == sessions[charger_id]["transactionId"]][0]
            say(charger_id, f"{row['energy_consumed']:.3f} kWh, ₩{row['cost']}, {row['duration_seconds']} s "
                f"(meter: {sessions[charger_id].get('meterEnergyWh')} Wh)")
    finally:
        if changes and changes[-1]["limitKW"] is not None:
            try:
                set_limit(None)
            except Exception:  # noqa: BLE001 - the stations stop anyway
                pass
        stations.stop()
    return {"chargers": ids, "store": STORE, "limitChanges": changes, "sessions": list(sessions.values()),
            "peakTotalPowerKW": round(peak["kw"], 2), "peakCharging": peak["charging"], "phases": snapshots}
