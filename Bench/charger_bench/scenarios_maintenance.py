"""Scenarios 6 and 7 (issue 16): a firmware update of one station, and GetLog from three.

6: one `chargerd` on the simulator board (binaries) or one pysim station (python) is sent UpdateFirmware for a
   signed image the bench serves: download, signature, install, restart on the new version. With the binaries the
   runner supervises chargerd as systemd would (a chargerd that exits is started again on the same state
   directory), installs the test's manufacturer root over OCPP first (InstallCertificate), and signs the image
   with a key that root certifies (openssl, ECDSA P-256, SHA-256).
7: three chargers of the fleet (charger-sim or pysim) are sent GetLog (DiagnosticsLog) at once; each uploads to
   the bench's /logs/<chargerId>/.

They are written against the OCPP messages only (FirmwareStatusNotification, LogStatusNotification,
BootNotification, SecurityEventNotification), which the verifier checks. Against the binaries they need the
station side of issue 16 (UpdateFirmware with a simulated installer on the simulator board, GetLog); until that
lands they pass with `--backend python`. The image is in the simulated format (a `charger-agent-firmware-version=<v>`
line, Scripts/make-sim-firmware.sh) that the simulator board's installer reads; `--firmware-image` and
`--firmware-version` name another image and its version.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fleet import REPO_ROOT

if TYPE_CHECKING:
    from .scenarios import Runner

FIRMWARE_FAILURES = {"DownloadFailed", "InvalidSignature", "InvalidCertificate", "InstallationFailed",
                     "InstallVerificationFailed", "RevokedCertificate"}
SCENARIO7_CHARGERS = ["emart_jeju_01", "emart_jeju_02", "emart_shinjeju_01"]


def openssl(*argv: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *argv], cwd=cwd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        from .scenarios import ScenarioFailed

        raise ScenarioFailed(f"openssl {argv[0]} failed: {done.stderr.strip()[-300:]}")


def signed_image(work: Path, firmware_dir: Path, version: str, image: str | None) -> dict[str, str]:
    """The image in the bench's firmware folder, its base64 signature, the signing certificate and the root."""
    keys = work / "s6-keys"
    shutil.rmtree(keys, ignore_errors=True)
    keys.mkdir(parents=True)
    name = f"chargerd-{re.sub(r'[^A-Za-z0-9._-]', '_', version)}.bin"
    target = firmware_dir / name
    if image:
        shutil.copyfile(image, target)
    else:
        # The simulated image format (Scripts/make-sim-firmware.sh): the simulator board's installer
        # (Scripts/installers/install-simulated) reads the version from this line.
        target.write_bytes(f"charger-agent-firmware-version={version}\n".encode() + bytes(range(256)) * 2048)
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "root.key", cwd=keys)
    openssl("req", "-x509", "-new", "-key", "root.key", "-sha256", "-days", "30", "-subj",
            "/CN=Bench Manufacturer Root", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "root.pem", cwd=keys)
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "signing.key", cwd=keys)
    openssl("req", "-new", "-key", "signing.key", "-subj", "/CN=Bench Firmware Signing", "-out", "signing.csr",
            cwd=keys)
    (keys / "ext.cnf").write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n")
    openssl("x509", "-req", "-in", "signing.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
            "-days", "30", "-sha256", "-extfile", "ext.cnf", "-out", "signing.pem", cwd=keys)
    openssl("dgst", "-sha256", "-sign", "signing.key", "-out", "image.sig", str(target), cwd=keys)
    return {"file": name, "signature": base64.b64encode((keys / "image.sig").read_bytes()).decode(),
            "signingCertificate": (keys / "signing.pem").read_text(), "root": (keys / "root.pem").read_text()}


class SupervisedChargerd:
    """chargerd on a copy of the simulator board, restarted when it exits (as systemd's Restart=always).

    `station_id` renames the station (scenario 7 runs three); `log_file` makes the daemon's own output its
    GetLog DiagnosticsLog (CHARGERD_LOG_FILE: there is no journal for it here)."""

    def __init__(self, runner: "Runner", name: str = "s6", station_id: str | None = None, log_file: bool = False):
        self.runner = runner
        work = runner.work
        self.state = work / f"{name}-state"
        shutil.rmtree(self.state, ignore_errors=True)
        self.state.mkdir(parents=True)
        self.board = work / f"{name}-simulator.yaml"
        # A copy elsewhere: the board's paths relative to its own folder (the installer) are made absolute.
        board = (REPO_ROOT / "BoardConfigs" / "simulator.yaml").read_text()
        board = board.replace("installer: ../Scripts/", f"installer: {REPO_ROOT}/Scripts/")
        if station_id:
            board = re.sub(r"^(\s*id:\s*)CP-SIM-001", rf"\g<1>{station_id}", board, count=1, flags=re.MULTILINE)
        self.board.write_text(board)
        self.socket = work / f"{name}.sock"
        self.log = work / f"{name}-chargerd.log"
        self.environment = dict(os.environ)
        if log_file:
            self.environment["CHARGERD_LOG_FILE"] = str(self.log)
        self.starts = 0
        self._stop = threading.Event()
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._supervise, daemon=True)

    @property
    def station_id(self) -> str:
        match = re.search(r"^\s*id:\s*(\S+)", self.board.read_text(), re.MULTILINE)
        return match.group(1) if match else "CP-SIM-001"

    def start(self) -> None:
        self._thread.start()

    def _supervise(self) -> None:
        command = [str(Path(self.runner.args.bin_dir) / "chargerd"), "--config", str(self.board),
                   "--csms-url", f"ws://127.0.0.1:{self.runner.args.ws_port}", "--state-dir", str(self.state),
                   "--control-socket", str(self.socket), "--log-level", "info"]
        while not self._stop.is_set():
            with open(self.log, "a") as log:
                self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                                 start_new_session=True, env=self.environment)
            self.starts += 1
            while self._process.poll() is None and not self._stop.is_set():
                time.sleep(0.2)
            if not self._stop.is_set():
                time.sleep(1)  # RestartSec

    def stop(self) -> None:
        from .scenarios import terminate

        self._stop.set()
        terminate(self._process, grace=20)
        self._thread.join(30)


