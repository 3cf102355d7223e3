"""K04 internal load balancing with the built chargerd on BoardConfigs/simulator.yaml (EVSE 1: 32 A three-phase,
EVSE 2: 16 A one-phase), driven by chargerctl against the Python `ocpp` CSMS: a ChargingStationMaxProfile in W is
shared between the two running sessions, never more than the limit in sum, and a session ending frees its share."""

import time
from datetime import datetime, timedelta, timezone

LIMIT_W = 11_000.0


def remote_start(daemon, csms, evse, token):
    daemon.ctl("sim", "plug", "--evse", str(evse), "--max-power-kw", "22")
    mark = csms.mark()
    csms.send({"cmd": "RequestStartTransaction", "evseId": evse, "idToken": token, "remoteStartId": 40 + evse})
    answer = csms.wait_for(lambda e: e.get("event") == "response" and e.get("cmd") == "RequestStartTransaction",
                           start=mark)
    assert answer["status"] == "result" and answer["payload"]["status"] == "Accepted", answer


def evses(daemon):
    return {e["id"]: e for e in daemon.status()["evses"]}


def wait_until(daemon, condition, what, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        now = evses(daemon)
        if condition(now):
            return now
        assert time.monotonic() < deadline, f"{what} within {timeout} s: {now}"
        time.sleep(0.2)


def test_K04_chargerd_shares_a_station_max_profile_between_its_two_evses(daemon, csms):
    daemon.start()
    remote_start(daemon, csms, 1, "CARD-LB-1")
    remote_start(daemon, csms, 2, "CARD-LB-2")
    wait_until(daemon, lambda e: e[1]["powerW"] > 10_000 and e[2]["powerW"] > 3_000, "both sessions drawing")

    start = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    profile = {
        "id": 40, "stackLevel": 0, "chargingProfilePurpose": "ChargingStationMaxProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": [{"id": 40, "startSchedule": start, "chargingRateUnit": "W",
                              "chargingSchedulePeriod": [{"startPeriod": 0, "limit": LIMIT_W}]}],
    }
    mark = csms.mark()
    sent = time.monotonic()
    csms.send({"cmd": "Call", "action": "SetChargingProfile", "payload": {"evseId": 0, "chargingProfile": profile}})
    answer = csms.wait_for(lambda e: e.get("event") == "response" and e.get("cmd") == "SetChargingProfile", start=mark)
    assert answer["payload"]["status"] == "Accepted", answer
    # EVSE 2 (16 A on one phase: 3,680 W) takes less than half; EVSE 1 gets the rest on three phases:
    # 7,320 W / 690 V = 10.6 A, rounded down to what the pilot expresses.
    shared = wait_until(
        daemon,
        lambda e: e[1]["offeredCurrentA"] == 10.6 and e[2]["offeredCurrentA"] == 16
        and e[1]["powerW"] + e[2]["powerW"] <= LIMIT_W,
        "the limit shared and the meters showing it",
    )
    print(f"SetChargingProfile(ChargingStationMaxProfile 11 kW) -> both meters within it: "
          f"{(time.monotonic() - sent) * 1000:.0f} ms")
    assert shared[1]["chargingLimit"] == {"value": 10.6, "unit": "A"}, shared[1]
    assert shared[2]["chargingLimit"] == {"value": 16, "unit": "A"}, shared[2]
    assert abs(shared[1]["powerW"] - 10.6 * 690) <= 1 and abs(shared[2]["powerW"] - 16 * 230) <= 1, shared

    # EVSE 2's session ends (its vehicle leaves): EVSE 1 takes the whole limit, 15.9 A on three phases.
    daemon.ctl("sim", "unplug", "--evse", "2")
    alone = wait_until(daemon, lambda e: e[1]["offeredCurrentA"] == 15.9, "EVSE 1 getting the freed share")
    assert alone[2]["transactionId"] is None
