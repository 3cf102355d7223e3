#!/usr/bin/env python3
"""A PN532 NFC controller on a UART, emulated at the frame level, for libnfc's own `pn532_uart` driver.

The emulator starts `socat pty,raw,echo=0,link=DIR/pn532 pty,raw,echo=0,link=DIR/host`, opens
DIR/pn532 and answers what the host writes to DIR/host (connstring `pn532_uart:DIR/host`) the way the
NXP PN532 User Manual (UM0701-02, section 6.2 "Host controller communication protocol" and 7 "Commands
supported") describes:

* host frames `00 00 FF LEN LCS D4 CMD data DCS 00` (and extended frames `00 00 FF FF FF LENM LENL LCS`),
  after any wake-up preamble (0x55 0x55 00 00 ...) the host sends to a PN532 in power-down;
* every command is acknowledged (`00 00 FF 00 FF 00`) and answered `00 00 FF LEN LCS D5 CMD+1 data DCS 00`;
  an ACK frame from the host (an abort) is ignored;
* Diagnose test 0 echoes its data, GetFirmwareVersion answers IC 0x32 (PN532) version 1.6, support 7,
  ReadRegister returns what WriteRegister stored (0 for a register never written), and
  InListPassiveTarget at 106 kbit/s type A lists the card in the field (SENS_RES 00 44 or 00 04,
  SEL_RES 08 or 00, the UID) or no target. Other commands answer with no data.

Commands on stdin, one JSON object a line:
  {"cmd": "card", "uid": "04A31B7C"}   a card enters the field (4, 7 or 10 UID bytes)
  {"cmd": "remove"}                     the card leaves
  {"cmd": "unplug"}                     socat stops: both pty ends disappear (the USB adapter is pulled)
  {"cmd": "plug"}                       socat starts again with the same links
Events on stdout: {"event": "ready", "device": DIR/host}, {"event": "command", "code": 74} per frame
(decimal command code), {"event": "unplugged"}, {"event": "plugged"}. Exits when stdin closes.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time

ACK = bytes([0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00])
lock = threading.Lock()


def emit(obj: dict) -> None:
    with lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def frame(payload: bytes) -> bytes:
    """A normal information frame carrying `payload` (TFI first)."""
    length = len(payload)
    checksum = (-sum(payload)) & 0xFF
    return bytes([0x00, 0x00, 0xFF, length, (-length) & 0xFF]) + payload + bytes([checksum, 0x00])


class PN532:
    def __init__(self) -> None:
        self.registers: dict[int, int] = {}
        self.uid: bytes | None = None

    def answer(self, command: int, data: bytes) -> bytes:
        if command == 0x00:  # Diagnose: test 0 (communication line) echoes NumTst and its data
            return data
        if command == 0x02:  # GetFirmwareVersion: IC, Ver, Rev, Support (ISO/IEC 14443 A and B, ISO 18092)
            return bytes([0x32, 0x01, 0x06, 0x07])
        if command == 0x04:  # GetGeneralStatus: Err, Field, NbTg, SAM status
            return bytes([0x00, 0x00, 0x00, 0x00])
        if command == 0x06:  # ReadRegister: one byte per 16-bit address
            addresses = [(data[i] << 8) | data[i + 1] for i in range(0, len(data) - 1, 2)]
            return bytes(self.registers.get(address, 0x00) for address in addresses)
        if command == 0x08:  # WriteRegister: address (2 bytes) and value, repeated
            for i in range(0, len(data) - 2, 3):
                self.registers[(data[i] << 8) | data[i + 1]] = data[i + 2]
            return b""
        if command == 0x4A:  # InListPassiveTarget: MaxTg, BrTy (0: 106 kbit/s type A), [initiator data]
            if len(data) < 2 or data[1] != 0x00 or self.uid is None:
                return bytes([0x00])
            uid = self.uid
            sens_res = bytes([0x00, 0x44]) if len(uid) == 7 else bytes([0x00, 0x04])
            sel_res = 0x00 if len(uid) == 7 else 0x08  # MIFARE Ultralight / MIFARE Classic 1K
            return bytes([0x01, 0x01]) + sens_res + bytes([sel_res, len(uid)]) + uid
        if command in (0x44, 0x52, 0x16):  # InDeselect, InRelease, PowerDown: status OK
            return bytes([0x00])
        return b""  # SAMConfiguration, SetParameters, RFConfiguration, ...


def end_with_parent() -> None:
    """Makes the kernel kill socat when the emulator dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)


