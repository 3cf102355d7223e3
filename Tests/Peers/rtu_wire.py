#!/usr/bin/env python3
"""A real-time RS-485 wire between two serial devices, for measuring Modbus RTU at a given baud rate.

A pty ignores the baud rate: a frame written to one end is readable at the other at once. This relay
sits between two pty pairs (e.g. two `socat pty,raw,echo=0 pty,raw,echo=0` pairs) and hands each
byte on only when it would have finished crossing a real line:

    master --pty pair 1--> [DEVICE_A  rtu_wire.py  DEVICE_B] --pty pair 2--> server

* every character takes (1 start + 8 data + parity + stop bits) / baud seconds: 10 bits, 1.04 ms
  at 9600 8N1; the bytes of a frame follow each other without pause;
* the line is half duplex and shared by both directions: a new frame (either direction) starts no
  earlier than the RTU inter-frame gap t3.5 after the last character on the line: 3.5 character
  times, or 1.75 ms above 19200 baud (Modbus over serial line, 2.5.1.1). A device only knows a
  request has ended after that silence, so the answer's first byte also waits for it.

The server's own processing time comes on top, as on a real device. Bytes are delivered in time by
one writer thread sleeping until each byte's due time (absolute times, so lateness does not add up).

Usage: rtu_wire.py [--baud 9600] [--parity none|even|odd] [--stop-bits 1|2] DEVICE_A DEVICE_B
Prints {"event":"ready", "characterTime": seconds, "gap": seconds} on stdout once both devices are
open; exits when stdin closes, so a test or benchmark that dies does not leave it behind. On exit it
prints {"event":"stats", "frames": N, "bytes": N} on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import termios
import threading
import time
import tty
from collections import deque


def emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Wire:
    """The shared half-duplex line: schedules every byte at the time it has crossed the wire."""

    def __init__(self, character_time: float, gap: float) -> None:
        self.character_time = character_time
        self.gap = gap
        self.condition = threading.Condition()
        self.queue: deque[tuple[float, int, bytes]] = deque()  # (due, destination fd, byte)
        self.line_free_at = 0.0  # when the last scheduled character has crossed the line
        self.last_source: int | None = None
        self.frames = 0
        self.bytes = 0
        self.closed = False

    def send(self, source: int, destination: int, data: bytes) -> None:
        """Schedules `data` read from `source` for `destination`."""
        now = time.monotonic()
        with self.condition:
            if source == self.last_source and now < self.line_free_at:
                start = self.line_free_at  # the same frame is still on the line: its bytes follow on
            else:
                start = max(now, self.line_free_at + self.gap)  # a new frame waits for t3.5 of silence
                self.frames += 1
            for index, value in enumerate(data):
                self.queue.append((start + (index + 1) * self.character_time, destination, bytes([value])))
            self.line_free_at = start + len(data) * self.character_time
            self.last_source = source
            self.bytes += len(data)
            self.condition.notify()

    def run_writer(self) -> None:
        while True:
            with self.condition:
                while not self.queue and not self.closed:
                    self.condition.wait()
                if self.closed:
                    return
                due = self.queue[0][0]
                delay = due - time.monotonic()
                if delay > 0:
                    self.condition.wait(timeout=delay)
                    continue
                ready: list[tuple[int, bytes]] = []
                now = time.monotonic()
                while self.queue and self.queue[0][0] <= now:
                    _, destination, value = self.queue.popleft()
                    ready.append((destination, value))
            for destination, value in ready:
                try:
                    os.write(destination, value)
                except OSError:
                    pass  # the reader of that end is gone; the wire stays up for the next one

    def close(self) -> None:
        with self.condition:
            self.closed = True
            self.condition.notify()


def open_raw(path: str) -> int:
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    attributes = termios.tcgetattr(fd)
    attributes[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, attributes)
    return fd


def pump(wire: Wire, source: int, destination: int) -> None:
    while True:
        try:
            data = os.read(source, 4096)
        except OSError:
            time.sleep(0.01)  # the other end of the pty is closed for now
            continue
        if not data:
            time.sleep(0.01)
            continue
        wire.send(source, destination, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--parity", choices=["none", "even", "odd"], default="none")
    parser.add_argument("--stop-bits", type=int, choices=[1, 2], default=1)
    parser.add_argument("device_a")
    parser.add_argument("device_b")
    args = parser.parse_args()
    if args.baud <= 0:
        parser.error("--baud must be positive")
    bits = 1 + 8 + (0 if args.parity == "none" else 1) + args.stop_bits
    character_time = bits / args.baud
    gap = 0.00175 if args.baud > 19200 else 3.5 * character_time
    a = open_raw(args.device_a)
    b = open_raw(args.device_b)
    wire = Wire(character_time, gap)
    for source, destination in ((a, b), (b, a)):
        threading.Thread(target=pump, args=(wire, source, destination), daemon=True).start()
    writer = threading.Thread(target=wire.run_writer, daemon=True)
    writer.start()
    emit({"event": "ready", "characterTime": character_time, "gap": gap})
    for _ in sys.stdin:  # control input is ignored; closing stdin ends the relay
        pass
    wire.close()
    emit({"event": "stats", "frames": wire.frames, "bytes": wire.bytes})


if __name__ == "__main__":
    main()
