"""L01 UpdateFirmware and N01 GetLog end to end: the built chargerd on the simulator board, the Python `ocpp`
CSMS (Tests/Peers/ocpp_csms.py), a real HTTP server on loopback (Tests/Peers/http_transfer_peer.py) serving
firmware signed with openssl (Tests/Peers/make_firmware_signing.sh) and receiving log uploads, and the
simulated installer (Scripts/installers/install-simulated). Restarts are done as systemd does them (the
daemon exits 75 after InstallRebooting; the test starts it again), power cuts with kill -9."""

import io
import json
import os
import shutil
import signal
import subprocess
import tarfile
import threading
import time
from pathlib import Path

import pytest

from conftest import Daemon
from test_session import start_session


class HTTPServer:
    def __init__(self, python, repo_root, root, uploads):
        self.process = subprocess.Popen(
            [python, str(repo_root / "Tests/Peers/http_transfer_peer.py"), "--root", str(root), "--uploads",
             str(uploads)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self.lines = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self.wait_for(lambda e: e["event"] == "listening")["port"]
        self.base = f"http://127.0.0.1:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            with self.lock:
                self.lines.append(json.loads(line))
                self.lock.notify_all()

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for event in self.lines:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching HTTP server event within {timeout} s: {self.lines[-5:]}")
                self.lock.wait(remaining)

    def requests(self):
        with self.lock:
            return [e for e in self.lines if e["event"] == "request"]

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class MaintenanceDaemon(Daemon):
    """A chargerd with extra environment (the simulated installer's delay, a log file for GetLog)."""

    env = {}

    def start(self):
        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            return super().start()
        finally:
            os.environ.clear()
            os.environ.update(saved)


@pytest.fixture
def firmware(tmp_path, repo_root):
    """Two simulated images (2.0.0-test good, 3.0.0-test tampered after signing), signed by a manufacturer."""
    root = tmp_path / "served"
    root.mkdir()
    make = repo_root / "Scripts/make-sim-firmware.sh"
    subprocess.run(["sh", str(make), "2.0.0-test", str(root / "fw.bin"), "2048"], check=True)
    subprocess.run(["sh", str(make), "3.0.0-test", str(root / "tampered.bin"), "64"], check=True)
    subprocess.run(["sh", str(repo_root / "Tests/Peers/make_firmware_signing.sh"), str(root), "fw.bin",
                    "tampered.bin"], check=True, capture_output=True)
    with open(root / "tampered.bin", "ab") as f:
        f.write(b"tampered")
    return root


@pytest.fixture
def http_server(python, repo_root, firmware, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    server = HTTPServer(python, repo_root, firmware, uploads)
    server.uploads = uploads
    yield server
    server.close()


@pytest.fixture
def station(bin_dir, repo_root, work_dir, csms, firmware):
    """chargerd on the simulator board with its installer; the manufacturer root installed in its store."""
    board = work_dir / "board.yaml"
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    text = text.replace("../Scripts/installers/install-simulated",
                        str(repo_root / "Scripts/installers/install-simulated"))
    board.write_text(text)
    instance = MaintenanceDaemon(bin_dir, repo_root, work_dir, csms.url, board)
    instance.env = {}
    roots = Path(instance.state) / "certificates/ManufacturerRootCertificate"
    roots.mkdir(parents=True, exist_ok=True)
    shutil.copy(firmware / "mfr-root.pem", roots / "mfr-root.pem")
    yield instance
    if instance.process is not None and instance.process.poll() is None:
        instance.process.kill()
        instance.process.wait()


def update_firmware(csms, firmware, location, request_id=1, signature="fw.bin.pss.b64", certificate="signer-rsa.pem",
                    **extra):
    mark = csms.mark()
    payload = {
        "requestId": request_id,
        "firmware": {
            "location": location,
            "retrieveDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "signingCertificate": (firmware / certificate).read_text(),
            "signature": (firmware / signature).read_text(),
        },
        **extra,
    }
    csms.send({"cmd": "Call", "action": "UpdateFirmware", "payload": payload})
    response = csms.wait_for(lambda e: e.get("event") == "response" and e.get("cmd") == "UpdateFirmware", start=mark)
    return response, mark


def incoming(csms, action, start=0):
    with csms.lock:
        return [e["payload"] for e in csms.lines[start:]
                if e.get("event") == "message" and e.get("direction") == "in" and e.get("type") == "CALL"
                and e.get("action") == action]


def wait_status(csms, action, status, start=0, timeout=60):
    return csms.wait_for(
        lambda e: e.get("event") == "message" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e.get("action") == action and e["payload"].get("status") == status,
        start=start, timeout=timeout,
    )["payload"]


def wait_log(station, text, timeout=10):
    """Waits until chargerd's log holds `text` (a security event is raised after the answer goes out)."""
    deadline = time.monotonic() + timeout
    while text not in station.log():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not in chargerd's log within {timeout} s: {station.log()[-2000:]}")
        time.sleep(0.05)


def firmware_statuses(csms, start=0):
    return [p["status"] for p in incoming(csms, "FirmwareStatusNotification", start)]


def descendants(pid):
    """The processes below `pid` (by /proc parent links), deepest last."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def power_cut(station):
    """kill -9 of chargerd and whatever it started (an installer), as a power cut would end them."""
    below = descendants(station.process.pid)
    station.process.send_signal(signal.SIGKILL)
    station.process.wait()
    for pid in below:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def restart_after_install(station):
    """What systemd does on exit 75: start the daemon again."""
    assert station.process.wait(timeout=30) == 75, station.log()[-3000:]
    station.start()


def test_TC_L_01_CS_signedFirmwareInstalledOnTheSimulatorBoard(station, csms, http_server, firmware):
    station.start()
    started = time.monotonic()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/fw.bin", request_id=11)
    assert response["payload"]["status"] == "Accepted", response
    wait_status(csms, "FirmwareStatusNotification", "InstallRebooting", mark)
    restart_after_install(station)
    installed = wait_status(csms, "FirmwareStatusNotification", "Installed", mark)
    elapsed = time.monotonic() - started
    assert installed["requestId"] == 11
    assert firmware_statuses(csms, mark) == [
        "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed"]
    assert {p.get("requestId") for p in incoming(csms, "FirmwareStatusNotification", mark)} == {11}
    boots = incoming(csms, "BootNotification", mark)
    assert boots[-1]["reason"] == "FirmwareUpdate"
    assert boots[-1]["chargingStation"]["firmwareVersion"] == "2.0.0-test", "restarted on the new version"
    wait_log(station, "type=FirmwareUpdated")
    print(f"\nUpdateFirmware -> Installed on the simulator board: {elapsed:.1f} s (2 MiB image)")


def test_TC_L_06_CS_invalidSignatureIsReportedAndNothingInstalled(station, csms, http_server, firmware):
    station.start()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/tampered.bin", request_id=12,
                                     signature="tampered.bin.pss.b64")
    assert response["payload"]["status"] == "Accepted"
    wait_status(csms, "FirmwareStatusNotification", "InvalidSignature", mark)
    assert firmware_statuses(csms, mark) == ["Downloading", "Downloaded", "InvalidSignature"]
    wait_log(station, "InvalidFirmwareSignature")
    assert station.process.poll() is None, "no restart"
    assert not (Path(station.state) / "firmware-version").exists()


def test_TC_L_05_CS_signingCertificateFromAnUnknownRoot(station, csms, http_server, firmware):
    station.start()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/fw.bin", request_id=13,
                                     certificate="rogue-signer.pem", signature="fw.bin.rogue.b64")
    assert response["payload"]["status"] == "InvalidCertificate", response
    wait_log(station, "InvalidFirmwareSigningCertificate")
    time.sleep(1)
    assert firmware_statuses(csms, mark) == [], "nothing downloaded"
    assert http_server.requests() == []


def test_TC_L_07_CS_404IsDownloadFailedAfterTheRetries(station, csms, http_server, firmware):
    station.start()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/absent.bin", request_id=14,
                                     retries=2, retryInterval=1)
    assert response["payload"]["status"] == "Accepted"
    wait_status(csms, "FirmwareStatusNotification", "DownloadFailed", mark)
    assert firmware_statuses(csms, mark) == ["Downloading", "Downloading", "DownloadFailed"]
    assert len([r for r in http_server.requests() if r["path"] == "/files/absent.bin"]) == 2


def test_L01_killDuringTheDownloadResumesWithRange(station, csms, http_server, firmware):
    station.start()
    # 2 MiB at 400 kB/s: about 5 s, killed after the first part arrived.
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/slow/400000/fw.bin", request_id=15)
    assert response["payload"]["status"] == "Accepted"
    part = Path(station.state) / "firmware/firmware-15.bin.part"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 300_000):
        time.sleep(0.05)
    power_cut(station)
    kept = part.stat().st_size
    assert kept >= 300_000
    station.start()
    wait_status(csms, "FirmwareStatusNotification", "InstallRebooting", mark)
    ranges = [r["range"] for r in http_server.requests() if r["path"] == "/slow/400000/fw.bin"]
    assert ranges[0] is None and ranges[-1] is not None and int(ranges[-1][6:-1]) >= 300_000, ranges
    restart_after_install(station)
    wait_status(csms, "FirmwareStatusNotification", "Installed", mark)


def test_L01_killDuringTheInstallReportsInstallationFailed(station, csms, http_server, firmware):
    station.env = {"CHARGER_SIM_INSTALL_SECONDS": "30"}
    station.start()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/fw.bin", request_id=16)
    wait_status(csms, "FirmwareStatusNotification", "Installing", mark)
    assert station.process.poll() is None, "the installer is still running"
    # Installing goes out as the installer is started: wait for it, so the power cut ends it too.
    deadline = time.monotonic() + 10
    while not (installers := descendants(station.process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert installers, "the installer runs under chargerd"
    # It holds none of chargerd's descriptors beyond stdin/stdout/stderr (no control socket, no CSMS link): an
    # installer that outlived a killed chargerd kept the control socket listening, and the restarted daemon's
    # first chargerctl status hung on it for its 30 s read timeout.
    for pid in installers:
        held = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd") if int(fd) > 2]
        assert not [target for target in held if target.startswith(("socket:", "anon_inode:"))], held
    power_cut(station)
    station.env = {}
    restarted = csms.mark()
    station.start()
    payload = wait_status(csms, "FirmwareStatusNotification", "InstallationFailed", restarted)
    assert payload["requestId"] == 16
    boots = incoming(csms, "BootNotification", restarted)
    assert boots[-1]["chargingStation"]["firmwareVersion"] != "2.0.0-test"


def test_TC_L_13_CS_transactionRunningDefersTheInstall(station, csms, http_server, firmware):
    station.start()
    transaction = start_session(station, csms, evse=1)
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/files/fw.bin", request_id=17)
    wait_status(csms, "FirmwareStatusNotification", "InstallScheduled", mark)
    # AllowNewSessionsPendingFirmwareUpdate is false: the idle EVSE 2 became Unavailable, EVSE 1 still charges.
    unavailable = csms.wait_for(
        lambda e: e.get("action") == "StatusNotification" and e.get("direction") == "in" and e.get("type") == "CALL"
        and e["payload"]["evseId"] == 2 and e["payload"]["connectorStatus"] == "Unavailable", start=mark)
    assert unavailable
    assert "Installing" not in firmware_statuses(csms, mark)
    csms.send({"cmd": "RequestStopTransaction", "transactionId": transaction})
    wait_status(csms, "FirmwareStatusNotification", "InstallRebooting", mark)
    statuses = firmware_statuses(csms, mark)
    assert statuses.index("InstallScheduled") < statuses.index("Installing")
    ended = [e for e in csms.transaction_events() if e["eventType"] == "Ended"]
    assert ended, "the transaction ended before the install"


def get_log(csms, location, log_type="DiagnosticsLog", request_id=21, **window):
    mark = csms.mark()
    csms.send({"cmd": "Call", "action": "GetLog", "payload": {
        "log": {"remoteLocation": location, **window}, "logType": log_type, "requestId": request_id,
        "retries": 1}})
    response = csms.wait_for(lambda e: e.get("event") == "response" and e.get("cmd") == "GetLog", start=mark)
    return response, mark


def test_TC_N_25_CS_diagnosticsLogReceivedIntactWithinTheWindow(station, csms, http_server, work_dir):
    log = work_dir / "daemon-lines.log"
    log.write_text(
        "2026-01-01T10:00:00Z before the window\n"
        "2026-01-01T11:00:00Z inside the window\n"
        "  continuation of the line inside\n"
        "2026-01-01T11:30:00Z security event type=FirmwareUpdated\n"
        "2026-01-01T13:00:00Z after the window\n")
    station.env = {"CHARGERD_LOG_FILE": str(log)}
    station.start()
    response, mark = get_log(csms, f"{http_server.base}/upload/diag.tar.gz",
                             oldestTimestamp="2026-01-01T10:30:00Z", latestTimestamp="2026-01-01T12:00:00Z")
    assert response["payload"]["status"] == "Accepted"
    filename = response["payload"]["filename"]
    wait_status(csms, "LogStatusNotification", "Uploaded", mark)
    statuses = [(p["status"], p.get("requestId")) for p in incoming(csms, "LogStatusNotification", mark)]
    assert statuses == [("Uploading", 21), ("Uploaded", 21)]
    upload = http_server.wait_for(lambda e: e["event"] == "upload")
    data = (http_server.uploads / "diag.tar.gz").read_bytes()
    assert upload["bytes"] == len(data)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        names = sorted(archive.getnames())
        stem = filename[: -len(".tar.gz")]
        lines = archive.extractfile(f"{stem}/chargerd.log").read().decode()
        configuration = archive.extractfile(f"{stem}/configuration.yaml").read().decode()
        store = json.loads(archive.extractfile(f"{stem}/store-summary.json").read())
    assert f"{stem}/summary.txt" in names
    # The store summary chargerctl bundle has too (StoreInspector): the daemon's own store, its row counts.
    assert store["path"] == str(Path(station.state) / "station.sqlite") and "error" not in store, store
    assert "transactions" in store["rows"] and store["rows"]["security_log"] >= 1, store
    assert "inside the window" in lines and "continuation" in lines and "FirmwareUpdated" in lines
    assert "before the window" not in lines and "after the window" not in lines
    assert "CP-SIM-001" in configuration


def test_N01_aRemoteLocationThatIsAFolderGetsTheFileUnderItsName(station, csms, http_server):
    station.start()
    response, mark = get_log(csms, f"{http_server.base}/upload/", request_id=24)
    assert response["payload"]["status"] == "Accepted"
    filename = response["payload"]["filename"]
    wait_status(csms, "LogStatusNotification", "Uploaded", mark)
    upload = http_server.wait_for(lambda e: e["event"] == "upload")
    assert upload["method"] == "PUT" and upload["name"] == filename, upload
    with tarfile.open(http_server.uploads / filename) as archive:
        assert f"{filename[: -len('.tar.gz')]}/store-summary.json" in archive.getnames()


def test_TC_N_35_CS_securityLogHasOnlySecurityEvents(station, csms, http_server, work_dir):
    log = work_dir / "daemon-lines.log"
    # The SecurityLog is the store's security log (A04), not lines of the daemon's log that look like events.
    log.write_text("2026-01-01T11:00:00Z ordinary line\n2026-01-01T11:30:00Z security event type=ForgedInTheLogFile\n")
    station.env = {"CHARGERD_LOG_FILE": str(log)}
    station.start()
    response, mark = get_log(csms, f"{http_server.base}/upload/sec.tar.gz", log_type="SecurityLog", request_id=22)
    assert response["payload"]["status"] == "Accepted"
    wait_status(csms, "LogStatusNotification", "Uploaded", mark)
    data = (http_server.uploads / "sec.tar.gz").read_bytes()
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = next(n for n in archive.getnames() if n.endswith("security.log"))
        text = archive.extractfile(member).read().decode()
    assert "StartupOfTheDevice critical" in text, text
    assert "ordinary line" not in text and "ForgedInTheLogFile" not in text


def test_TC_N_26_CS_refusedUploadIsUploadFailure(station, csms, http_server):
    station.start()
    response, mark = get_log(csms, f"{http_server.base}/refuse/500/diag.tar.gz", request_id=23)
    assert response["payload"]["status"] == "Accepted"
    wait_status(csms, "LogStatusNotification", "UploadFailure", mark)
    statuses = [p["status"] for p in incoming(csms, "LogStatusNotification", mark)]
    assert statuses == ["Uploading", "UploadFailure"]
    response, mark = get_log(csms, f"{http_server.base}/refuse/403/diag.tar.gz", request_id=24)
    wait_status(csms, "LogStatusNotification", "PermissionDenied", mark)


def test_F06_triggeredStatusesReportTheRealState(station, csms, http_server, firmware):
    station.start()
    response, mark = update_firmware(csms, firmware, f"{http_server.base}/slow/200000/fw.bin", request_id=31)
    wait_status(csms, "FirmwareStatusNotification", "Downloading", mark)
    trigger = csms.mark()
    csms.send({"cmd": "Call", "action": "TriggerMessage", "payload": {"requestedMessage": "FirmwareStatusNotification"}})
    triggered = wait_status(csms, "FirmwareStatusNotification", "Downloading", trigger)
    assert triggered["requestId"] == 31
    trigger = csms.mark()
    csms.send({"cmd": "Call", "action": "TriggerMessage", "payload": {"requestedMessage": "LogStatusNotification"}})
    assert "requestId" not in wait_status(csms, "LogStatusNotification", "Idle", trigger)


def test_TC_L_10_CS_aNewUpdateCancelsTheRunningDownload(station, csms, http_server, firmware):
    station.start()
    first, mark = update_firmware(csms, firmware, f"{http_server.base}/slow/100000/fw.bin", request_id=41)
    assert first["payload"]["status"] == "Accepted"
    wait_status(csms, "FirmwareStatusNotification", "Downloading", mark)
    second, _ = update_firmware(csms, firmware, f"{http_server.base}/files/fw.bin", request_id=42)
    assert second["payload"]["status"] == "AcceptedCanceled", second
    wait_status(csms, "FirmwareStatusNotification", "InstallRebooting", mark)
    restart_after_install(station)
    installed = wait_status(csms, "FirmwareStatusNotification", "Installed", mark)
    assert installed["requestId"] == 42
    after_first = [(p["status"], p.get("requestId")) for p in incoming(csms, "FirmwareStatusNotification", mark)]
    assert after_first[0] == ("Downloading", 41)
    assert all(request_id == 42 for _, request_id in after_first[1:]), after_first
    assert not (Path(station.state) / "firmware/firmware-41.bin.part").exists(), "the cancelled part is removed"
