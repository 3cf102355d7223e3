#!/usr/bin/env python3
"""Measures which of chargerd's functions run, and writes the linker script that places them together.

Runs the release chargerd under callgrind against a minimal loopback CSMS through the life a charger has: boot,
idle with heartbeats, `chargerctl status`, a local session (plug, card, charging, unplug), `diag`, `meter read`,
idle again, SIGTERM. Every instruction address callgrind saw executed in the binary is mapped, through the lld
map of that same link, to the input section (object file + function section) it lies in. The script lists those
sections as one output section `.text.hot` inserted before `.text`: first what ran during boot and the first idle
minute (callgrind dumps its profile there), then what only the later phases ran. Idle RSS counts every page the
kernel maps around a page fault (fault-around, 64 KB), so boot-and-idle code packed together keeps the pages of
session and chargerctl code out of a charger that idles.

Usage: chargerd_layout.py --binary CHARGERD --map LLD.MAP --chargerctl CHARGERCTL --out SCRIPT.ld
       (Benchmarks/chargerd_layout.sh builds both and calls this)
"""

import argparse
import asyncio
import bisect
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chargerd_footprint import CSMS  # noqa: E402  (the same minimal CSMS the footprint is measured against)
from websockets.asyncio.server import serve  # noqa: E402

MAP_LINE = re.compile(r"^\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(.*)$")
# valgrind 3.19 does not attribute code outside `.text` to its binary: once chargerd has a `.text.hot`, its
# functions appear under this object name (with their right names and addresses).
OBJECT_UNKNOWN = "???"
ARCHIVE_MEMBER = re.compile(r"^(?:.*/)?([^/]+\.a)\((.+)\)$")


def text_input_sections(map_path):
    """[(address, size, object, section)] of every input section lld placed in an executable output section."""
    sections, output = [], None
    with open(map_path) as lines:
        for line in lines:
            match = MAP_LINE.match(line)
            if not match:
                continue
            address, size, indent, rest = int(match[1], 16), int(match[2], 16), len(match[3]), match[4]
            if indent == 0:
                output = rest
            elif indent == 8 and output in (".text", ".text.hot") and size and ":(" in rest:
                obj, section = rest.rsplit(":(", 1)
                sections.append((address, size, obj, section[:-1]))
    sections.sort()
    return sections


def read_profile(callgrind_outs, binary_name):
    """From callgrind's outputs, in phase order: the binary's executed instruction addresses in the order they are
    listed, each with the object name valgrind filed it under, and per object name the first address listed for
    each function (its entry, for that object's load bias)."""
    names = (binary_name, OBJECT_UNKNOWN)
    addresses, entries = [], {name: {} for name in names}
    for callgrind_out in callgrind_outs:
        function, current = None, None
        with open(callgrind_out, errors="replace") as lines:
            for line in lines:
                if line.startswith("ob="):
                    current = os.path.basename(line[3:].strip())
                elif line.startswith("fn="):
                    function = line[3:].strip()
                elif line.startswith("0x") and current in names:
                    address = int(line.split()[0], 16)
                    addresses.append((current, address))
                    entries[current].setdefault(function, address)
    if not addresses:
        sys.exit(f"callgrind recorded nothing in {binary_name}")
    return addresses, entries


def load_biases(entries, binary):
    """Per object name, where valgrind placed its code: the most common (first address of a function - its symbol
    value). The two names differ: valgrind 3.19 files `.text` under the binary's name at the symbol addresses and
    `.text.hot` under `???` at another offset, so one bias for both maps the functions of one of them (those new
    since the last layout, still in `.text`) onto unrelated sections."""
    symbols = {}
    listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            symbols.setdefault(parts[2], int(parts[0], 16))
    biases = {}
    for name, functions in entries.items():
        votes = collections.Counter(address - symbols[f] for f, address in functions.items() if f in symbols)
        biases[name] = votes.most_common(1)[0][0] if votes else 0
    return biases


def executed_in_order(addresses, sections, biases):
    """Indices into `sections` of those with an executed instruction, in the order callgrind listed them (so the
    sections of an earlier phase come before those only a later phase ran)."""
    starts = [section[0] for section in sections]
    first = {}
    for count, (name, address) in enumerate(addresses):
        address -= biases[name]
        index = bisect.bisect_right(starts, address) - 1
        if index >= 0 and address < sections[index][0] + sections[index][1]:
            first.setdefault(index, count)
    return sorted(first, key=first.get)


def pattern(obj, section):
    """The linker-script input section description for one section, independent of the build directory."""
    member = ARCHIVE_MEMBER.match(obj)
    if member:
        files = f"*{member[1]}:{member[2]}"
    else:
        parts = obj.split("/")
        module = parts[-2] if len(parts) >= 2 and parts[-2].endswith(".build") else None
        files = "*/" + (f"{module}/{parts[-1]}" if module else parts[-1])
    if " " in files or '"' in section or (section == ".text" and not member):
        return None  # unmatchable in a script, or a whole object without function sections
    return f'    {files}("{section}")'


