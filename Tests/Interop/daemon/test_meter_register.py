"""A simulated meter keeps its import register across chargerd restarts, as a real meter does (issue 13 item 8):
the registers are saved in the state directory every 10 s while they move and at shutdown, and read back at
start, so the next session does not start at 0 Wh and the interrupted one never ends below what was sent."""

import json
import signal
import time

from test_session import events_of, start_session, wait_for_energy


def register_values(event):
    return [
        float(sample["value"])
        for meter_value in event.get("meterValue", [])
        for sample in meter_value["sampledValue"]
        if sample.get("measurand", "Energy.Active.Import.Register") == "Energy.Active.Import.Register"
    ]


def meter_register(daemon, evse=1):
    """EVSE `evse`'s import register as `chargerctl meter read` shows it (read from the meter now)."""
    reading = json.loads(daemon.ctl("meter", "read", "--evse", str(evse), "--json").stdout)
    return reading["evses"][0]["energyImportWh"]


def restart_and_check(daemon, csms, sig, settle):
    daemon.start()
    transaction_id = start_session(daemon, csms)
    wait_for_energy(daemon, above=5.0)
    before = meter_register(daemon)
    time.sleep(settle)  # with kill -9, a periodic save (every 10 s) must have happened since `before`
    daemon.stop(sig)
    daemon.start()
    ended = csms.wait_for(
        lambda e: e.get("action") == "TransactionEvent" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e["payload"]["transactionInfo"]["transactionId"] == transaction_id
        and e["payload"]["eventType"] == "Ended",
        timeout=30,
    )["payload"]
    after = meter_register(daemon)
    assert after >= before, f"the register went back from {before} to {after} Wh across the restart"
    earlier = [v for e in events_of(csms, transaction_id) if e["eventType"] != "Ended" for v in register_values(e)]
    assert register_values(ended), ended
    assert min(register_values(ended)) >= max(earlier, default=0), (register_values(ended), earlier)


def test_register_survives_a_graceful_restart(daemon, csms):
    restart_and_check(daemon, csms, signal.SIGTERM, settle=0)


def test_register_survives_kill_9_up_to_the_last_periodic_save(daemon, csms):
    restart_and_check(daemon, csms, signal.SIGKILL, settle=11)
