"""A02 against the real chargerd: the bench-like Python CSMS triggers SignChargingStationCertificate, the station
sends a CSR made on the device, the test signs it with an openssl CA it runs, sends CertificateSigned, and checks
the files on disk (key 0600 and matching the certificate), that no key material reaches the daemon's log or a
support bundle, and that a kill -9 right after CertificateSigned leaves a matching key and certificate."""

import os
import signal
import stat
import subprocess
import tarfile

from test_bundle import read_bundle


def openssl(*args, cwd, text_input=None):
    result = subprocess.run(
        ["openssl", *args], cwd=cwd, input=text_input, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"openssl {' '.join(args)}: {result.stderr}"
    return result.stdout


def make_ca(folder):
    folder.mkdir(parents=True, exist_ok=True)
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key", cwd=folder)
    openssl(
        "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "2", "-subj", "/O=Test CSO/CN=Test CSO CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", "ca.pem", cwd=folder,
    )
    return folder


def sign(ca, csr_pem, serial):
    (ca / "station.csr").write_text(csr_pem)
    subject = openssl("req", "-in", "station.csr", "-noout", "-verify", "-subject", cwd=ca)
    (ca / "leaf.ext").write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n")
    openssl(
        "x509", "-req", "-in", "station.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", str(serial),
        "-sha256", "-days", "1", "-extfile", "leaf.ext", "-out", "station.pem", cwd=ca,
    )
    return subject, (ca / "station.pem").read_text() + (ca / "ca.pem").read_text()


def request_certificate(csms, ca, serial=1):
    """TriggerMessage → SignCertificate (answered Accepted by the peer) → CertificateSigned; the answer."""
    mark = csms.mark()
    csms.send({"cmd": "Call", "action": "TriggerMessage",
               "payload": {"requestedMessage": "SignChargingStationCertificate"}, "tag": "trigger"})
    trigger = csms.wait_for(lambda e: e["event"] == "response" and e.get("tag") == "trigger", start=mark)
    assert trigger["payload"]["status"] == "Accepted"
    request = csms.wait_for(
        lambda e: e["event"] == "message" and e["direction"] == "in" and e["type"] == "CALL"
        and e["action"] == "SignCertificate", start=mark, timeout=60,
    )
    assert request["payload"]["certificateType"] == "ChargingStationCertificate"
    subject, chain = sign(ca, request["payload"]["csr"], serial)
    mark = csms.mark()
    csms.send({"cmd": "Call", "action": "CertificateSigned",
               "payload": {"certificateChain": chain, "certificateType": "ChargingStationCertificate"},
               "tag": "signed"})
    answer = csms.wait_for(lambda e: e["event"] == "response" and e.get("tag") == "signed", start=mark)
    return subject, chain, answer["payload"]


def public_key_of_key(path, cwd):
    return openssl("pkey", "-in", str(path), "-pubout", cwd=cwd)


def public_key_of_certificate(path, cwd):
    return openssl("x509", "-in", str(path), "-noout", "-pubkey", cwd=cwd)


def key_lines(path):
    return [line for line in path.read_text().splitlines() if line and not line.startswith("-----")]


def test_A02_TC_A_11_CS_csr_made_on_the_station_is_signed_and_installed(daemon, csms, work_dir, repo_root):
    ca = make_ca(work_dir / "ca")
    daemon.start()
    try:
        subject, chain, answer = request_certificate(csms, ca)
        assert answer["status"] == "Accepted"
        assert "CN = CP-SIM-001" in subject or "CN=CP-SIM-001" in subject
        folder = work_dir / "state" / "certificates" / "ChargingStationCertificate"
        key, certificate = folder / "key.pem", folder / "certificate.pem"
        assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(certificate).st_mode) == 0o644
        assert not (folder / "pending-key.pem").exists()
        assert public_key_of_key(key, work_dir) == public_key_of_certificate(certificate, work_dir)
        assert certificate.read_text().count("BEGIN CERTIFICATE") == 2  # the chain as the CSMS sent it
        # The support bundle, made while the daemon runs, holds no line of the key.
        output = work_dir / "bundle.tar.gz"
        daemon.ctl("bundle", "-o", str(output), "--config", str(repo_root / "BoardConfigs/simulator.yaml"),
                   "--log-file", str(daemon.log_path))
        files = read_bundle(output)
        secret = key_lines(key)
    finally:
        daemon.stop()
    log = daemon.log()
    assert "SignCertificate" in log or "CertificateSigned" in log, log[-2000:]
    for line in secret:
        assert line not in log, "a line of the station key is in chargerd's log"
        for name, text in files.items():
            assert line not in text, f"a line of the station key is in the bundle's {name}"
    assert "PRIVATE KEY" not in log
    with tarfile.open(output) as archive:
        assert not any("key" in member.name for member in archive.getmembers())


def test_A02_kill_9_right_after_CertificateSigned_leaves_a_matching_key_and_certificate(daemon, csms, work_dir):
    ca = make_ca(work_dir / "ca")
    daemon.start()
    folder = work_dir / "state" / "certificates" / "ChargingStationCertificate"
    _, _, first = request_certificate(csms, ca, serial=1)
    assert first["status"] == "Accepted"
    old_key = (folder / "key.pem").read_text()
    _, _, second = request_certificate(csms, ca, serial=2)
    # Killed the moment the answer is out: the answer means both files are on disk together.
    daemon.process.send_signal(signal.SIGKILL)
    daemon.process.wait()
    assert second["status"] == "Accepted"
    key, certificate = folder / "key.pem", folder / "certificate.pem"
    assert key.read_text() != old_key  # the new pair, not the old one
    assert public_key_of_key(key, work_dir) == public_key_of_certificate(certificate, work_dir)
    assert openssl("x509", "-in", str(certificate), "-noout", "-serial", cwd=work_dir).strip() == "serial=02"
    leftovers = sorted(os.listdir(folder))
    assert leftovers == ["certificate.pem", "key.pem"], leftovers
    # And the daemon starts again on that state directory with the pair intact.
    daemon.start()
    daemon.stop()
    assert public_key_of_key(key, work_dir) == public_key_of_certificate(certificate, work_dir)
