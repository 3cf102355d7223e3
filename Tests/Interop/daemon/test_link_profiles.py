"""The link plan end to end (A01 password, A05 upgrade, B10 migration and fallback, M05 CSMS roots, A04 TLS
security events): a real chargerd against Tests/Peers/ocpp_csms.py instances, plain or TLS with certificates
made by openssl in the test (Tests/Peers/make_certs.sh), Basic auth checked by the peer."""

import shutil
import socket
import subprocess
import tarfile
import time

import pytest

from conftest import CSMS, Daemon

OLD_PASSWORD = "old-password-0123456789"
NEW_PASSWORD = "new-password-9876543210"
REFUSED_PASSWORD = "refused-password-555555"


@pytest.fixture
def certs(repo_root, work_dir):
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make the test PKI (Debian: openssl)")
    directory = work_dir / "pki"
    subprocess.run(["sh", str(repo_root / "Tests/Peers/make_certs.sh"), str(directory), "CS-LINK-01"], check=True)
    return directory


@pytest.fixture
def peers(python, repo_root):
    started = []

    def start(*args):
        peer = CSMS(python, repo_root, extra_args=tuple(str(a) for a in args))
        started.append(peer)
        return peer

    yield start
    for peer in started:
        peer.close()


@pytest.fixture
def password_env(monkeypatch):
    monkeypatch.setenv("TEST_CSMS_PASSWORD", OLD_PASSWORD)


def make_board(repo_root, work_dir, profile, trust_roots=()):
    lines = [f"  url: {'wss://localhost:1' if profile >= 2 else 'ws://127.0.0.1:1'}/ocpp"]
    if profile in (1, 2):
        lines.append("  password: {env: TEST_CSMS_PASSWORD}")
    if trust_roots:
        lines.append(f"  trustRoots: [{', '.join(str(r) for r in trust_roots)}]")
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    text = text.replace("  url: ws://127.0.0.1:9000/ocpp", "\n".join(lines)).replace(
        "securityProfile: 0", f"securityProfile: {profile}"
    )
    board = work_dir / f"board-{profile}.yaml"
    board.write_text(text)
    (work_dir / "state").mkdir(exist_ok=True)
    return board


def call(csms, action, payload, timeout=20):
    tag = f"{action}-{time.monotonic_ns()}"
    start = csms.mark()
    csms.send({"cmd": "Call", "action": action, "payload": payload, "tag": tag})
    response = csms.wait_for(lambda e: e["event"] == "response" and e.get("tag") == tag, timeout=timeout, start=start)
    assert response["status"] == "result", response
    return response["payload"]


def set_variables(csms, component, values):
    answer = call(
        csms,
        "SetVariables",
        {
            "setVariableData": [
                {"attributeValue": value, "component": {"name": component}, "variable": {"name": name}}
                for name, value in values.items()
            ]
        },
    )
    return [r["attributeStatus"] for r in answer["setVariableResult"]]


def fast_link(csms, attempts=2):
    """Short back-off and few attempts per profile, so fallbacks happen within seconds."""
    statuses = set_variables(
        csms,
        "OCPPCommCtrlr",
        {
            "RetryBackOffWaitMinimum": "1",
            "RetryBackOffRandomRange": "0",
            "RetryBackOffRepeatTimes": "0",
            "NetworkProfileConnectionAttempts": str(attempts),
        },
    )
    assert statuses == ["Accepted"] * 4


def migrate(csms, daemon, slot, url, profile, priority):
    """B09 + B10: SetNetworkProfile in `slot`, NetworkConfigurationPriority, Reset; waits for the exit."""
    answer = call(
        csms,
        "SetNetworkProfile",
        {
            "configurationSlot": slot,
            "connectionData": {
                "ocppVersion": "OCPP20",
                "ocppTransport": "JSON",
                "ocppCsmsUrl": url,
                "messageTimeout": 30,
                "securityProfile": profile,
                "ocppInterface": "Wired0",
            },
        },
    )
    assert answer["status"] == "Accepted", answer
    assert set_variables(csms, "OCPPCommCtrlr", {"NetworkConfigurationPriority": priority}) == ["RebootRequired"]
    assert call(csms, "Reset", {"type": "Immediate"})["status"] == "Accepted"
    daemon.process.wait(timeout=30)


