"""External charging limits (OCPP 2.0.1 K11-K13) on the built chargerd with the simulator board, against the
Python `ocpp` CSMS (Tests/Peers/ocpp_csms.py, every frame schema-checked by the library):

- a limit set mid-session through the control socket (`chargerctl limit set`) lowers the simulated pilot and
  the CSMS receives NotifyChargingLimit and a TransactionEvent with trigger ChargingRateChanged; clearing it
  sends ClearedChargingLimit and the pilot comes back;
- a limit an energy manager writes into a Modbus holding register, served by pymodbus on loopback
  (Tests/Peers/modbus_server.py, the stand-in for the energy manager), read by chargerd through the board
  file's `externalLimits` section.
"""

import json
import subprocess
import threading
import time

from test_session import start_session, wait_for_energy


def offered(daemon, evse=1):
    return next(e for e in daemon.status()["evses"] if e["id"] == evse)["offeredCurrentA"]


def wait_offered(daemon, amps, evse=1, timeout=10):
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = offered(daemon, evse)
        if seen == amps:
            return time.monotonic()
        time.sleep(0.05)
    raise AssertionError(f"EVSE {evse} offers {seen} A, not {amps} A, after {timeout} s")


def incoming(csms, action, start):
    return csms.wait_for(
        lambda e: e.get("event") == "message" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e.get("action") == action,
        start=start,
    )["payload"]


def assert_no_csms_errors(csms):
    errors = [e for e in csms.lines if e.get("event") == "error"]
    assert not errors, errors


def composite_limits(csms, evse):
    mark = csms.mark()
    csms.send({"cmd": "Call", "action": "GetCompositeSchedule",
               "payload": {"duration": 300, "chargingRateUnit": "A", "evseId": evse}})
    response = csms.wait_for(lambda e: e.get("event") == "response", start=mark)
    assert response["status"] == "result", response
    assert response["payload"]["status"] == "Accepted", response
    return [p["limit"] for p in response["payload"]["schedule"]["chargingSchedulePeriod"]]


def test_K11_K13_a_control_socket_limit_mid_session_lowers_the_pilot_and_the_csms_hears_of_it(daemon, csms):
    daemon.start()
    start_session(daemon, csms)
    wait_for_energy(daemon, above=0.0)
    assert offered(daemon) == 32

    mark = csms.mark()
    sent = time.monotonic()
    out = daemon.ctl("limit", "set", "1", "10", "A", "--source", "EMS").stdout
    assert "NotifyChargingLimit sent" in out, out
    reached = wait_offered(daemon, 10)
    print(f"chargerctl limit set -> pilot 10 A (status): {(reached - sent) * 1000:.0f} ms")

    notified = incoming(csms, "NotifyChargingLimit", mark)
    assert notified["chargingLimit"]["chargingLimitSource"] == "EMS"
    assert notified["evseId"] == 1
    changed = csms.wait_for(
        lambda e: e.get("action") == "TransactionEvent" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e["payload"]["triggerReason"] == "ChargingRateChanged",
        start=mark,
    )["payload"]
    assert changed["eventType"] == "Updated"
    assert composite_limits(csms, 1) == [10]
    shown = json.loads(daemon.ctl("limit", "show", "--json").stdout)["limits"]
    assert shown == [{"origin": "control:evse1", "source": "EMS", "evse": 1, "limit": 10, "unit": "A"}]

    # The power follows the pilot: 10 A on three phases is at most 6.9 kW.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        power = next(e for e in daemon.status()["evses"] if e["id"] == 1)["powerW"]
        if 0 < power <= 10 * 230 * 3 + 1:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"EVSE 1 still draws {power} W under a 10 A limit")

    mark = csms.mark()
    assert "1 limit(s) cleared" in daemon.ctl("limit", "clear", "1").stdout
    wait_offered(daemon, 32)
    cleared = incoming(csms, "ClearedChargingLimit", mark)
    assert cleared == {"chargingLimitSource": "EMS", "evseId": 1}

    # A bad value is refused with a reason and changes nothing.
    refused = daemon.ctl("limit", "set", "9", "10", "A", check=False)
    assert refused.returncode == 1 and "EVSE 9 does not exist" in refused.stderr, refused.stderr
    assert_no_csms_errors(csms)


class ModbusServer:
    """Tests/Peers/modbus_server.py (pymodbus) on loopback: the energy manager's register."""

    def __init__(self, python, repo_root, image_path):
        self.process = subprocess.Popen(
            [python, str(repo_root / "Tests/Peers/modbus_server.py"), "--image", str(image_path), "tcp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.events = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self.wait_for(lambda e: e.get("event") == "listening")["port"]

    def _read(self):
        for line in self.process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self.lock:
                self.events.append(event)
                self.lock.notify_all()

    def wait_for(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"modbus_server: no matching event within {timeout} s: {self.events[-5:]}")
                self.lock.wait(remaining)

    def set_holding(self, address, value):
        self.process.stdin.write(json.dumps({"cmd": "set", "table": "holding", "address": address,
                                             "values": [value]}) + "\n")
        self.process.stdin.flush()

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


BOARD = """\
station: {{id: CP-EXT-001, vendor: ChargerAgent, model: Simulator, serial: EXT-0001}}
csms: {{url: ws://127.0.0.1:9/ocpp, securityProfile: 0}}
stateDirectory: ./state
tokenReader: simulated
buses:
  ems:
    tcp: {{host: 127.0.0.1, port: {port}}}
evses:
  - {{id: 1, connectorType: cType2, maxCurrentA: 32, phases: 3, meter: simulated, contactor: simulated,
      evBoard: simulated}}
externalLimits:
  grid:
    source: SO
    evse: 0
    unit: A
    modbus:
      bus: ems
      unitId: 1
      register: {{function: 3, address: 100, type: u16}}
      scale: 0.1
      noLimit: 65535
      pollMs: 200
"""


def test_K12_K11_a_limit_from_an_energy_managers_modbus_register_reaches_the_pilot(
    python, repo_root, work_dir, make_daemon, csms
):
    image = work_dir / "ems.json"
    image.write_text(json.dumps({"unit": 1, "holding": {"100": 65535}}))
    server = ModbusServer(python, repo_root, image)
    try:
        board = work_dir / "ems-board.yaml"
        board.write_text(BOARD.format(port=server.port))
        daemon = make_daemon(board)
        daemon.start()
        start_session(daemon, csms)
        wait_for_energy(daemon, above=0.0)
        assert offered(daemon) == 32, "65535 in the register means no limit"

        mark = csms.mark()
        server.set_holding(100, 100)  # 10.0 A for the whole station
        wait_offered(daemon, 10)
        notified = incoming(csms, "NotifyChargingLimit", mark)
        assert notified["chargingLimit"]["chargingLimitSource"] == "SO"
        assert "evseId" not in notified, "a station-wide limit names no EVSE"
        assert composite_limits(csms, 0) == [10]
        shown = json.loads(daemon.ctl("limit", "show", "--json").stdout)["limits"]
        assert shown == [{"origin": "modbus:grid", "source": "SO", "evse": 0, "limit": 10, "unit": "A"}]

        # The energy manager lets go: the pilot comes back, the CSMS hears ClearedChargingLimit.
        mark = csms.mark()
        server.set_holding(100, 65535)
        wait_offered(daemon, 32)
        assert incoming(csms, "ClearedChargingLimit", mark) == {"chargingLimitSource": "SO"}
        assert_no_csms_errors(csms)
        daemon.stop()
    finally:
        server.close()
