#!/usr/bin/env python3
"""A scriptable WebSocket server used as the CSMS end in the OCPPWebSocket tests.

Binds 127.0.0.1 (port 0 unless --port) and prints one JSON object per line on stdout:
  {"event":"listening","port":N}                      first line, once the socket is bound
  {"event":"request","path":..,"subprotocols":[..],"authorization":..,"host":..,"client_subject":..}
  {"event":"rejected","status":N,"why":..}            handshake answered with an HTTP error
  {"event":"stalled","connection":N}                  upgrade request left unanswered (--script stall)
  {"event":"connected","path":..,"subprotocol":..,"connection":N}
  {"event":"message","text":..,"connection":N}
  {"event":"binary","length":N,"connection":N}
  {"event":"ping","data":"<hex>","answered":bool,"connection":N}
  {"event":"pong","connection":N}                     answer to our --ping-client ping
  {"event":"closed","code":N,"reason":..,"connection":N}

Exits on SIGTERM or when its stdin is closed.

Options:
  --subprotocol ocpp2.0.1|none|other   what to answer in Sec-WebSocket-Protocol (default ocpp2.0.1)
  --basic-auth user:pass               require this Basic authorization (401 otherwise)
  --tls cert.pem key.pem               serve wss
  --require-client-cert ca.pem         require a client certificate signed by this CA
  --tls-max 1.1                        only speak TLS 1.0/1.1
  --no-pong                            do not answer pings
  --echo                               echo each text message
  --send-binary                        send a binary frame right after accepting
  --ping-client                        ping the client right after accepting
  --script a,b,..                      per-connection action: accept | reject (HTTP 503) | close
                                       (accept, then close with 1000) | stall (never answer the
                                       upgrade request); after the list: accept
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import threading
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import Opcode


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--subprotocol", choices=["ocpp2.0.1", "none", "other"], default="ocpp2.0.1")
    p.add_argument("--basic-auth")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--require-client-cert", metavar="CA")
    p.add_argument("--tls-max", choices=["1.1"])
    p.add_argument("--no-pong", action="store_true")
    p.add_argument("--echo", action="store_true")
    p.add_argument("--send-binary", action="store_true")
    p.add_argument("--ping-client", action="store_true")
    p.add_argument("--script", default="")
    return p.parse_args()


ARGS = parse_args()
SCRIPT = [step for step in ARGS.script.split(",") if step]
COUNTER = {"requests": 0}


def subject_of(connection):
    ssl_object = connection.transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    cert = ssl_object.getpeercert()
    if not cert:
        return None
    parts = []
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            parts.append(f"{key}={value}")
    return ",".join(parts)


class PeerConnection(ServerConnection):
    """Reports pings and, with --no-pong, swallows them instead of answering."""

    def __init__(self, protocol, *args, **kwargs):
        super().__init__(protocol, *args, **kwargs)
        original = protocol.recv_frame
        self.number = 0

        def recv_frame(frame):
            if frame.opcode is Opcode.PING:
                emit("ping", data=frame.data.hex(), answered=not ARGS.no_pong, connection=self.number)
                if ARGS.no_pong:
                    return
            original(frame)

        protocol.recv_frame = recv_frame


def select_subprotocol(connection, offered):
    if ARGS.subprotocol == "ocpp2.0.1" and "ocpp2.0.1" in offered:
        return "ocpp2.0.1"
    return None


async def process_request(connection, request):
    COUNTER["requests"] += 1
    connection.number = COUNTER["requests"]
    connection.action = SCRIPT.pop(0) if SCRIPT else "accept"
    offered = request.headers.get_all("Sec-WebSocket-Protocol")
    emit(
        "request",
        path=request.path,
        subprotocols=[p.strip() for value in offered for p in value.split(",")],
        authorization=request.headers.get("Authorization"),
        host=request.headers.get("Host"),
        client_subject=subject_of(connection),
        connection=connection.number,
    )
    if ARGS.basic_auth is not None:
        import base64

        expected = "Basic " + base64.b64encode(ARGS.basic_auth.encode()).decode()
        if request.headers.get("Authorization") != expected:
            emit("rejected", status=401, why="basic auth mismatch", connection=connection.number)
            response = connection.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")
            response.headers["WWW-Authenticate"] = 'Basic realm="ocpp"'
            return response
    if connection.action == "stall":
        emit("stalled", connection=connection.number)
        await asyncio.sleep(3600)
    if connection.action == "reject":
        emit("rejected", status=503, why="script", connection=connection.number)
        return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "Try later\n")
    return None


def process_response(connection, request, response):
    if ARGS.subprotocol == "other" and response.status_code == 101:
        response.headers["Sec-WebSocket-Protocol"] = "ocpp1.6"
    return None


async def handler(connection):
    emit("connected", path=connection.request.path, subprotocol=connection.subprotocol, connection=connection.number)
    try:
        if ARGS.send_binary:
            await connection.send(b"\x00\x01binary")
        if ARGS.ping_client:
            waiter = await connection.ping(b"peer-ping")
            await asyncio.wait_for(waiter, 5)
            emit("pong", connection=connection.number)
        if connection.action == "close":
            await connection.close(1000, "scripted close")
        else:
            async for message in connection:
                if isinstance(message, str):
                    emit("message", text=message, connection=connection.number)
                    if ARGS.echo:
                        await connection.send(message)
                else:
                    emit("binary", length=len(message), connection=connection.number)
    except ConnectionClosed:
        pass
    except asyncio.TimeoutError:
        emit("pong_timeout", connection=connection.number)
    emit("closed", code=connection.close_code, reason=connection.close_reason, connection=connection.number)


def make_ssl_context():
    if ARGS.tls is None:
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
    if ARGS.require_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(ARGS.require_client_cert)
    if ARGS.tls_max == "1.1":
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    return ctx


async def main():
    async with serve(
        handler,
        "127.0.0.1",
        ARGS.port,
        subprotocols=None,
        select_subprotocol=select_subprotocol,
        process_request=process_request,
        process_response=process_response,
        ssl=make_ssl_context(),
        ping_interval=None,
        compression=None,
        create_connection=PeerConnection,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        emit("listening", port=port)
        await asyncio.Future()


def exit_when_stdin_closes():
    """The test keeps our stdin open; when it goes away (even killed), so do we."""
    while sys.stdin.buffer.read(1024):
        pass
    os._exit(0)


if __name__ == "__main__":
    # A parent that spawns us from a thread with signals blocked would make SIGTERM ineffective.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
