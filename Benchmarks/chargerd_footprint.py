#!/usr/bin/env python3
"""chargerd's footprint against a loopback CSMS: start -> BootNotification, idle RSS, idle CPU.

Starts a minimal OCPP 2.0.1 CSMS (websockets, smallest valid answers, no schema validation, so the CSMS
adds nothing measurable) on 127.0.0.1, then:
  * --boots N times: spawns chargerd on a fresh state directory and measures the time from just before
    the spawn to the moment the CSMS receives the BootNotification frame (both on this process's
    monotonic clock). The process is stopped with SIGTERM after each boot.
  * once more: lets chargerd boot and settle (--settle S), reads VmRSS/VmHWM from /proc, then measures
    the CPU time it uses over --idle S seconds (utime+stime from /proc/<pid>/stat) as a % of one core.
Prints a JSON object on stdout and a readable summary on stderr.

Usage: chargerd_footprint.py --binary PATH --board FILE [--boots N] [--settle S] [--idle S]
                             [--resident-by-module]
"""

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CSMS:
    """Answers every CALL with the smallest valid answer; records when BootNotification arrived."""

    def __init__(self):
        self.boot_at = None
        self.boot_event = asyncio.Event()
        self.messages = 0

    async def handler(self, connection):
        try:
            await self.answer(connection)
        except ConnectionClosed:
            pass  # chargerd stopping (SIGTERM) closes with 1001

    async def answer(self, connection):
        async for raw in connection:
            received = time.monotonic()
            self.messages += 1
            message = json.loads(raw)
            if message[0] != 2:
                continue
            _, message_id, action, _payload = message
            if action == "BootNotification":
                if self.boot_at is None:
                    self.boot_at = received
                    self.boot_event.set()
                answer = {"currentTime": now_iso(), "interval": 30, "status": "Accepted"}
            elif action == "Heartbeat":
                answer = {"currentTime": now_iso()}
            elif action in ("Authorize",):
                answer = {"idTokenInfo": {"status": "Accepted"}}
            else:
                answer = {}
            await connection.send(json.dumps([3, message_id, answer]))

    def reset(self):
        self.boot_at = None
        self.boot_event = asyncio.Event()


def process_figures(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
                fields[key] = int(value.split()[0])
    return fields


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as stat:
        parts = stat.read().rsplit(")", 1)[1].split()
    return int(parts[11]) + int(parts[12])  # utime, stime (fields 14 and 15)


async def spawn(args, port, state_dir):
    command = [
        args.binary,
        "--config",
        args.board,
        "--csms-url",
        f"ws://127.0.0.1:{port}/ocpp",
        "--state-dir",
        state_dir,
        "--log-level",
        "warning",
    ]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return started, process


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--boots", type=int, default=5)
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument(
        "--resident-by-module", action="store_true", help="split the binary's resident pages by owner (root)"
    )
    args = parser.parse_args()

    csms = CSMS()
    async with serve(csms.handler, "127.0.0.1", 0, subprotocols=["ocpp2.0.1"]) as server:
        port = server.sockets[0].getsockname()[1]
        boot_ms = []
        with tempfile.TemporaryDirectory(prefix="chargerd-footprint-") as scratch:
            for run in range(args.boots + 1):
                csms.reset()
                started, process = await spawn(args, port, os.path.join(scratch, f"state-{run}"))
                try:
                    await asyncio.wait_for(csms.boot_event.wait(), timeout=30)
                except asyncio.TimeoutError:
                    stop(process)
                    sys.exit(f"chargerd sent no BootNotification within 30 s (exit status {process.poll()})")
                boot_ms.append((csms.boot_at - started) * 1000)
                if run < args.boots:
                    stop(process)
                    continue
                # The last run stays up for the memory and CPU figures.
                await asyncio.sleep(args.settle)
                memory = process_figures(process.pid)
                resident = None
                if args.resident_by_module:
                    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
                    import binary_size_by_module as sizes

                    resident, _, _ = sizes.resident_by_group(process.pid, args.binary, sizes.symbols(args.binary))
                ticks_before, wall_before = cpu_ticks(process.pid), time.monotonic()
                await asyncio.sleep(args.idle)
                ticks_after, wall_after = cpu_ticks(process.pid), time.monotonic()
                memory_after = process_figures(process.pid)
                stop(process)
        hz = os.sysconf("SC_CLK_TCK")
        cpu_percent = (ticks_after - ticks_before) / hz / (wall_after - wall_before) * 100
        measured = boot_ms[: args.boots] or boot_ms
        result = {
            "boot_ms_median": round(statistics.median(measured), 1),
            "boot_ms_min": round(min(measured), 1),
            "boot_ms_max": round(max(measured), 1),
            "boots": len(measured),
            "rss_kb_after_boot": memory["VmRSS"],
            "rss_anon_kb": memory.get("RssAnon"),
            "rss_file_kb": memory.get("RssFile"),
            "rss_kb_after_idle": memory_after["VmRSS"],
            "peak_rss_kb": memory_after["VmHWM"],
            "threads": memory.get("Threads"),
            "idle_seconds": args.idle,
            "idle_cpu_percent": round(cpu_percent, 3),
            "csms_messages": csms.messages,
        }
        if resident is not None:
            result["resident_groups"] = {name: round(size) for name, size in resident.items()}
    print(json.dumps(result))
    print(
        f"start -> BootNotification: median {result['boot_ms_median']} ms "
        f"(min {result['boot_ms_min']}, max {result['boot_ms_max']}, {result['boots']} starts)\n"
        f"idle RSS after boot: {memory['VmRSS'] / 1024:.1f} MB (anon {memory.get('RssAnon', 0) / 1024:.1f}, "
        f"file {memory.get('RssFile', 0) / 1024:.1f}); after {args.idle:g} s idle: "
        f"{memory_after['VmRSS'] / 1024:.1f} MB; peak {memory_after['VmHWM'] / 1024:.1f} MB; "
        f"{memory.get('Threads')} threads\n"
        f"idle CPU over {args.idle:g} s: {cpu_percent:.3f} % of one core",
        file=sys.stderr,
    )


if __name__ == "__main__":
    asyncio.run(main())