class SupervisedChargerds:
    """Several SupervisedChargerd, started and stopped together (scenario 7 against the binaries)."""

    def __init__(self, runner: "Runner", station_ids: list[str]):
        self.daemons = [SupervisedChargerd(runner, f"s7-{index}", station_id, log_file=True)
                        for index, station_id in enumerate(station_ids)]

    def start(self) -> None:
        for daemon in self.daemons:
            daemon.start()

    def stop(self) -> None:
        for daemon in self.daemons:
            daemon.stop()


def scenario_6(runner: "Runner") -> dict[str, Any]:
    from .scenarios import ScenarioFailed, Stations, say, wait_for

    args, rest = runner.args, runner.rest
    keys = signed_image(runner.work, runner.firmware_dir, args.firmware_version, args.firmware_image)
    if args.backend == "python":
        station = "emart_jeju_01"
        stations: Any = Stations(args, runner.work, "s6", [station])
    else:
        stations = SupervisedChargerd(runner)
        station = stations.station_id
    stations.start()
    try:
        runner.wait_connected([station])
        before = rest.charger(station)["firmwareVersion"]
        say(station, f"running firmware {before}")
        if args.backend != "python":
            answer = rest.post(f"/api/chargers/{station}/install-certificate",
                               {"certificateType": "ManufacturerRootCertificate", "certificate": keys["root"]})
            say(station, f"InstallCertificate (manufacturer root): {answer['response'].get('status')}")
        job = rest.post(f"/api/chargers/{station}/firmware", {
            "file": keys["file"], "signature": keys["signature"], "signingCertificate": keys["signingCertificate"],
            "retries": 3, "retryInterval": 5})
        request_id = job["requestId"]
        say(station, f"UpdateFirmware {job['location']}: {job['response'].get('status')} (requestId {request_id})")
        if job["response"].get("status") not in ("Accepted", "AcceptedCanceled"):
            raise ScenarioFailed(f"UpdateFirmware answered {job['response']}")

        def finished():
            mine = [j for j in rest.get(f"/api/jobs?charger_id={station}")["firmware"]
                    if j["request_id"] == request_id]
            return mine and (mine[0]["status"] == "Installed" or mine[0]["status"] in FIRMWARE_FAILURES) and mine[0]

        done = wait_for("the firmware job to finish", finished, args.firmware_seconds)
        say(station, f"firmware statuses: {', '.join(done['statuses'])}")
        if done["status"] != "Installed":
            raise ScenarioFailed(f"the update ended {done['status']}")
        after = wait_for("the new version reported", lambda: (v := rest.charger(station)["firmwareVersion"]) ==
                         args.firmware_version and v, 60)
        say(station, f"running firmware {after}")
        return {"chargers": [station], "requestId": request_id, "versionBefore": before,
                "expectedVersion": args.firmware_version, "versionAfter": after, "statuses": done["statuses"],
                "restarts": getattr(stations, "starts", 1) - 1}
    finally:
        stations.stop()


def scenario_7(runner: "Runner") -> dict[str, Any]:
    from .scenarios import ScenarioFailed, Stations, at_once, say, wait_for

    args, rest = runner.args, runner.rest
    # charger-sim's stations have no maintenance I/O (GetLog is Rejected there): against the binaries the
    # three are chargerd processes on copies of the simulator board, named as the fleet's chargers.
    stations: Any = (Stations(args, runner.work, "s7", SCENARIO7_CHARGERS) if args.backend == "python"
                     else SupervisedChargerds(runner, SCENARIO7_CHARGERS))
    stations.start()
    jobs: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    try:
        runner.wait_connected(SCENARIO7_CHARGERS)

        def get_log(charger_id: str) -> None:
            try:
                answer = rest.post(f"/api/chargers/{charger_id}/log", {"logType": "DiagnosticsLog", "retries": 2,
                                                                        "retryInterval": 5})
            except ScenarioFailed as error:
                errors.append(f"{charger_id}: {error}")
                return
            jobs[charger_id] = answer
            say(charger_id, f"GetLog: {answer['response'].get('status')} {answer['response'].get('filename')}")

        at_once(get_log, [(c,) for c in SCENARIO7_CHARGERS], errors)

        def all_done():
            rows = {j["request_id"]: j for j in rest.get("/api/jobs")["log"]}
            mine = [rows.get(jobs[c]["requestId"]) for c in SCENARIO7_CHARGERS]
            return all(j and not j["running"] for j in mine) and mine

        finished = wait_for("three log uploads", all_done, args.firmware_seconds)
        failed = [j["charger_id"] for j in finished if j["status"] != "Uploaded"]
        if failed:
            raise ScenarioFailed(f"uploads did not finish Uploaded on {', '.join(failed)}")
        uploads = rest.get("/api/log-uploads")
        for charger_id in SCENARIO7_CHARGERS:
            mine = [u for u in uploads if u["charger_id"] == charger_id]
            say(charger_id, f"uploaded {mine[-1]['filename']} ({mine[-1]['size']} bytes)" if mine else "no upload")
        return {"chargers": SCENARIO7_CHARGERS,
                "logs": [{"chargerId": c, "requestId": jobs[c]["requestId"],
                          "filename": jobs[c]["response"].get("filename")} for c in SCENARIO7_CHARGERS]}
    finally:
        stations.stop()
