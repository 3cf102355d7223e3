"""charger-sim as a process against the Python `ocpp` CSMS peer (Tests/Peers/ocpp_csms.py)."""

import subprocess
import time

import yaml_free_fleet as fleet_file  # noqa: F401  (local helper: reads the fleet's ids without PyYAML)


def fleet_ids(repo_root):
    return fleet_file.charger_ids(repo_root / "BoardConfigs/fleets/emart-jeju.yaml")


def test_fleet_all_34_boot_accepted_at_once(csms, simulator, repo_root):
    """The 34-charger fleet connects to one CSMS; every station boots and is Accepted; all links stay up."""
    ids = fleet_ids(repo_root)
    assert len(ids) == 34
    sim = simulator(csms.url, "--manual")

    connected, boots, accepted = set(), {}, set()
    deadline = time.monotonic() + 60
    while len(accepted) < 34:
        assert time.monotonic() < deadline, (
            f"after 60 s: {len(connected)} connected, {len(accepted)} accepted; missing "
            f"{sorted(set(ids) - accepted)[:5]}\n{sim.logs()[-3000:]}"
        )
        event = csms.wait_for(lambda e: e["event"] in ("connected", "message", "error"), timeout=60)
        assert event["event"] != "error", f"the CSMS's ocpp library rejected a message: {event}"
        if event["event"] == "connected":
            assert event["subprotocol"] == "ocpp2.0.1"
            connected.add(event["stationId"])
        elif event.get("action") == "BootNotification":
            if event["type"] == "CALL" and event["direction"] == "in":
                boots[event["id"]] = event["payload"]["chargingStation"]["serialNumber"]
            elif event["type"] == "CALLRESULT" and event["direction"] == "out":
                assert event["payload"]["status"] == "Accepted"
                accepted.add(boots[event["id"]])
    assert connected == set(ids)
    assert accepted == set(ids)

    # Every station says so itself, through the one control socket that serves them all.
    listed = sim.control("stations")
    assert listed["ok"], listed
    assert sorted(listed["result"]["stations"]) == sorted(ids)
    for station_id in ids:
        deadline = time.monotonic() + 10
        while True:
            status = sim.control("status", station=station_id)
            assert status["ok"], status
            station = status["result"]["station"]
            if station["registration"] == "Accepted" and station["link"] == "connected":
                break
            assert time.monotonic() < deadline, f"{station_id}: {station}"
            time.sleep(0.2)
        assert station["id"] == station_id
        assert len(status["result"]["evses"]) == 1
    unknown = sim.control("status", station="emart_mars_01")
    assert not unknown["ok"] and unknown["error"]["code"]

    assert sim.stop() == 0
    closed = [e for e in csms.seen if e["event"] == "closed"]
    while len(closed) < 34:
        closed.append(csms.wait_for(lambda e: e["event"] == "closed", timeout=15))
    assert all(e["code"] == 1001 for e in closed), closed[:3]