class Link:
    """socat's pty pair and the emulator's end of it."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.device_end = os.path.join(directory, "pn532")
        self.host_end = os.path.join(directory, "host")
        self.socat: subprocess.Popen | None = None
        self.fd: int | None = None

    def plug(self) -> None:
        self.socat = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.device_end}", f"pty,raw,echo=0,link={self.host_end}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=end_with_parent,
        )
        deadline = time.monotonic() + 10
        while not (os.path.exists(self.device_end) and os.path.exists(self.host_end)):
            if time.monotonic() > deadline:
                raise SystemExit("socat did not create the pty pair")
            time.sleep(0.01)
        self.fd = os.open(self.device_end, os.O_RDWR | os.O_NOCTTY)

    def unplug(self) -> None:
        # SIGKILL, as pulling the adapter is: socat would otherwise wait (up to the tty's 30 s closing_wait)
        # for the bytes the host still writes to drain, and nobody reads them any more.
        if self.socat is not None:
            self.socat.kill()
            self.socat.wait()
            self.socat = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        for path in (self.device_end, self.host_end):
            if os.path.lexists(path):
                os.unlink(path)


def serve(link: Link, chip: PN532, stop: threading.Event) -> None:
    buffer = bytearray()
    while not stop.is_set():
        fd = link.fd
        if fd is None:
            time.sleep(0.01)
            buffer.clear()
            continue
        try:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(fd, 512)
        except OSError:
            time.sleep(0.01)
            continue
        buffer += chunk
        while True:
            start = buffer.find(b"\x00\xff")
            if start < 0:
                del buffer[: max(0, len(buffer) - 1)]
                break
            body = buffer[start + 2 :]
            if len(body) < 2:
                break
            if body[0] == 0x00 and body[1] == 0xFF:  # an ACK from the host: nothing to answer
                del buffer[: start + 4]
                continue
            if body[0] == 0xFF and body[1] == 0xFF:  # extended frame
                if len(body) < 5:
                    break
                length, header = (body[2] << 8) | body[3], 5
            else:
                length, header = body[0], 2
            if len(body) < header + length + 2:
                break
            payload = bytes(body[header : header + length])
            del buffer[: start + 2 + header + length + 2]
            if len(payload) < 2 or payload[0] != 0xD4:
                continue
            command, data = payload[1], payload[2:]
            reply = chip.answer(command, data)
            emit({"event": "command", "code": command})
            try:
                os.write(fd, ACK)
                os.write(fd, frame(bytes([0xD5, command + 1]) + reply))
            except OSError:
                pass


def main() -> None:
    directory = sys.argv[1]
    link = Link(directory)
    chip = PN532()
    link.plug()
    stop = threading.Event()
    worker = threading.Thread(target=serve, args=(link, chip, stop), daemon=True)
    worker.start()
    emit({"event": "ready", "device": link.host_end})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            command = request.get("cmd")
            if command == "card":
                chip.uid = bytes.fromhex(request["uid"])
                emit({"event": "card"})
            elif command == "remove":
                chip.uid = None
                emit({"event": "removed"})
            elif command == "unplug":
                link.unplug()
                emit({"event": "unplugged"})
            elif command == "plug":
                link.plug()
                emit({"event": "plugged"})
    finally:
        stop.set()
        link.unplug()


if __name__ == "__main__":
    main()
