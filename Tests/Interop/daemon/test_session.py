"""The built chargerd driven by chargerctl against the Python `ocpp` CSMS: a session, its energy, and restarts
(SIGTERM and kill -9) mid-session with no TransactionEvent lost or duplicated."""

import signal
import time


def start_session(daemon, csms, evse=1, max_kw=11):
    daemon.ctl("sim", "plug", "--evse", str(evse), "--max-power-kw", str(max_kw))
    mark = csms.mark()
    csms.send({"cmd": "RequestStartTransaction", "evseId": evse, "idToken": "CARD-0001", "remoteStartId": 7})
    response = csms.wait_for(lambda e: e.get("event") == "response" and e.get("cmd") == "RequestStartTransaction",
                             start=mark)
    assert response["status"] == "result" and response["payload"]["status"] == "Accepted", response
    started = csms.wait_for(
        lambda e: e.get("action") == "TransactionEvent" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e["payload"]["eventType"] == "Started",
        start=mark,
    )
    return started["payload"]["transactionInfo"]["transactionId"]


def wait_for_energy(daemon, evse=1, above=0.0, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entry = next(e for e in daemon.status()["evses"] if e["id"] == evse)
        if entry["energyWh"] > above:
            return entry
        time.sleep(0.3)
    raise AssertionError(f"energy on EVSE {evse} did not rise above {above} Wh within {timeout} s")


def events_of(csms, transaction_id):
    return [e for e in csms.transaction_events() if e["transactionInfo"]["transactionId"] == transaction_id]


def assert_complete_sequence(csms, transaction_id, allow_identical_resend=False):
    events = events_of(csms, transaction_id)
    seqs = [e["seqNo"] for e in events]
    assert sorted(set(seqs)) == list(range(max(seqs) + 1)), f"seqNo gap: {seqs}"
    if allow_identical_resend:
        by_seq = {}
        for event in events:
            previous = by_seq.setdefault(event["seqNo"], event)
            assert previous == event, f"two different events with seqNo {event['seqNo']}: {previous} / {event}"
    else:
        assert len(seqs) == len(set(seqs)), f"duplicated seqNo: {seqs}"
    kinds = [e["eventType"] for e in sorted(events, key=lambda e: e["seqNo"])]
    assert kinds[0] == "Started" and kinds.count("Started") == 1, kinds
    return events


def test_boots_and_reports_status(daemon):
    daemon.start()
    status = daemon.status()
    assert status["station"]["id"] == "CP-SIM-001"
    assert status["station"]["registration"] == "Accepted"
    assert status["station"]["link"] == "connected"
    assert [e["id"] for e in status["evses"]] == [1, 2]
    for evse in status["evses"]:
        assert evse["connectorStatus"] == "Available"
        assert evse["transactionId"] is None
        assert evse["contactor"] == {"commanded": "open", "feedback": "open"}
        assert evse["meterHealth"] == "ok"
        assert set(evse) >= {"energyWh", "powerW", "runningCost", "indicator", "lastError"}
    assert status["inputs"] == {"emergencyStop": False}


def test_a_remote_started_session_shows_energy_rising(daemon, csms):
    daemon.start()
    transaction_id = start_session(daemon, csms)
    first = wait_for_energy(daemon, above=0.0)
    assert first["transactionId"] == transaction_id
    assert first["connectorStatus"] == "Occupied"
    assert first["contactor"] == {"commanded": "closed", "feedback": "closed"}
    assert first["powerW"] > 10_000  # an 11 kW vehicle on a 32 A three-phase EVSE
    second = wait_for_energy(daemon, above=first["energyWh"] + 1)
    assert second["energyWh"] > first["energyWh"]
    table = daemon.ctl("status").stdout
    assert transaction_id[:8] in table and "closed/closed" in table
    # A self-test would click the contactor of a running session: refused, exit 1.
    refused = daemon.ctl("selftest", "--evse", "1", check=False)
    assert refused.returncode == 1 and "refused" in refused.stderr


def _restart_mid_session(daemon, csms, sig):
    daemon.start()
    transaction_id = start_session(daemon, csms)
    wait_for_energy(daemon, above=5.0)
    code = daemon.stop(sig)
    if sig == signal.SIGTERM:
        assert code == 0, daemon.log()[-2000:]
    daemon.start()
    ended = csms.wait_for(
        lambda e: e.get("action") == "TransactionEvent" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e["payload"]["transactionInfo"]["transactionId"] == transaction_id
        and e["payload"]["eventType"] == "Ended",
        timeout=30,
    )
    assert ended["payload"]["transactionInfo"].get("stoppedReason") == "PowerLoss"
    return transaction_id


def test_sigterm_mid_session_then_restart_loses_and_duplicates_nothing(daemon, csms):
    transaction_id = _restart_mid_session(daemon, csms, signal.SIGTERM)
    time.sleep(1)  # anything still queued would arrive now
    assert_complete_sequence(csms, transaction_id)
    assert daemon.status()["evses"][0]["transactionId"] is None


def test_kill_9_mid_session_then_restart_loses_nothing(daemon, csms):
    transaction_id = _restart_mid_session(daemon, csms, signal.SIGKILL)
    time.sleep(1)
    # After kill -9 a message the CSMS answered may not have been removed from the queue yet; OCPP then
    # sends it again. That is the same event (same payload), never a new one with a reused seqNo.
    assert_complete_sequence(csms, transaction_id, allow_identical_resend=True)
