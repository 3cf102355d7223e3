"""The bench's REST API against a live station: commands reach it and change its state; bad input is a clear 4xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench_support import BenchServer, Stations, dashboard, wait_until

STATION = "emart_jeju_01"


@pytest.fixture(scope="module")
def live(tmp_path_factory, python, bin_dir, station_backend):
    work = tmp_path_factory.mktemp("bench-rest")
    server = BenchServer(python, ["--db", str(work / "bench.sqlite")], work)
    stations = None
    try:
        stations = Stations(station_backend, bin_dir, python, f"ws://127.0.0.1:{server.ws_port}", [STATION], work)
        wait_until("the station connected and accepted", lambda: server.get(f"/api/chargers/{STATION}")["registration"]
                   == "Accepted" and server.get(f"/api/chargers/{STATION}")["connected"], 60)
        yield server, stations
    finally:
        if stations is not None:
            stations.stop()
        server.stop()


def test_remote_start_and_stop_change_the_station_state(live) -> None:
    server, stations = live
    stations.ctl(STATION, "sim", "plug", "--evse", "1", "--max-power-kw", "50")
    wait_until("Occupied", lambda: any(c["status"] == "Occupied"
                                       for c in server.get(f"/api/chargers/{STATION}")["connectors"]), 15)
    status, answer = server.post(f"/api/chargers/{STATION}/start", {"evseId": 1, "idToken": "REST-TEST"})
    assert status == 200, answer
    assert answer["result"]["response"]["status"] == "Accepted"
    evse = wait_until("a transaction on the station", lambda: (e := stations.evse(STATION))["transactionId"] and e, 20)
    assert evse["transactionId"]
    tx = wait_until("the transaction at the CSMS", lambda: server.get(f"/api/chargers/{STATION}")["transactions"], 20)
    assert tx[0]["transactionId"] == evse["transactionId"]
    wait_until("the charger shown charging", lambda: server.get(f"/api/chargers/{STATION}")["state"] == "charging", 20)

    status, answer = server.post(f"/api/chargers/{STATION}/stop", {"transactionId": evse["transactionId"]})
    assert status == 200, answer
    assert answer["result"]["response"]["status"] == "Accepted"
    wait_until("the station's transaction ended", lambda: stations.evse(STATION)["transactionId"] is None, 20)
    sessions = wait_until("the session recorded", lambda: [
        s for s in server.get(f"/api/sessions?charger_id={STATION}") if s["transaction_id"] == evse["transactionId"]], 20)
    assert len(sessions) == 1
    assert server.get(f"/api/chargers/{STATION}")["state"] != "charging"
    stations.ctl(STATION, "sim", "unplug", "--evse", "1")


def test_variables_trigger_availability_and_reset_return_the_station_answer(live) -> None:
    server, stations = live
    status, answer = server.post(f"/api/chargers/{STATION}/variables/get", {"getVariableData": [
        {"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}}]})
    assert status == 200, answer
    result = answer["result"]["response"]["getVariableResult"][0]
    assert result["attributeStatus"] == "Accepted"
    assert result["attributeValue"] == "5"  # the bench set it after the boot

    status, answer = server.post(f"/api/chargers/{STATION}/variables/set", {"setVariableData": [
        {"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"},
         "attributeValue": "7"}]})
    assert status == 200, answer
    assert answer["result"]["response"]["setVariableResult"][0]["attributeStatus"] == "Accepted"
    status, answer = server.post(f"/api/chargers/{STATION}/variables/get", {"getVariableData": [
        {"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}}]})
    assert answer["result"]["response"]["getVariableResult"][0]["attributeValue"] == "7"

    before = server.get(f"/api/chargers/{STATION}")["heartbeatCount"]
    status, answer = server.post(f"/api/chargers/{STATION}/trigger", {"requestedMessage": "Heartbeat"})
    assert status == 200 and answer["result"]["response"]["status"] == "Accepted", answer
    wait_until("the triggered Heartbeat", lambda: server.get(f"/api/chargers/{STATION}")["heartbeatCount"] > before, 15)

    status, answer = server.post(f"/api/chargers/{STATION}/availability",
                                 {"operationalStatus": "Inoperative", "evseId": 1})
    assert status == 200 and answer["result"]["response"]["status"] == "Accepted", answer
    wait_until("Unavailable", lambda: server.get(f"/api/chargers/{STATION}")["state"] == "unavailable", 15)
    status, answer = server.post(f"/api/chargers/{STATION}/availability",
                                 {"operationalStatus": "Operative", "evseId": 1})
    assert status == 200 and answer["result"]["response"]["status"] == "Accepted", answer
    wait_until("Available again", lambda: server.get(f"/api/chargers/{STATION}")["state"] == "available", 15)

    status, answer = server.post(f"/api/chargers/{STATION}/reset", {"type": "OnIdle"})
    assert status == 200, answer
    assert answer["result"]["response"]["status"] in ("Accepted", "Scheduled")


def test_a_faulted_charger_is_red_on_the_dashboard_and_recovers(live) -> None:
    server, stations = live
    stations.ctl(STATION, "sim", "fault", "emergency-stop", "--evse", "1")
    wait_until("the charger shown faulted", lambda: server.get(f"/api/chargers/{STATION}")["state"] == "faulted", 20)
    dom = dashboard(server.base)
    assert dom.with_status("faulted") == [STATION]
    assert dom.rows[STATION]["data-connected"] == "true"
    stations.ctl(STATION, "sim", "clear", "--evse", "1")
    wait_until("the fault cleared", lambda: server.get(f"/api/chargers/{STATION}")["state"] == "available", 20)


@pytest.mark.parametrize("path, body, status, code", [
    ("/api/chargers/no_such_charger/start", "{}", 404, "UnknownStation"),
    ("/api/chargers/no_such_charger", None, 404, "UnknownStation"),
    (f"/api/chargers/{STATION}/start", "{\"evseId\": 1,", 400, "MalformedBody"),
    (f"/api/chargers/{STATION}/start", "[1, 2]", 400, "MalformedBody"),
    (f"/api/chargers/{STATION}/start", "{\"evseId\": \"one\"}", 400, "BadField"),
    (f"/api/chargers/{STATION}/availability", "{}", 400, "MissingField"),
    (f"/api/chargers/{STATION}/reset", "{\"type\": \"Sometime\"}", 400, "BadField"),
    (f"/api/chargers/{STATION}/variables/set", "{\"setVariableData\": [{\"component\": {}}]}", 400, "BadField"),
    ("/api/chargers/emart_seogwipo_10/start", "{}", 409, "NotConnected"),
    ("/api/nothing-here", None, 404, "NotFound"),
])
def test_bad_input_gets_a_clear_4xx_json_error(live, path, body, status, code) -> None:
    server, _ = live
    from bench_support import http

    got_status, answer = http("POST" if body is not None else "GET", server.base + path, body)
    assert got_status == status, answer
    assert answer["ok"] is False
    assert answer["error"]["code"] == code
    assert len(answer["error"]["reason"]) > 10
    # The server still serves after bad input.
    assert server.get("/api/health")["connected"] == [STATION]
