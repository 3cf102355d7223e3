"""The bench CSMS's WebSocket side: subprotocol ocpp2.0.1 required, optional Basic auth, optional TLS (wss)."""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import subprocess
from pathlib import Path

import pytest
from bench_support import REPO_ROOT, BenchServer
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

BOOT = [2, "boot-1", "BootNotification",
        {"chargingStation": {"model": "probe", "vendorName": "bench-tests"}, "reason": "PowerUp"}]


async def boot(url: str, **options) -> list:
    async with connect(url, subprotocols=["ocpp2.0.1"], open_timeout=10, **options) as ws:
        await ws.send(json.dumps(BOOT))
        return json.loads(await asyncio.wait_for(ws.recv(), 10))


def basic(station: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{station}:{password}".encode()).decode()}


def test_boot_is_accepted_with_interval_30_and_a_station_without_the_subprotocol_is_closed(python, tmp_path):
    server = BenchServer(python, ["--db", str(tmp_path / "b.sqlite")], tmp_path)
    try:
        url = f"ws://127.0.0.1:{server.ws_port}/emart_jeju_05"
        answer = asyncio.run(boot(url))
        assert answer[0] == 3 and answer[1] == "boot-1"
        assert answer[2]["status"] == "Accepted" and answer[2]["interval"] == 30

        async def without_subprotocol():
            async with connect(url, open_timeout=10) as ws:
                await ws.send(json.dumps(BOOT))
                await asyncio.wait_for(ws.recv(), 10)

        # Refused at the handshake (HTTP 400), never served as OCPP.
        with pytest.raises(InvalidStatus) as refused:
            asyncio.run(without_subprotocol())
        assert refused.value.response.status_code == 400
        log = server.get("/api/connections?charger_id=emart_jeju_05")
        assert [row["status"] for row in reversed(log)] == ["connected", "disconnected"]
    finally:
        server.stop()


def test_basic_auth_refuses_a_wrong_password_and_admits_the_right_one(python, tmp_path):
    server = BenchServer(python, ["--db", str(tmp_path / "b.sqlite"), "--basic-auth-password", "s3cret-pass"],
                         tmp_path)
    try:
        url = f"ws://127.0.0.1:{server.ws_port}/emart_jeju_06"
        for headers in ({}, basic("emart_jeju_06", "wrong"), basic("emart_jeju_07", "s3cret-pass")):
            with pytest.raises(InvalidStatus) as refused:
                asyncio.run(boot(url, additional_headers=headers))
            assert refused.value.response.status_code == 401
        assert asyncio.run(boot(url, additional_headers=basic("emart_jeju_06", "s3cret-pass")))[2]["status"] == \
            "Accepted"
        assert "s3cret-pass" not in server.log.read_text()
    finally:
        server.stop()


def test_tls_serves_wss(python, tmp_path):
    pki = tmp_path / "pki"
    subprocess.run(["sh", str(REPO_ROOT / "Tests" / "Peers" / "make_certs.sh"), str(pki)], check=True,
                   capture_output=True)
    server = BenchServer(python, ["--db", str(tmp_path / "b.sqlite"), "--tls-cert", str(pki / "server.pem"),
                                  "--tls-key", str(pki / "server.key")], tmp_path)
    try:
        context = ssl.create_default_context(cafile=str(pki / "ca.pem"))
        answer = asyncio.run(boot(f"wss://localhost:{server.ws_port}/emart_jeju_08", ssl=context))
        assert answer[2]["status"] == "Accepted"
        assert "OCPP 2.0.1 server: wss://" in Path(server.log).read_text()
    finally:
        server.stop()