async def profile(args, callgrind_out):
    for stale in (callgrind_out, callgrind_out + ".1"):
        if os.path.exists(stale):
            os.remove(stale)
    csms = CSMS()
    async with serve(csms.handler, "127.0.0.1", 0, subprotocols=["ocpp2.0.1"]) as server:
        port = server.sockets[0].getsockname()[1]
        with tempfile.TemporaryDirectory(prefix="chargerd-layout-") as scratch:
            socket = os.path.join(scratch, "control.sock")
            command = [
                "valgrind", "--tool=callgrind", "--dump-instr=yes", "--compress-strings=no", "--compress-pos=no",
                f"--callgrind-out-file={callgrind_out}", args.binary,
                "--config", args.board, "--csms-url", f"ws://127.0.0.1:{port}/ocpp",
                "--state-dir", os.path.join(scratch, "state"), "--control-socket", socket, "--log-level", "info",
            ]  # fmt: skip
            log = open(callgrind_out + ".log", "w")
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)

            def ctl(*arguments):
                result = subprocess.run(
                    [args.chargerctl, "--socket", socket, *arguments], capture_output=True, text=True, timeout=120
                )
                print(f"    chargerctl {' '.join(arguments)}: exit {result.returncode}", file=sys.stderr)

            try:
                await asyncio.wait_for(csms.boot_event.wait(), timeout=180)
                print("    booted under callgrind; idling through a heartbeat", file=sys.stderr)
                await asyncio.sleep(args.idle)
                # What booting and idling ran goes to its own profile (callgrind_out + ".1"), placed first.
                dump = await asyncio.to_thread(
                    subprocess.run,
                    ["callgrind_control", "--dump=boot-and-idle", str(process.pid)],
                    capture_output=True, text=True, timeout=120,
                )  # fmt: skip
                print(f"    boot-and-idle profile dumped: exit {dump.returncode}", file=sys.stderr)
                ctl("status")
                ctl("status", "--json")
                ctl("sim", "plug", "--evse", "1")
                await asyncio.sleep(5)
                ctl("sim", "token", "LAYOUT-CARD", "--evse", "1")
                await asyncio.sleep(args.idle)
                ctl("status")
                ctl("meter", "read")
                ctl("sim", "unplug", "--evse", "1")
                await asyncio.sleep(20)
                ctl("diag")
                await asyncio.sleep(args.idle)
            finally:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=180)
    if csms.messages < 6:
        sys.exit(f"the profiled chargerd exchanged only {csms.messages} messages; see {callgrind_out}.log")
    return csms.messages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True, help="release chargerd (debug info stripped, valgrind 3.19)")
    parser.add_argument("--map", required=True, help="lld map of the link that produced --binary")
    parser.add_argument("--chargerctl", required=True)
    parser.add_argument("--board", default="BoardConfigs/simulator.yaml")
    parser.add_argument("--idle", type=float, default=40.0, help="seconds of each idle phase (heartbeat: 30 s)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--callgrind-out", help="use this earlier profile instead of running chargerd again")
    args = parser.parse_args()

    callgrind_out = args.callgrind_out or os.path.join(os.path.dirname(os.path.abspath(args.map)), "callgrind.out")
    started = time.monotonic()
    messages = asyncio.run(profile(args, callgrind_out)) if not args.callgrind_out else None
    phases = [path for path in (callgrind_out + ".1", callgrind_out) if os.path.exists(path)]
    addresses, entries = read_profile(phases, os.path.basename(args.binary))
    sections = text_input_sections(args.map)
    executed = executed_in_order(addresses, sections, load_biases(entries, args.binary))
    entries = [line for line in (pattern(sections[i][2], sections[i][3]) for i in executed) if line]
    size = sum(sections[i][1] for i in executed)
    header = (
        "/* chargerd's hot code: the input sections that ran while chargerd booted, idled, served chargerctl and\n"
        "   charged a simulated EV (Benchmarks/chargerd_layout.sh, callgrind): what boot and idle ran first, then\n"
        "   what only the session and chargerctl ran.\n"
        "   Generated; do not edit: regenerate after changes that move much code. Linked by Package.swift (hotText).\n"
        f"   {len(executed)} sections, {size / 1e6:.2f} MB, {len(entries)} listed"
        + (f"; {messages} OCPP messages exchanged. */\n" if messages else " (from an earlier profile). */\n")
    )
    with open(args.out, "w") as script:
        script.write(header + "SECTIONS {\n  .text.hot : {\n" + "\n".join(entries) + "\n  }\n} INSERT BEFORE .text;\n")
    print(
        f"==> {args.out}: {len(entries)} of {len(executed)} executed sections ({size / 1e6:.2f} MB), "
        f"profiled in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
