"""A small Python stand-in for `chargerctl` (status and sim plug/unplug) that talks to `pysim`'s socket."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from typing import Any


def request(path: str, cmd: str, station: str | None, args: dict[str, Any]) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        message: dict[str, Any] = {"id": 1, "cmd": cmd, "args": args}
        if station:
            message["station"] = station
        sock.sendall((json.dumps(message) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="charger_bench pyctl")
    p.add_argument("--socket", default=os.environ.get("CHARGERD_SOCKET", "/run/chargerd/control.sock"))
    p.add_argument("--station")
    sub = p.add_subparsers(dest="command", required=True)
    status = sub.add_parser("status")
    status.add_argument("--json", action="store_true")
    sim = sub.add_parser("sim")
    sim.add_argument("action", choices=["plug", "unplug", "fault", "clear"])
    sim.add_argument("kind", nargs="?", help="the fault kind (sim fault KIND)")
    sim.add_argument("--evse", type=int, default=1)
    sim.add_argument("--max-power-kw", type=float)
    sim.add_argument("--phases", type=int)
    args = p.parse_args(argv)
    if args.command == "status":
        answer = request(args.socket, "status", args.station, {})
    else:
        payload: dict[str, Any] = {"action": args.action, "evse": args.evse}
        if args.kind is not None:
            payload["kind"] = args.kind
        if args.max_power_kw is not None:
            payload["maxPowerKW"] = args.max_power_kw
        answer = request(args.socket, "sim", args.station, payload)
    if not answer.get("ok"):
        print(f"error: {answer.get('error', {}).get('message')}", file=sys.stderr)
        return 1
    print(json.dumps(answer["result"]))
    return 0
