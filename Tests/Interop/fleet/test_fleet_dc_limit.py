"""Issue 17 item 2 through charger-sim: a DC fleet charger's delivered power follows a ChargingStationMaxProfile
in W from the CSMS (the Python `ocpp` peer, Tests/Peers/ocpp_csms.py), as the station's TransactionEvents report
it, and the energy billed matches the limited power."""

import time
from datetime import datetime, timedelta, timezone

STATION = "emart_jeju_01"  # 200 kW DC, CCS1


def _is_call(action):
    return lambda e: e["event"] == "message" and e.get("action") == action and e["type"] == "CALL"


def _samples(event):
    """(timestamp, {measurand: value}) for each meterValue of a TransactionEvent CALL."""
    result = []
    for meter_value in event["payload"].get("meterValue", []):
        stamp = datetime.fromisoformat(meter_value["timestamp"].replace("Z", "+00:00"))
        values = {}
        for sampled in meter_value["sampledValue"]:
            if sampled.get("phase"):
                continue
            values[sampled.get("measurand", "Energy.Active.Import.Register")] = sampled["value"]
        result.append((stamp, values))
    return result


def test_K01_issue17_2_a_dc_chargers_power_follows_a_station_max_profile_in_watts(csms, simulator):
    sim = simulator(csms.url, "--only", STATION, "--manual")
    csms.wait_for(_is_call("BootNotification"), timeout=30)
    csms.wait_for(_is_call("StatusNotification"), timeout=20)
    measurands = "Energy.Active.Import.Register,Power.Active.Import"
    settings = csms.command({"cmd": "SetVariables", "setVariableData": [
        {"attributeValue": "1", "component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}},
        {"attributeValue": measurands, "component": {"name": "SampledDataCtrlr"},
         "variable": {"name": "TxUpdatedMeasurands"}},
    ]})
    assert settings["status"] == "result", settings
    assert all(r["attributeStatus"] == "Accepted" for r in settings["payload"]["setVariableResult"]), settings

    plug = sim.control("sim", station=STATION, args={"action": "plug", "evse": 1, "maxPowerKW": 200})
    assert plug["ok"], plug
    start = csms.command({"cmd": "RequestStartTransaction", "evseId": 1, "idToken": "DC-LIMIT", "remoteStartId": 17})
    assert start["payload"]["status"] == "Accepted", start

    def power_event(predicate, timeout, since=None):
        return csms.wait_for(
            lambda e: _is_call("TransactionEvent")(e) and any(
                "Power.Active.Import" in values and predicate(values["Power.Active.Import"])
                for _, values in _samples(e)
            ),
            timeout=timeout,
            since=since,
        )

    full = power_event(lambda watts: watts > 190_000, timeout=30, since=0)
    assert any(abs(v["Power.Active.Import"] - 200_000) <= 2_000 for _, v in _samples(full)), full

    limit = 50_000.0
    profile = {
        "id": 170, "stackLevel": 0, "chargingProfilePurpose": "ChargingStationMaxProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": [{
            "id": 170,
            "startSchedule": (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat().replace("+00:00", "Z"),
            "chargingRateUnit": "W",
            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}],
        }],
    }
    mark = len(csms.seen)
    sent = time.monotonic()
    answer = csms.command({"cmd": "Call", "action": "SetChargingProfile",
                           "payload": {"evseId": 0, "chargingProfile": profile}})
    assert answer["status"] == "result" and answer["payload"]["status"] == "Accepted", answer
    limited = power_event(lambda watts: watts <= limit + 1, timeout=10, since=mark)
    took = time.monotonic() - sent
    print(f"SetChargingProfile(ChargingStationMaxProfile 50 kW) -> reported Power.Active.Import at the limit: "
          f"{took * 1000:.0f} ms")
    assert took <= 2.0, f"the reported power reached the limit after {took:.2f} s"

    # The power stays at the limit, and the energy register grows by 50 kW over the time between samples.
    later = []
    following = csms.position(limited)
    while len(later) < 4:
        event = csms.wait_for(_is_call("TransactionEvent"), timeout=10, since=following + 1)
        following = csms.position(event)
        later += [(stamp, v) for stamp, v in _samples(event) if "Power.Active.Import" in v]
    assert all(abs(v["Power.Active.Import"] - limit) <= 1 for _, v in later), later
    (t0, first), (t1, last) = later[0], later[-1]
    seconds = (t1 - t0).total_seconds()
    delivered = last["Energy.Active.Import.Register"] - first["Energy.Active.Import.Register"]
    expected = limit * seconds / 3600
    assert seconds >= 2, later
    assert abs(delivered - expected) <= 0.05 * expected + 5, (delivered, expected, seconds)
    status = sim.control("status", station=STATION)["result"]["evses"][0]
    assert abs(status["powerW"] - limit) <= 1, status
    assert status["chargingLimit"] == {"value": limit, "unit": "W"}, status
    assert status["powerSetpointW"] == limit, status

    transaction_id = full["payload"]["transactionInfo"]["transactionId"]
    stop = csms.command({"cmd": "RequestStopTransaction", "transactionId": transaction_id})
    assert stop["payload"]["status"] == "Accepted", stop
    ended = csms.wait_for(
        lambda e: _is_call("TransactionEvent")(e) and e["payload"]["eventType"] == "Ended", timeout=20, since=mark
    )
    final = [v for _, v in _samples(ended) if "Energy.Active.Import.Register" in v]
    assert final and final[-1]["Energy.Active.Import.Register"] >= last["Energy.Active.Import.Register"], ended
    assert sim.stop() == 0