def test_only_jeju_01_manual_session_draws_200_kw(csms, simulator):
    """`--only emart_jeju_01 --manual`: a plug with a 200 kW vehicle and a remote start give 200 kW."""
    sim = simulator(csms.url, "--only", "emart_jeju_01", "--manual")
    connected = csms.wait_for(lambda e: e["event"] == "connected", timeout=30)
    assert connected["stationId"] == "emart_jeju_01"
    csms.wait_for(
        lambda e: e["event"] == "message" and e.get("action") == "BootNotification" and e["type"] == "CALLRESULT",
        timeout=30,
    )
    assert sim.control("stations")["result"]["stations"] == ["emart_jeju_01"]

    plug = sim.control("sim", station="emart_jeju_01", args={"action": "plug", "evse": 1, "maxPowerKW": 200})
    assert plug["ok"], plug
    start = csms.command(
        {"cmd": "RequestStartTransaction", "evseId": 1, "idToken": "JEJU-TEST-01", "remoteStartId": 7}
    )
    assert start["status"] == "result" and start["payload"]["status"] == "Accepted", start
    started = csms.wait_for(
        lambda e: e["event"] == "message" and e.get("action") == "TransactionEvent" and e["type"] == "CALL"
        and e["payload"]["eventType"] == "Started",
        timeout=20,
        include_seen=True,  # it may come before the answer to RequestStartTransaction
    )
    transaction_id = started["payload"]["transactionInfo"]["transactionId"]

    def evse():
        answer = sim.control("status", station="emart_jeju_01")
        assert answer["ok"], answer
        return answer["result"]["evses"][0]

    deadline = time.monotonic() + 15
    while evse()["powerW"] < 1000:
        assert time.monotonic() < deadline, f"no power flowing: {evse()}\n{sim.logs()[-2000:]}"
        time.sleep(0.2)
    first, t0 = evse(), time.monotonic()
    time.sleep(5)
    second, t1 = evse(), time.monotonic()
    assert abs(second["powerW"] - 200_000) <= 2_000, second
    assert second["transactionId"] == transaction_id
    # 200 kW for the time between the two reads (status answers take milliseconds).
    delivered = second["energyWh"] - first["energyWh"]
    expected = 200_000 * (t1 - t0) / 3600
    assert abs(delivered - expected) <= 0.05 * expected + 10, (delivered, expected)

    meter = sim.control("meter", station="emart_jeju_01", args={"evse": 1})
    assert meter["ok"], meter

    stop = csms.command({"cmd": "RequestStopTransaction", "transactionId": transaction_id})
    assert stop["payload"]["status"] == "Accepted", stop
    ended = csms.wait_for(
        lambda e: e["event"] == "message" and e.get("action") == "TransactionEvent" and e["type"] == "CALL"
        and e["payload"]["eventType"] == "Ended",
        timeout=20,
        include_seen=True,
    )
    assert ended["payload"]["transactionInfo"]["transactionId"] == transaction_id
    assert sim.stop() == 0


def test_bad_arguments_fail_clearly(simulator, csms):
    """An unknown --only id and a non-ws URL end the process with a message naming the problem."""
    bad = simulator(csms.url, "--only", "emart_jeju_01,emart_mars_01")
    assert bad.process.wait(timeout=30) != 0
    assert 'has no charger "emart_mars_01"' in bad.logs()
    tls = simulator("wss://127.0.0.1:1", "--only", "emart_jeju_01")
    assert tls.process.wait(timeout=30) != 0
    assert "use a ws:// URL" in tls.logs()


def test_a_control_socket_already_served_is_an_error(simulator, csms, bin_dir, repo_root):
    """A second simulator on the same --control-socket ends with an error; the first keeps serving."""
    first = simulator(csms.url, "--only", "emart_jeju_01", "--manual")
    assert first.control("stations")["result"]["stations"] == ["emart_jeju_01"]
    second = subprocess.run(
        [str(bin_dir / "charger-sim"), "--fleet", str(repo_root / "BoardConfigs/fleets/emart-jeju.yaml"),
         "--csms-url", csms.url, "--only", "emart_jeju_02", "--manual", "--control-socket", first.socket_path],
        capture_output=True, text=True, timeout=30,
    )
    assert second.returncode != 0
    assert f"control socket {first.socket_path}" in second.stderr, second.stderr[-2000:]
    assert first.control("stations")["result"]["stations"] == ["emart_jeju_01"]
    assert first.stop() == 0


def test_sigterm_during_a_slow_ramp_stops_promptly(csms, simulator):
    """SIGTERM while most stations still wait for their connect slot: the process ends within seconds."""
    sim = simulator(csms.url, "--stations", "500", "--connect-rate", "5", "--manual")
    csms.wait_for(lambda e: e["event"] == "connected", timeout=30)
    time.sleep(1)
    started = time.monotonic()
    assert sim.stop() == 0
    assert time.monotonic() - started < 5, "charger-sim waited for the connect ramp (100 s) before stopping"
    assert "fleet stopped" in sim.logs()