def launch(daemon):
    """Starts chargerd without waiting for it to be accepted (for links that must fail)."""
    daemon.process = subprocess.Popen(
        [
            str(daemon.bin_dir / "chargerd"),
            "--config", str(daemon.board),
            "--csms-url", daemon.csms_url,
            "--state-dir", daemon.state,
            "--control-socket", daemon.socket,
        ],
        cwd=daemon.repo_root,
        stdout=open(daemon.log_path, "a"),
        stderr=subprocess.STDOUT,
    )
    return daemon


def wait_log(daemon, text, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in daemon.log():
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in chargerd's log within {timeout} s: {daemon.log()[-3000:]}")


def assert_no_secrets(daemon, certs=None):
    log = daemon.log()
    for password in (OLD_PASSWORD, NEW_PASSWORD, REFUSED_PASSWORD):
        assert password not in log
    assert "PRIVATE KEY" not in log
    if certs is not None:
        for name in ("client.key", "server.key", "ca.key"):
            body = [line for line in (certs / name).read_text().splitlines() if not line.startswith("-----")]
            assert not any(line in log for line in body if len(line) > 16)


def assert_bundle_has_no_secrets(daemon, certs=None):
    """`chargerctl bundle` of the running daemon: no password set over OCPP or by the board, no key."""
    output = daemon.work / "bundle.tar.gz"
    daemon.ctl("bundle", "-o", str(output), "--log-file", str(daemon.log_path))
    with tarfile.open(output, "r:gz") as archive:
        texts = [archive.extractfile(m).read().decode(errors="replace") for m in archive.getmembers() if m.isfile()]
    assert texts
    secrets = [OLD_PASSWORD, NEW_PASSWORD, REFUSED_PASSWORD, "PRIVATE KEY"]
    if certs is not None:
        secrets += [line for line in (certs / "client.key").read_text().splitlines() if len(line) > 16]
    for text in texts:
        for secret in secrets:
            assert secret not in text


def stop(daemon):
    if daemon.process is not None and daemon.process.poll() is None:
        daemon.stop()


def test_TC_A_19_CS_TC_B_45_CS_profile_1_then_2_then_3_after_reset(
    bin_dir, repo_root, work_dir, certs, peers, password_env
):
    plain = peers("--password", OLD_PASSWORD)
    tls = peers("--password", OLD_PASSWORD, "--tls-cert", certs / "server.pem", "--tls-key", certs / "server.key")
    mutual = peers(
        "--tls-cert", certs / "server.pem", "--tls-key", certs / "server.key", "--client-ca", certs / "ca.pem"
    )
    daemon = Daemon(bin_dir, repo_root, work_dir, plain.url, make_board(repo_root, work_dir, 1, [certs / "ca.pem"]))
    try:
        daemon.start()
        migrate(plain, daemon, 1, tls.url, 2, "1,0")
        daemon.start()
        tls.wait_for(lambda e: e["event"] == "auth" and e["accepted"])
        wait_log(daemon, "ReconfigurationOfSecurityParameters")
        # Once for the whole change (SetNetworkProfile, NetworkConfigurationPriority, reset, first connection on
        # profile 2): the link raises it, SetNetworkProfile does not.
        assert daemon.log().count("type=ReconfigurationOfSecurityParameters") == 1, daemon.log()[-3000:]
        got = call(tls, "GetVariables", {"getVariableData": [
            {"component": {"name": "SecurityCtrlr"}, "variable": {"name": "SecurityProfile"}}]})
        assert got["getVariableResult"][0]["attributeValue"] == "2"

        # A lower profile is refused now (TC_A_22_CS).
        down = call(tls, "SetNetworkProfile", {"configurationSlot": 2, "connectionData": {
            "ocppVersion": "OCPP20", "ocppTransport": "JSON", "ocppCsmsUrl": plain.url, "messageTimeout": 30,
            "securityProfile": 1, "ocppInterface": "Wired0"}})
        assert down["status"] == "Rejected"

        # Profile 3: the station's own certificate and key, placed in its folder, are presented.
        station_folder = work_dir / "state/certificates/ChargingStationCertificate"
        station_folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(certs / "client.pem", station_folder / "certificate.pem")
        shutil.copy(certs / "client.key", station_folder / "key.pem")
        (station_folder / "key.pem").chmod(0o600)
        migrate(tls, daemon, 2, mutual.url, 3, "2,1")
        daemon.start()
        connected = mutual.wait_for(lambda e: e["event"] == "connected")
        assert connected["clientSubject"]["commonName"] == "CS-LINK-01"
        assert_bundle_has_no_secrets(daemon, certs)

        # Never back down: with the profile 3 CSMS gone, the station does not return to profile 2.
        stop(daemon)
        mutual.close()
        mark = tls.mark()
        launch(daemon)
        time.sleep(5)
        assert not any(e["event"] == "connected" for e in tls.lines[mark:])
        assert_no_secrets(daemon, certs)
    finally:
        stop(daemon)


def test_TC_B_46_CS_fallback_when_the_new_endpoint_is_down(
    bin_dir, repo_root, work_dir, peers, password_env, free_port
):
    plain = peers("--password", OLD_PASSWORD)
    daemon = Daemon(bin_dir, repo_root, work_dir, plain.url, make_board(repo_root, work_dir, 1))
    try:
        daemon.start()
        fast_link(plain)
        migrate(plain, daemon, 1, f"ws://127.0.0.1:{free_port}/ocpp", 1, "1,0")
        mark = plain.mark()
        daemon.start()
        plain.wait_for(lambda e: e["event"] == "connected", start=mark)
        log = daemon.log()
        assert log.count(f"127.0.0.1:{free_port}") >= 2
        assert "moving to the next network profile" in log
        assert_no_secrets(daemon)
    finally:
        stop(daemon)


def test_TC_B_46_CS_fallback_when_the_new_endpoint_refuses_the_password(
    bin_dir, repo_root, work_dir, peers, password_env
):
    plain = peers("--password", OLD_PASSWORD)
    other = peers("--password", "some-other-password-42")
    daemon = Daemon(bin_dir, repo_root, work_dir, plain.url, make_board(repo_root, work_dir, 1))
    try:
        daemon.start()
        fast_link(plain)
        migrate(plain, daemon, 1, other.url, 1, "1,0")
        mark = plain.mark()
        daemon.start()
        plain.wait_for(lambda e: e["event"] == "connected", start=mark)
        refusals = [e for e in other.lines if e["event"] == "auth"]
        assert len(refusals) == 2 and not any(e["accepted"] for e in refusals)
        assert "FailedToAuthenticateAtCsms" in daemon.log()
        assert_no_secrets(daemon)
    finally:
        stop(daemon)


def test_TC_A_10_CS_TC_A_09_CS_new_password_refused_then_accepted(
    bin_dir, repo_root, work_dir, peers, password_env
):
    plain = peers("--password", OLD_PASSWORD)
    daemon = Daemon(bin_dir, repo_root, work_dir, plain.url, make_board(repo_root, work_dir, 1))
    try:
        daemon.start()
        # Write-only and 16..40 characters.
        assert set_variables(plain, "SecurityCtrlr", {"BasicAuthPassword": "too-short"}) == ["Rejected"]
        got = call(plain, "GetVariables", {"getVariableData": [
            {"component": {"name": "SecurityCtrlr"}, "variable": {"name": "BasicAuthPassword"}}]})
        assert got["getVariableResult"][0]["attributeStatus"] == "Rejected"
        assert "attributeValue" not in got["getVariableResult"][0]

        # A10: the CSMS refuses the new password; the station goes back to the old one.
        mark = plain.mark()
        assert set_variables(plain, "SecurityCtrlr", {"BasicAuthPassword": REFUSED_PASSWORD}) == ["Accepted"]
        plain.wait_for(lambda e: e["event"] == "auth" and not e["accepted"], start=mark)
        back = plain.wait_for(lambda e: e["event"] == "auth" and e["accepted"], start=mark)
        assert back["index"] == 0
        plain.wait_for(lambda e: e["event"] == "connected", start=mark)

        # A09: the CSMS knows the new password; the station reconnects with it, and keeps it after a restart.
        call_mark = plain.mark()
        plain.send({"cmd": "SetPasswords", "passwords": [OLD_PASSWORD, NEW_PASSWORD]})
        plain.wait_for(lambda e: e["event"] == "response" and e["cmd"] == "SetPasswords", start=call_mark)
        mark = plain.mark()
        assert set_variables(plain, "SecurityCtrlr", {"BasicAuthPassword": NEW_PASSWORD}) == ["Accepted"]
        assert plain.wait_for(lambda e: e["event"] == "auth", start=mark)["index"] == 1
        daemon.stop()
        mark = plain.mark()
        daemon.start()
        assert plain.wait_for(lambda e: e["event"] == "auth", start=mark)["index"] == 1
        assert_no_secrets(daemon)
        assert_bundle_has_no_secrets(daemon)
    finally:
        stop(daemon)


@pytest.fixture
def openssl_server(certs, free_port):
    """`openssl s_server` on a free port with the given options (it sends TLS alerts as OpenSSL does)."""
    started = []

    def start(*options):
        port = free_port
        process = subprocess.Popen(
            ["openssl", "s_server", "-accept", str(port), "-cert", str(certs / "server.pem"),
             "-key", str(certs / "server.key"), *options],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return f"wss://localhost:{port}/ocpp"
            time.sleep(0.1)
        raise AssertionError("openssl s_server did not listen")

    yield start
    for process in started:
        process.kill()
        process.wait()


@pytest.mark.parametrize(
    "server_options, event",
    [
        (("-tls1_1", "-cipher", "ALL:@SECLEVEL=0"), "InvalidTLSVersion"),
        (("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA"), "InvalidTLSCipherSuite"),
    ],
)
def test_A04_tls_failures_raise_their_security_event(
    bin_dir, repo_root, work_dir, certs, openssl_server, password_env, server_options, event
):
    url = openssl_server(*server_options)
    daemon = Daemon(bin_dir, repo_root, work_dir, url, make_board(repo_root, work_dir, 2, [certs / "ca.pem"]))
    try:
        launch(daemon)
        wait_log(daemon, event)
        assert daemon.status()["station"]["registration"] != "Accepted"
        assert_no_secrets(daemon, certs)
    finally:
        stop(daemon)


def test_M05_a_root_in_the_CSMSRootCertificate_folder_is_trusted_by_the_next_connection(
    bin_dir, repo_root, work_dir, certs, peers, password_env
):
    # The server's chain only rogue-ca validates; the board trusts ca.
    other = peers("--tls-cert", certs / "untrusted.pem", "--tls-key", certs / "untrusted.key")
    daemon = Daemon(bin_dir, repo_root, work_dir, other.url, make_board(repo_root, work_dir, 2, [certs / "ca.pem"]))
    try:
        launch(daemon)
        wait_log(daemon, "InvalidCsmsCertificate")
        stop(daemon)
        roots = work_dir / "state/certificates/CSMSRootCertificate"
        roots.mkdir(parents=True, exist_ok=True)
        shutil.copy(certs / "rogue-ca.pem", roots / "installed.pem")
        daemon.start()
        other.wait_for(lambda e: e["event"] == "connected")
        assert_no_secrets(daemon, certs)
    finally:
        stop(daemon)


def test_A02_TC_A_11_CS_a_rotated_certificate_is_presented_on_the_next_connection(
    bin_dir, repo_root, work_dir, certs, peers, password_env
):
    """The whole rotation over the wire: the station connects on profile 3 with the pair it was given,
    makes a key and CSR when the CSMS asks (A02), the test's own openssl CA signs it, CertificateSigned
    installs it, and after a reset the CSMS sees the new certificate (CN = the station id) in the handshake."""
    from test_certificates import make_ca, request_certificate

    operator_ca = make_ca(work_dir / "operator-ca")
    trusted = work_dir / "client-cas.pem"
    trusted.write_text((certs / "ca.pem").read_text() + (operator_ca / "ca.pem").read_text())
    plain = peers("--password", OLD_PASSWORD)
    mutual = peers("--tls-cert", certs / "server.pem", "--tls-key", certs / "server.key", "--client-ca", trusted)
    daemon = Daemon(bin_dir, repo_root, work_dir, plain.url, make_board(repo_root, work_dir, 1, [certs / "ca.pem"]))
    try:
        daemon.start()
        station_folder = work_dir / "state/certificates/ChargingStationCertificate"
        station_folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(certs / "client.pem", station_folder / "certificate.pem")
        shutil.copy(certs / "client.key", station_folder / "key.pem")
        (station_folder / "key.pem").chmod(0o600)
        migrate(plain, daemon, 1, mutual.url, 3, "1,0")
        daemon.start()
        first = mutual.wait_for(lambda e: e["event"] == "connected")
        assert first["clientSubject"]["commonName"] == "CS-LINK-01"

        _, _, answer = request_certificate(mutual, operator_ca, serial=7)
        assert answer["status"] == "Accepted", answer
        mark = mutual.mark()
        assert call(mutual, "Reset", {"type": "Immediate"})["status"] == "Accepted"
        daemon.process.wait(timeout=30)
        daemon.start()
        second = mutual.wait_for(lambda e: e["event"] == "connected", start=mark)
        assert second["clientSubject"]["commonName"] == "CP-SIM-001", second
        assert_no_secrets(daemon, certs)
        secret = [line for line in (station_folder / "key.pem").read_text().splitlines() if len(line) > 16]
        assert not any(line in daemon.log() for line in secret if not line.startswith("-----"))
    finally:
        stop(daemon)


def test_TC_B_50_CS_B10_M05_migrate_to_a_new_csms_whose_root_was_installed_over_ocpp(
    bin_dir, repo_root, work_dir, certs, peers, password_env
):
    """TC_B_50_CS (B10 + M05): on profile 2 with the old CSMS, the CSMS installs a new CSMSRootCertificate
    (InstallCertificate), sets a network profile for a new CSMS whose server certificate only that root
    validates, puts it first in NetworkConfigurationPriority and resets; the station boots at the new CSMS.
    Without the root the same server is refused (test_M05_… above shows the refusal)."""
    old = peers("--password", OLD_PASSWORD, "--tls-cert", certs / "server.pem", "--tls-key", certs / "server.key")
    new = peers("--password", OLD_PASSWORD, "--tls-cert", certs / "untrusted.pem", "--tls-key", certs / "untrusted.key")
    daemon = Daemon(bin_dir, repo_root, work_dir, old.url, make_board(repo_root, work_dir, 2, [certs / "ca.pem"]))
    try:
        daemon.start()
        installed = call(
            old,
            "InstallCertificate",
            {"certificateType": "CSMSRootCertificate", "certificate": (certs / "rogue-ca.pem").read_text()},
        )
        assert installed["status"] == "Accepted", installed
        ids = call(old, "GetInstalledCertificateIds", {"certificateType": ["CSMSRootCertificate"]})
        assert ids["status"] == "Accepted" and len(ids["certificateHashDataChain"]) >= 1, ids
        mark = new.mark()
        migrate(old, daemon, 1, new.url, 2, "1,0")
        daemon.start()
        new.wait_for(lambda e: e["event"] == "connected", start=mark)
        boot = new.wait_for(
            lambda e: e["event"] == "message" and e.get("action") == "BootNotification"
            and e.get("direction") == "in" and e.get("type") == "CALL",
            start=mark,
        )
        assert boot["payload"]["reason"] in ("RemoteReset", "ApplicationReset"), boot
        got = call(new, "GetVariables", {"getVariableData": [
            {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "NetworkConfigurationPriority"}}]})
        assert got["getVariableResult"][0]["attributeValue"] == "1,0"
        assert_no_secrets(daemon, certs)
    finally:
        stop(daemon)
