#!/usr/bin/env python3
"""A light OCPP 2.0.1 CSMS for charger-sim scale runs: thousands of stations on one loopback port.

It answers what a station sends with the smallest valid answer (no schema validation: the `ocpp`
library's checks would make the CSMS, not the simulator, the bottleneck) and keeps, per station, when
each Heartbeat and each periodic TransactionEvent(Updated) arrived. After boot it sets the station's
SampledDataCtrlr.TxUpdatedInterval (after its first StatusNotification, once it is Accepted) so meter
values come often enough to measure.

Prints one JSON line on stdout when listening ({"event":"listening","port":N}); on SIGTERM/SIGINT, or
when --duration passes, writes the summary (--summary FILE, JSON) and exits.

Options: --port N (0: any), --interval S (heartbeat, default 30), --meter-interval S (default 15),
--tolerance S (how late still counts as on time, default 2), --summary FILE, --duration S.
"""

import argparse
import asyncio
import json
import signal
import sys
import time
import uuid
from datetime import datetime, timezone

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--interval", type=int, default=30)
    p.add_argument("--meter-interval", type=int, default=15)
    p.add_argument("--tolerance", type=float, default=2.0)
    p.add_argument("--summary")
    p.add_argument("--duration", type=float)
    return p.parse_args()


ARGS = parse_args()


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Station:
    __slots__ = ("connected_at", "boot_at", "heartbeats", "updates", "transactions", "messages", "configured",
                 "set_answers")

    def __init__(self):
        self.connected_at = time.monotonic()
        self.boot_at = None
        self.heartbeats = []
        self.updates = {}  # transactionId -> [monotonic times of periodic Updated events]
        self.transactions = 0
        self.messages = 0
        self.configured = False
        self.set_answers = []


STATIONS = {}
COUNTS = {"connections": 0, "open": 0, "max_open": 0, "calls": 0}
ACCEPTED = {"idTokenInfo": {"status": "Accepted"}}


def answer(station, action, payload):
    if action == "BootNotification":
        station.boot_at = time.monotonic()
        return {"currentTime": now_iso(), "interval": ARGS.interval, "status": "Accepted"}
    if action == "Heartbeat":
        station.heartbeats.append(time.monotonic())
        return {"currentTime": now_iso()}
    if action == "Authorize":
        return ACCEPTED
    if action == "TransactionEvent":
        event = payload.get("eventType")
        tx = payload.get("transactionInfo", {}).get("transactionId", "?")
        if event == "Started":
            station.transactions += 1
        if event == "Updated" and payload.get("triggerReason") == "MeterValuePeriodic":
            station.updates.setdefault(tx, []).append(time.monotonic())
        return ACCEPTED if "idToken" in payload else {}
    return {}


async def handler(connection):
    station_id = connection.request.path.rstrip("/").rsplit("/", 1)[-1]
    station = STATIONS.setdefault(station_id, Station())
    COUNTS["connections"] += 1
    COUNTS["open"] += 1
    COUNTS["max_open"] = max(COUNTS["max_open"], COUNTS["open"])
    try:
        async for raw in connection:
            try:
                frame = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(frame, list) or not frame:
                continue
            station.messages += 1
            if frame[0] == 3 and len(frame) >= 3 and isinstance(frame[2], dict) and "setVariableResult" in frame[2]:
                station.set_answers.extend(r.get("attributeStatus") for r in frame[2]["setVariableResult"])
            elif frame[0] == 4:
                station.set_answers.append("CALLERROR")
            if frame[0] == 2 and len(frame) >= 4:
                COUNTS["calls"] += 1
                _, message_id, action, payload = frame[:4]
                await connection.send(json.dumps([3, message_id, answer(station, action, payload)]))
                # After the first StatusNotification the station is Accepted and takes requests.
                if action == "StatusNotification" and ARGS.meter_interval and not station.configured:
                    station.configured = True
                    request = {
                        "setVariableData": [
                            {
                                "attributeValue": str(ARGS.meter_interval),
                                "component": {"name": "SampledDataCtrlr"},
                                "variable": {"name": "TxUpdatedInterval"},
                            }
                        ]
                    }
                    await connection.send(json.dumps([2, str(uuid.uuid4()), "SetVariables", request]))
    except ConnectionClosed:
        pass
    finally:
        COUNTS["open"] -= 1


def gaps(times):
    return [b - a for a, b in zip(times, times[1:])]


def summary():
    heartbeat_gaps = [g for s in STATIONS.values() for g in gaps(s.heartbeats)]
    meter_gaps = [g for s in STATIONS.values() for times in s.updates.values() for g in gaps(times)]
    booted = [s for s in STATIONS.values() if s.boot_at is not None]

    def share(values, limit):
        return round(sum(1 for v in values if v <= limit) / len(values), 4) if values else None

    def percentile(values, q):
        if not values:
            return None
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {
        "stations": len(STATIONS),
        "booted": len(booted),
        "connections": COUNTS["connections"],
        "maxOpen": COUNTS["max_open"],
        "open": COUNTS["open"],
        "calls": COUNTS["calls"],
        "transactions": sum(s.transactions for s in STATIONS.values()),
        "heartbeatInterval": ARGS.interval,
        "heartbeatGaps": len(heartbeat_gaps),
        "heartbeatOnTime": share(heartbeat_gaps, ARGS.interval + ARGS.tolerance),
        "heartbeatGapP50": percentile(heartbeat_gaps, 0.5),
        "heartbeatGapP99": percentile(heartbeat_gaps, 0.99),
        "heartbeatGapMax": percentile(heartbeat_gaps, 1.0),
        "meterIntervalAccepted": sum(1 for s in STATIONS.values() if "Accepted" in s.set_answers),
        "meterInterval": ARGS.meter_interval,
        "meterGaps": len(meter_gaps),
        "meterOnTime": share(meter_gaps, ARGS.meter_interval + ARGS.tolerance),
        "meterGapP50": percentile(meter_gaps, 0.5),
        "meterGapP99": percentile(meter_gaps, 0.99),
        "meterGapMax": percentile(meter_gaps, 1.0),
    }


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(
        handler, "127.0.0.1", ARGS.port, subprotocols=["ocpp2.0.1"], ping_interval=None, backlog=4096,
        compression=None, max_queue=64,
    ) as server:
        print(json.dumps({"event": "listening", "port": server.sockets[0].getsockname()[1]}), flush=True)
        if ARGS.duration:
            try:
                await asyncio.wait_for(stop.wait(), ARGS.duration)
            except asyncio.TimeoutError:
                pass
        else:
            await stop.wait()
    result = summary()
    text = json.dumps(result, indent=1)
    if ARGS.summary:
        with open(ARGS.summary, "w") as handle:
            handle.write(text + "\n")
    print(json.dumps({"event": "summary", **result}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
