"""The site limit of the bench (issue 17 item 4): the share-out, the verifier of scenario 8 on recorded data that
keeps and that breaks the limit, the REST routes of store limits and charging profiles against the bench's Python
stations over real WebSockets, and the tables on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import asyncio
import json
import random
import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "Bench"))

from bench_support import BenchServer, Stations, http, wait_until  # noqa: E402
from charger_bench.csms import BenchCsms, CsmsSettings  # noqa: E402
from charger_bench.db import Database, DatabaseTarget, utcnow  # noqa: E402
from charger_bench.fleet import default_fleet_path, load_fleet  # noqa: E402
from charger_bench.site import allocate, water_fill  # noqa: E402
from charger_bench.verify import Check, Verifier  # noqa: E402

JEJU = load_fleet(default_fleet_path())["stores"][0]["chargers"]


def session(c: dict, demand_kw: float | None = None) -> dict:
    rated = c["ratedPowerKW"] * 1000.0
    return {"id": c["id"], "rated_w": rated, "kind": "session", "demand_w": rated if demand_kw is None else
            demand_kw * 1000.0}


# -- the share-out


def test_twelve_sessions_at_e_mart_jeju_share_300_kW_fairly_within_their_ratings() -> None:
    shares = allocate(300_000.0, [session(c) for c in JEJU])
    assert sum(shares.values()) == pytest.approx(300_000.0)
    for c in JEJU:
        if c["kind"] == "ac":
            assert shares[c["id"]] == pytest.approx(7000.0)  # capped by the rating, below the fair share
    assert shares["emart_jeju_04"] == shares["emart_jeju_05"] == pytest.approx(50_000.0)
    # 300 - 49 (AC) - 100 (the 50 kW DC) = 151 kW over the three larger DC chargers.
    for big in ("emart_jeju_01", "emart_jeju_02", "emart_jeju_03"):
        assert shares[big] == pytest.approx(151_000.0 / 3)


def test_what_one_vehicle_does_not_draw_goes_to_the_others() -> None:
    chargers = [session(JEJU[0], demand_kw=20.0), session(JEJU[1]), session(JEJU[2])]
    shares = allocate(150_000.0, chargers)
    assert shares["emart_jeju_01"] == pytest.approx(20_000.0)
    assert shares["emart_jeju_02"] == shares["emart_jeju_03"] == pytest.approx(65_000.0)


def test_idle_chargers_hold_a_reserve_and_the_limits_never_add_up_to_more_than_the_limit() -> None:
    chargers = [session(JEJU[0]), session(JEJU[1])] + [
        {"id": c["id"], "rated_w": c["ratedPowerKW"] * 1000.0, "kind": "idle"} for c in JEJU[2:]]
    shares = allocate(300_000.0, chargers)
    assert sum(shares.values()) == pytest.approx(300_000.0)
    assert all(shares[c["id"]] > 0 for c in JEJU[2:])  # a session starting there gets power at once
    assert sum(shares[c["id"]] for c in JEJU[2:]) == pytest.approx(30_000.0)  # 10 % of the limit
    rng = random.Random(17)
    for _ in range(2000):
        chargers = []
        for index in range(rng.randint(1, 14)):
            rated = rng.choice([7_000.0, 22_000.0, 50_000.0, 100_000.0, 200_000.0])
            kind = rng.choice(["session", "idle", "off"])
            chargers.append({"id": str(index), "rated_w": rated, "kind": kind, "demand_w": rng.uniform(0, rated)})
        limit = rng.uniform(0, 600_000.0)
        shares = allocate(limit, chargers)
        assert sum(shares.values()) <= limit + 1e-6
        for c in chargers:
            assert 0.0 <= shares[c["id"]] <= c["rated_w"] + 1e-6
            if c["kind"] == "off":
                assert shares[c["id"]] == 0.0
        if limit >= sum(c["rated_w"] for c in chargers if c["kind"] != "off"):
            assert all(shares[c["id"]] == pytest.approx(c["rated_w"]) for c in chargers if c["kind"] != "off")


def test_water_fill_gives_a_capped_ones_leftover_to_the_rest() -> None:
    assert water_fill(100.0, {"a": 10.0, "b": 100.0, "c": 100.0}) == {"a": 10.0, "b": 45.0, "c": 45.0}
    assert water_fill(-5.0, {"a": 10.0}) == {"a": 0.0}


# -- the verifier of scenario 8, on recorded data


def recorded_run(tmp_path: Path, overshoot_kw: float = 0.0, meter_error: float = 0.0,
                 extra_limit_kw: float = 0.0) -> Database:
    """A scenario 8 run as the bench records it: 12 sessions of E-Mart Jeju under 300 kW, each reporting its power
    every second for 30 s; `overshoot_kw` more on emart_jeju_02 from 10 s to 16 s, `meter_error` (a fraction) off
    between the runner's meter reading and the register difference, `extra_limit_kw` more in the profile
    emart_jeju_03 accepts at 20 s (its power unchanged)."""
    db = Database(DatabaseTarget(sqlite_path=str(tmp_path / "run.sqlite")))
    csms = BenchCsms(db, CsmsSettings())
    db.seed_fleet(load_fleet(default_fleet_path()))
    base = utcnow() - timedelta(seconds=60)
    at = lambda s: (base + timedelta(seconds=s)).isoformat().replace("+00:00", "Z")  # noqa: E731
    shares = allocate(300_000.0, [session(c) for c in JEJU])
    db.execute("INSERT INTO store_limit_change (store_id, limit_kw, changed_at) VALUES ('emart_jeju', 300, ?)",
               [base])
    sessions = []
    for c in JEJU:
        cid, tx = c["id"], f"TX-{c['id']}"
        db.log_connection(cid, "connected", "127.0.0.1", "ocpp2.0.1")
        db.log_message(cid, "out", "CALLRESULT", "BootNotification", "b1", "status=Accepted interval=30")
        profile = "INSERT INTO charging_profile_log (charger_id, store_id, action, limit_w, status, sent_at, " \
            "answered_at) VALUES (?, 'emart_jeju', 'SetChargingProfile', ?, 'Accepted', ?, ?)"
        db.execute(profile, [cid, shares[cid], base, base + timedelta(seconds=0.5)])
        if extra_limit_kw and cid == "emart_jeju_03":
            db.execute(profile, [cid, shares[cid] + extra_limit_kw * 1000, base, base + timedelta(seconds=20)])
        register = 10_000.0
        for second in range(0, 31):
            power = shares[cid] * 0.99 + (overshoot_kw * 1000 if cid == "emart_jeju_02" and 10 <= second < 16 else 0)
            kind = "Started" if second == 0 else "Ended" if second == 30 else "Updated"
            meter = [{"timestamp": at(second + 1), "sampled_value": [
                {"value": register, "measurand": "Energy.Active.Import.Register", "unit_of_measure": {"unit": "Wh"}},
                {"value": 0.0 if kind == "Ended" else power, "measurand": "Power.Active.Import",
                 "unit_of_measure": {"unit": "W"}}]}]
            csms.transactions.apply(cid, f"m{second}", kind, at(second + 1), "MeterValuePeriodic", second,
                                    {"transaction_id": tx}, meter, False, {"id": 1}, None)
            register += power / 3600.0
        energy = register - power / 3600.0 - 10_000.0
        sessions.append({"chargerId": cid, "transactionId": tx, "meterEnergyWh": round(energy * (1 + meter_error), 1)})
    details = {"chargers": [c["id"] for c in JEJU], "store": "emart_jeju", "sessions": sessions}
    db.execute("INSERT INTO scenario_run (scenario, started_at, ended_at, outcome, details) VALUES "
               "(8, ?, ?, 'completed', ?)", [base - timedelta(seconds=5), utcnow() + timedelta(seconds=1),
                                            json.dumps(details)])
    return db


def verify_8(db: Database) -> tuple[Check, dict]:
    verifier = Verifier(db, 150.0)
    check = Check()
    verifier.scenario_8(check)
    return check, verifier.facts.get("site", {})


def test_scenario_8_verifier_passes_a_run_that_keeps_the_limit(tmp_path: Path) -> None:
    check, site = verify_8(recorded_run(tmp_path))
    assert check.problems == []
    assert site["violations"] == 0 and site["checked"] >= 20 and site["billed"] == 12
    assert site["limitsWorst"] == pytest.approx(1.0)
    assert site["peakKW"] == pytest.approx(297.0, abs=0.5)


def test_scenario_8_verifier_fails_power_over_the_limit_after_the_grace(tmp_path: Path) -> None:
    check, site = verify_8(recorded_run(tmp_path, overshoot_kw=40.0))
    assert site["violations"] >= 3
    assert any("kW reported at" in p and "over the emart_jeju limit of 300 kW" in p for p in check.problems), \
        check.problems


def test_scenario_8_verifier_fails_limits_in_force_that_add_up_to_more_than_the_store_limit(tmp_path: Path) -> None:
    check, site = verify_8(recorded_run(tmp_path, extra_limit_kw=10.0))
    assert site["violations"] == 0  # the power stayed within: only the profiles broke the invariant
    assert any("the limits the chargers accepted added up to 103.3 % of the store limit" in p for p in check.problems), \
        check.problems


def test_scenario_8_verifier_fails_energy_that_is_not_the_meters(tmp_path: Path) -> None:
    check, site = verify_8(recorded_run(tmp_path, meter_error=0.10))
    assert site["billed"] == 0
    assert any("the meter counted" in p for p in check.problems), check.problems


# -- REST against the bench's Python stations


def test_store_limit_and_charging_profiles_over_rest_with_python_stations(python, tmp_path: Path) -> None:
    db_args = ["--db", str(tmp_path / "bench.sqlite")]
    ids = [c["id"] for c in JEJU]
    server = BenchServer(python, db_args, tmp_path)
    stations = None
    try:
        stations = Stations("python", Path("."), python, f"ws://127.0.0.1:{server.ws_port}", ids, tmp_path)
        wait_until("12 chargers", lambda: server.get("/api/chargers")["connected"] == 12, 30)
        base = server.base + "/api/stores"
        assert http("PUT", base + "/emart_jeju/limit", '{"limitKW": "lots"}')[0] == 400
        assert http("PUT", base + "/emart_jeju/limit", "{}")[1]["error"]["code"] == "MissingField"
        assert http("PUT", base + "/nowhere/limit", '{"limitKW": 10}')[1]["error"]["code"] == "UnknownStore"
        status, answer = http("PUT", base + "/emart_jeju/limit", '{"limitKW": 120}')
        assert status == 200 and answer["result"]["limitKW"] == 120
        limits = {c["chargerId"]: c["limitKW"] for c in answer["result"]["chargers"]}
        assert all(v is not None for v in limits.values()) and sum(limits.values()) <= 120.0 + 1e-6
        for cid in ("emart_jeju_02", "emart_jeju_03"):
            stations.ctl(cid, "sim", "plug", "--max-power-kw", "100")
            assert server.post(f"/api/chargers/{cid}/start", {})[0] == 200
        # Two 100 kW sessions under 120 kW: 54 kW each (the ten idle chargers hold 10 %), within a second or two.
        wait_until("the sessions re-balanced", lambda: [stations.evse(c)["powerW"] for c in
                                                        ("emart_jeju_02", "emart_jeju_03")] == [54_000.0, 54_000.0], 15)
        view = {c["chargerId"]: c for c in server.get("/api/chargers")["chargers"]}
        assert view["emart_jeju_02"]["limitKW"] == pytest.approx(54.0)
        # The station's own view: its profiles and its composite schedule.
        status, answer = server.post("/api/chargers/emart_jeju_02/charging-profiles/get",
                                     {"chargingProfile": {"chargingProfilePurpose": "ChargingStationMaxProfile"}})
        assert status == 200 and answer["result"]["complete"]
        profile = answer["result"]["reports"][0]["chargingProfile"][0]
        assert profile["id"] == 900 and profile["chargingSchedule"][0]["chargingRateUnit"] == "W"
        status, answer = server.post("/api/chargers/emart_jeju_02/composite-schedule", {"evseId": 1, "duration": 60})
        assert answer["result"]["response"]["schedule"]["chargingSchedulePeriod"][0]["limit"] == 54_000.0
        # A TxProfile through REST lowers one session further; a bad profile is the station's Rejected.
        tx_id = view["emart_jeju_03"]["transactions"][0]["transactionId"]
        tx_profile = {"id": 31, "stackLevel": 1, "chargingProfilePurpose": "TxProfile", "chargingProfileKind":
                      "Relative", "transactionId": tx_id, "chargingSchedule": [
                          {"id": 1, "chargingRateUnit": "W", "chargingSchedulePeriod": [{"startPeriod": 0,
                                                                                         "limit": 11000}]}]}
        status, answer = server.post("/api/chargers/emart_jeju_03/charging-profiles",
                                     {"evseId": 1, "chargingProfile": tx_profile})
        assert status == 200 and answer["result"]["response"]["status"] == "Accepted"
        wait_until("the TxProfile applied", lambda: stations.evse("emart_jeju_03")["powerW"] == 11_000.0, 5)
        status, answer = server.post("/api/chargers/emart_jeju_03/charging-profiles",
                                     {"evseId": 1, "chargingProfile": {**tx_profile, "chargingProfilePurpose":
                                                                       "ChargingStationMaxProfile", "id": 32}})
        assert answer["result"]["response"]["status"] == "Rejected"
        status, answer = server.post("/api/chargers/emart_jeju_03/charging-profiles", {"evseId": 1})
        assert status == 400 and answer["error"]["code"] == "MissingField"
        status, answer = server.post("/api/chargers/emart_jeju_03/charging-profiles/clear", {"chargingProfileId": 31})
        assert answer["result"]["response"]["status"] == "Accepted"
        # Every profile sent is on record, the site's and REST's.
        log = server.get("/api/charging-profiles?charger_id=emart_jeju_03")
        assert {r["reason"] for r in log} >= {"rest", "limit changed"}
        assert any(r["action"] == "ClearChargingProfile" and r["status"] == "Accepted" for r in log)
        history = server.get("/api/stores/emart_jeju/power-history?seconds=60")
        wait_until("samples", lambda: len(server.get("/api/stores/emart_jeju/power-history?seconds=60")["samples"])
                   >= 2, 10)
        assert history["limitKW"] == 120
        # Cleared: every charger is sent ClearChargingProfile and draws what its vehicle takes again.
        status, answer = http("DELETE", base + "/emart_jeju/limit")
        assert status == 200 and answer["result"]["limitKW"] is None
        wait_until("the limit lifted", lambda: stations.evse("emart_jeju_02")["powerW"] == 100_000.0, 5)
        assert server.get("/api/chargers/emart_jeju_02")["limitKW"] is None
        status, _ = http("PUT", base + "/emart_jeju/limit", '{"limitKW": 300}')
        assert status == 200
    finally:
        if stations is not None:
            stations.stop()
        server.stop()
    # The limit survives a restart of the bench on the same database.
    server = BenchServer(python, db_args, tmp_path)
    try:
        assert server.get("/api/stores/emart_jeju/limit")["limitKW"] == 300
        assert {s["store_id"]: s["limitKW"] for s in server.get("/api/stores")}["emart_jeju"] == 300
    finally:
        server.stop()


def test_site_tables_on_postgresql(postgres_url) -> None:
    db = Database(DatabaseTarget(postgres_url=postgres_url))
    db.seed_fleet(load_fleet(default_fleet_path()))
    csms = BenchCsms(db, CsmsSettings())
    asyncio.run(csms.site.set_limit("emart_shinjeju", 150.0))  # no charger connected: nothing to send
    assert BenchCsms(db, CsmsSettings()).site.limits["emart_shinjeju"] == 150.0
    rows = db.execute("SELECT limit_kw FROM store_limit_change WHERE store_id = 'emart_shinjeju'")
    assert [r["limit_kw"] for r in rows][-1] == 150.0
    csms.site.sample()
    history = csms.site.power_history("emart_shinjeju", 60)
    assert history[-1]["limitKW"] == 150.0 and history[-1]["powerKW"] == 0.0
    # Nothing connected: the profile is logged with why it did not go out.
    state = csms.site.chargers["emart_shinjeju_01"]
    assert asyncio.run(csms.site._set(state, 20_000.0, "test", raising=False)) is None
    row = db.one("SELECT * FROM charging_profile_log WHERE charger_id = 'emart_shinjeju_01' ORDER BY id DESC LIMIT 1")
    assert (row["status"], row["limit_w"], row["purpose"]) == ("NotConnected", 20_000.0, "ChargingStationMaxProfile")
    assert json.loads(row["request"])["charging_schedule"][0]["charging_rate_unit"] == "W"
    asyncio.run(csms.site.set_limit("emart_shinjeju", None))
    assert "emart_shinjeju" not in BenchCsms(db, CsmsSettings()).site.limits
    db.close()
