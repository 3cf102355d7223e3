#!/usr/bin/env python3
"""A Modbus server (pymodbus) for the HALModbus tests: serves a register image over TCP or RTU.

Usage:
  modbus_server.py --image IMAGE.json tcp            # listens on 127.0.0.1, port chosen by the kernel
  modbus_server.py --image IMAGE.json rtu DEVICE     # RTU on a serial device (e.g. one end of a socat pty pair)

IMAGE.json: {"unit": 1, "holding": {"<address>": <u16>, ...}, "input": {"<address>": <u16>, ...}}
  or {"devices": [<one such object per unit>]} for several meters on one bus.
Addresses may be decimal or 0x-hex strings. Registers not in the image read as 0 within 0..65535,
unless the device has "strict": true: then a read that touches a register not in the image answers
exception 2 (illegal data address), as meters do that refuse reads across undefined registers.

Events are printed on stdout, one JSON object a line:
  {"event":"listening","port":N}   (tcp) / {"event":"listening","device":"..."} (rtu)
  {"event":"ok","cmd":"..."}       after each control command
  {"event":"write","unit":U,"table":"holding"|"coil","address":A,"values":[...]}  after each write
                                 request a device accepted (function 5, 6, 15 or 16)
Control commands arrive on stdin, one JSON object a line:
  {"cmd":"exception","code":N}   answer every read with Modbus exception N (until "normal")
  {"cmd":"garbage"}              answer with a frame whose CRC is wrong (RTU) / bytes flipped (TCP)
  {"cmd":"silent"}               receive requests but never answer
  {"cmd":"normal"}               answer normally again
  {"cmd":"set","table":"input"|"holding","address":A,"values":[...]}  change registers
                                 (with "unit":U only that device's, e.g. a controller's vehicle state)
  {"cmd":"stats"}                answer {"event":"stats","requests":{"<unit>":N},"refused":{"<unit>":N}}:
                                 read requests served per unit since the last "stats" (then reset)
  {"cmd":"stop"}                 close the port/listener (the server disappears)
  {"cmd":"start"}                open it again
  {"cmd":"quit"}
The process exits when stdin closes, so a test that dies does not leave it behind.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import sys

from pymodbus.constants import ExcCodes
from pymodbus.framer import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

STATE = {"mode": "normal", "code": 4}


def emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def parse_address(text: str) -> int:
    return int(text, 0)


SIZE = 65535
PENDING: dict[str, dict[int, int]] = {"h": {}, "i": {}}
UNIT_PENDING: dict[tuple[int, str], dict[int, int]] = {}
REQUESTS: dict[int, int] = {}
REFUSED: dict[int, int] = {}


async def action(unit, defined, function_code, start_address, address, count, registers, set_values):
    """Counts the request; answers the exception the test asked for; applies "set" changes.

    `defined` is None, or (strict devices) the addresses per table that a read may touch.
    """
    REQUESTS[unit] = REQUESTS.get(unit, 0) + 1
    if STATE["mode"] == "exception":
        return ExcCodes(STATE["code"])
    if function_code in (5, 15):
        if not set_values:  # pymodbus consults the action again when it answers; report the write once
            return None
        emit({"event": "write", "unit": unit, "table": "coil", "address": address,
              "values": [int(bool(value)) for value in set_values or []]})
        return None
    table = "h" if function_code in (3, 6, 16, 23) else "i"
    if set_values is not None and function_code in (6, 16):
        for offset in range(len(set_values)):
            UNIT_PENDING.get((unit, table), {}).pop(address + offset, None)
        emit({"event": "write", "unit": unit, "table": "holding", "address": address,
              "values": [int(value) for value in set_values]})
    if defined is not None and set_values is None:
        if any(register not in defined[table] for register in range(address, address + count)):
            REFUSED[unit] = REFUSED.get(unit, 0) + 1
            return ExcCodes.ILLEGAL_ADDRESS
    for register, value in list(PENDING[table].items()) + list(UNIT_PENDING.get((unit, table), {}).items()):
        if 0 <= register - start_address < len(registers):
            registers[register - start_address] = value
    return None


def build_devices(image: dict) -> list[SimDevice]:
    return [build_device(device) for device in image.get("devices", [image])]


def build_device(image: dict) -> SimDevice:
    tables = {}
    defined: dict[str, set[int]] = {}
    for name in ("holding", "input"):
        values = [0] * SIZE
        defined[name[0]] = set()
        for key, value in image.get(name, {}).items():
            values[parse_address(key)] = int(value) & 0xFFFF
            defined[name[0]].add(parse_address(key))
        tables[name] = [SimData(address=0, values=values, datatype=DataType.REGISTERS)]
    # Coils 0-255 and 20000-21999 (Phoenix Contact controllers use 20000-21000).
    bits = [
        SimData(address=0, count=16, values=False, datatype=DataType.BITS),
        SimData(address=20000, count=2000, values=False, datatype=DataType.BITS),
    ]
    unit = int(image.get("unit", 1))
    return SimDevice(
        id=unit,
        simdata=(bits, bits, tables["holding"], tables["input"]),
        action=functools.partial(action, unit, defined if image.get("strict") else None),
    )


def trace_packet(sending: bool, data: bytes) -> bytes:
    if not sending:
        return data
    mode = STATE["mode"]
    if mode == "silent":
        return b""
    if mode == "garbage" and data:
        corrupted = bytearray(data)
        corrupted[-1] ^= 0x5A
        corrupted[-2] ^= 0xA5
        return bytes(corrupted)
    return data


class Runner:
    def __init__(self, args, context):
        self.args = args
        self.context = context
        self.server = None
        self.port = 0

    async def start(self) -> None:
        if self.args.kind == "tcp":
            self.server = ModbusTcpServer(
                self.context,
                framer=FramerType.SOCKET,
                address=("127.0.0.1", self.port),
                trace_packet=trace_packet,
            )
        else:
            self.server = ModbusSerialServer(
                self.context,
                framer=FramerType.RTU,
                port=self.args.device,
                baudrate=self.args.baud,
                trace_packet=trace_packet,
            )
        await self.server.serve_forever(background=True)
        if self.args.kind == "tcp" and self.port == 0:
            sockets = self.server.transport.sockets
            self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.shutdown()
            self.server = None


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("kind", choices=["tcp", "rtu"])
    parser.add_argument("device", nargs="?")
    args = parser.parse_args()
    if args.kind == "rtu" and not args.device:
        parser.error("rtu needs a DEVICE")
    with open(args.image, encoding="utf-8") as handle:
        image = json.load(handle)
    runner = Runner(args, build_devices(image))
    await runner.start()
    if args.kind == "tcp":
        emit({"event": "listening", "port": runner.port})
    else:
        emit({"event": "listening", "device": args.device})

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        try:
            command = json.loads(line)
        except json.JSONDecodeError:
            emit({"event": "error", "reason": "bad json"})
            continue
        name = command.get("cmd")
        if name in ("exception", "garbage", "silent", "normal"):
            STATE["mode"] = name
            STATE["code"] = int(command.get("code", 4))
        elif name == "set":
            table = "h" if command["table"] == "holding" else "i"
            address = int(command["address"])
            target = PENDING[table] if "unit" not in command else UNIT_PENDING.setdefault((int(command["unit"]), table), {})
            for offset, value in enumerate(command["values"]):
                target[address + offset] = int(value) & 0xFFFF
        elif name == "stats":
            emit(
                {
                    "event": "stats",
                    "requests": {str(unit): count for unit, count in REQUESTS.items()},
                    "refused": {str(unit): count for unit, count in REFUSED.items()},
                }
            )
            REQUESTS.clear()
            REFUSED.clear()
        elif name == "stop":
            await runner.stop()
        elif name == "start":
            await runner.start()
        elif name == "quit":
            break
        emit({"event": "ok", "cmd": name})
    await runner.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(main())
