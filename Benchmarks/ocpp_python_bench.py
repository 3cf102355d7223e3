#!/usr/bin/env python3
"""The Python side of the codec benchmark: the `ocpp` library (mobilityhouse) on the same payloads.

Usage: ocpp_python_bench.py --payloads DIR [--seconds S] [--warmup S] [--async]

DIR holds <Message>.json files written by `OCPPCodecBenchmark --dump-payloads DIR`, so both sides
measure byte-identical payloads. Work per message: json.dumps -> json.loads -> the library's own
OCPP 2.0.1 schema validation of an incoming Call (ocpp.messages.validate_payload).

validate_payload is a coroutine that, with the library's default ASYNC_VALIDATION, hands the check to
a thread-pool executor. By default this script calls the synchronous check it runs there
(ocpp.messages._validate_payload: the same cached validator, the same payload), so the figure is the
cost of the work itself; --async measures the full coroutine, executor hop included.

Prints one `RESULT <name> <messages/s> <iterations> <seconds> <bytes>` line per message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time

from ocpp.messages import Call, _validate_payload, validate_payload

OCPP_VERSION = "2.0.1"
MESSAGES = ("TransactionEventRequest", "MeterValuesRequest")


def load_payloads(directory: str) -> dict[str, dict]:
    payloads = {}
    for name in MESSAGES:
        path = os.path.join(directory, f"{name}.json")
        try:
            with open(path, encoding="utf-8") as handle:
                payloads[name] = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            sys.exit(f"ocpp_python_bench: cannot read {path}: {error}")
    return payloads


def round_trip(action: str, payload: dict) -> int:
    text = json.dumps(payload, separators=(",", ":"))
    call = Call(unique_id="bench-1", action=action, payload=json.loads(text))
    _validate_payload(call, OCPP_VERSION)
    return len(text)


async def round_trip_async(action: str, payload: dict) -> int:
    text = json.dumps(payload, separators=(",", ":"))
    call = Call(unique_id="bench-1", action=action, payload=json.loads(text))
    await validate_payload(call, OCPP_VERSION)
    return len(text)


def measure(action: str, payload: dict, seconds: float) -> tuple[int, float]:
    iterations = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(64):
            round_trip(action, payload)
        iterations += 64
        now = time.perf_counter()
        if now >= deadline:
            return iterations, now - start


async def measure_async(action: str, payload: dict, seconds: float) -> tuple[int, float]:
    iterations = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(64):
            await round_trip_async(action, payload)
        iterations += 64
        now = time.perf_counter()
        if now >= deadline:
            return iterations, now - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", required=True, help="directory written by OCPPCodecBenchmark --dump-payloads")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--async", dest="use_async", action="store_true", help="measure the validate_payload coroutine")
    args = parser.parse_args()

    payloads = load_payloads(args.payloads)
    for name, payload in payloads.items():
        action = name.removesuffix("Request")
        # The payload must be valid, or we would be timing the error path.
        round_trip(action, payload)
        size = len(json.dumps(payload, separators=(",", ":")))
        if args.use_async:
            if args.warmup > 0:
                asyncio.run(measure_async(action, payload, args.warmup))
            iterations, elapsed = asyncio.run(measure_async(action, payload, args.seconds))
        else:
            if args.warmup > 0:
                measure(action, payload, args.warmup)
            iterations, elapsed = measure(action, payload, args.seconds)
        print(f"RESULT {name} {int(iterations / elapsed)} {iterations} {elapsed:.3f} {size}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