def test_reset_restarts_only_that_station(csms, simulator):
    """B11 Reset(Immediate): the station answers Accepted, reconnects and boots with RemoteReset; the
    process keeps running and the control socket follows the new station."""
    sim = simulator(csms.url, "--only", "emart_jeju_01", "--manual")
    boot = lambda e: (  # noqa: E731
        e["event"] == "message" and e.get("action") == "BootNotification" and e["type"] == "CALL"
    )
    first = csms.wait_for(boot, timeout=30)
    assert first["payload"]["reason"] == "PowerUp"
    csms.wait_for(lambda e: e["event"] == "message" and e.get("action") == "StatusNotification", timeout=20)
    mark = len(csms.seen)
    answer = csms.command({"cmd": "Call", "action": "Reset", "payload": {"type": "Immediate"}})
    assert answer["status"] == "result" and answer["payload"]["status"] == "Accepted", answer
    # The close, the new connection and even its boot may all come before the peer reports the answer,
    # so each is looked for among everything seen since the Reset was sent.
    closed = csms.wait_for(lambda e: e["event"] == "closed", timeout=20, since=mark)
    again = csms.wait_for(lambda e: e["event"] == "connected", timeout=30, since=csms.position(closed))
    assert again["stationId"] == "emart_jeju_01"
    second = csms.wait_for(boot, timeout=30, since=csms.position(again))
    assert second["payload"]["reason"] == "RemoteReset"
    deadline = time.monotonic() + 10
    while True:
        status = sim.control("status", station="emart_jeju_01")
        assert status["ok"], status
        if status["result"]["station"]["registration"] == "Accepted":
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    assert sim.process.poll() is None
    assert sim.stop() == 0


def test_without_manual_the_fleet_charges_on_its_own(csms, simulator, tmp_path):
    """Unless --manual, simulated drivers arrive, plug in and present the profile's card: sessions start
    with no command from anyone. 20 chargers with an arrival a minute each: one every 3 s on average."""
    chargers = "\n".join(
        f"      - {{id: busy_{n:02d}, kind: dc, ratedPowerKW: 50, latitude: 33.5, longitude: 126.5, evProfile: busy}}"
        for n in range(1, 21)
    )
    fleet = tmp_path / "busy.yaml"
    fleet.write_text(
        "fleet: busy\n"
        "profiles:\n"
        "  busy: {maxPowerKW: 40, phases: 1, arrivalsPerHour: 60, dwellMinutes: [5, 10], energyKWh: [20, 30],"
        " idToken: BUSY-DRIVER-1}\n"
        "stores:\n"
        "  - id: busy_store\n"
        "    name: Busy\n"
        "    latitude: 33.5\n"
        "    longitude: 126.5\n"
        "    chargers:\n" + chargers + "\n"
    )
    sim = simulator(csms.url, fleet=fleet)
    started = csms.wait_for(
        lambda e: e["event"] == "message" and e.get("action") == "TransactionEvent" and e["type"] == "CALL"
        and e["payload"]["eventType"] == "Started",
        timeout=60,
    )
    assert started["payload"]["idToken"]["idToken"] == "BUSY-DRIVER-1", started
    station_ids = [s for s in sim.control("stations")["result"]["stations"]]
    assert len(station_ids) == 20
    # Power flows on some station: a 40 kW vehicle on a 50 kW charger draws 40 kW.
    deadline = time.monotonic() + 20
    while True:
        powers = [sim.control("status", station=s)["result"]["evses"][0]["powerW"] for s in station_ids]
        if any(abs(p - 40_000) < 1 for p in powers):
            break
        assert time.monotonic() < deadline, powers
        time.sleep(0.5)
    assert sim.stop() == 0
