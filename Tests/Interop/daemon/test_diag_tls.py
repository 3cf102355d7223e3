"""chargerctl diag through TLS: a wss:// CSMS with a self-signed certificate (openssl CLI), trusted via
csms.trustRoots (TLS and WebSocket checks pass) or not (the TLS check fails with its hint)."""

import asyncio
import json
import shutil
import ssl
import subprocess
import threading

import pytest
from websockets.asyncio.server import serve


def make_certificate(directory, name):
    key, cert = directory / f"{name}-key.pem", directory / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


class TLSServer:
    """A wss server on localhost that accepts the ocpp2.0.1 upgrade and then idles."""

    def __init__(self, cert, key):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = None
        self.paths = []
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=10)

    async def _handler(self, connection):
        self.paths.append((connection.request.path, connection.subprotocol))
        try:
            await connection.wait_closed()
        except Exception:
            pass

    async def _start(self):
        self.server = await serve(self._handler, "127.0.0.1", 0, ssl=self.context, subprotocols=["ocpp2.0.1"])
        self.port = self.server.sockets[0].getsockname()[1]

    def close(self):
        async def stop():
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def tls_csms(work_dir):
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make a test certificate (Debian: openssl)")
    cert, key = make_certificate(work_dir, "csms")
    server = TLSServer(cert, key)
    yield server, cert
    server.close()


def tls_board(repo_root, work_dir, port, trust_root):
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    text = text.replace(
        "  url: ws://127.0.0.1:9000/ocpp",
        f"  url: wss://localhost:{port}/ocpp\n  password: {{env: TEST_CSMS_PASSWORD}}\n  trustRoots: [{trust_root}]",
    ).replace("securityProfile: 0", "securityProfile: 2")
    board = work_dir / "tls-board.yaml"
    board.write_text(text)
    (work_dir / "state").mkdir(exist_ok=True)
    return board


def run_diag(ctl, work_dir, board):
    result = ctl(["--socket", str(work_dir / "absent.sock"), "diag", "--json", "--config", str(board),
                  "--state-dir", str(work_dir / "state")], check=False)
    return result.returncode, {c["id"]: c for c in json.loads(result.stdout)["checks"]}


def test_a_trusted_tls_csms_passes_tls_and_the_upgrade(ctl, repo_root, work_dir, tls_csms):
    server, cert = tls_csms
    code, checks = run_diag(ctl, work_dir, tls_board(repo_root, work_dir, server.port, cert))
    assert checks["csms.tls"]["status"] == "pass", checks["csms.tls"]
    assert checks["csms.websocket"]["status"] == "pass", checks["csms.websocket"]
    assert code == 0, [c for c in checks.values() if c["status"] != "pass"]
    assert server.paths == [("/ocpp/CP-SIM-001", "ocpp2.0.1")]


def test_an_untrusted_certificate_fails_the_tls_check_with_its_hint(ctl, repo_root, work_dir, tls_csms):
    server, _ = tls_csms
    other, _ = make_certificate(work_dir, "other-root")
    code, checks = run_diag(ctl, work_dir, tls_board(repo_root, work_dir, server.port, other))
    assert code == 1
    assert checks["csms.tcp"]["status"] == "pass"
    assert checks["csms.tls"]["status"] == "fail" and "trustRoots" in checks["csms.tls"]["hint"]
    assert checks["csms.websocket"]["status"] == "fail" and "not tried" in checks["csms.websocket"]["detail"]
    assert server.paths == []


def test_a_client_certificate_close_to_expiry_is_a_warning_not_a_failure(ctl, repo_root, work_dir, tls_csms):
    server, cert = tls_csms
    client_cert, client_key = make_certificate(work_dir, "station")  # valid for 2 days
    board = tls_board(repo_root, work_dir, server.port, cert)
    text = board.read_text().replace("securityProfile: 2", "securityProfile: 3").replace(
        "  password: {env: TEST_CSMS_PASSWORD}\n",
        f"  clientCertificate: {{certificate: {client_cert}, privateKey: {client_key}}}\n",
    )
    board.write_text(text)
    code, checks = run_diag(ctl, work_dir, board)
    assert checks["certificate"]["status"] == "warn", checks["certificate"]
    assert "expires in 1 day(s)" in checks["certificate"]["detail"] and "renew" in checks["certificate"]["hint"]
    assert checks["csms.tls"]["status"] == "pass"
    assert code == 0  # a warning alone does not fail diag
