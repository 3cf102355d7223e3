#!/usr/bin/env python3
"""A real HTTP(S) file server on loopback for the firmware-download and log-upload tests.

Binds 127.0.0.1 (port 0) and prints one JSON object per line on stdout:
  {"event":"listening","port":N}
  {"event":"request","method":..,"path":..,"range":..}       every request, before it is answered
  {"event":"upload","method":"PUT"|"POST","name":..,"filename":..,"bytes":N,"sha256":..,"content_type":..}

Paths (NAME is a file in --root; uploads are stored in --uploads):
  GET  /files/NAME            the file; honours "Range: bytes=N-" with 206 unless --no-range
  GET  /drop/N/NAME           announces the whole length, sends N bytes (from the range start), closes
  GET  /flaky/N/NAME          like /drop/N/NAME on the first request for NAME, like /files/NAME after
  GET  /redirect/NAME         302 to /files/NAME
  GET  /stall/NAME            sends the head, then nothing
  GET  /slow/RATE/NAME        like /files/NAME, at RATE bytes per second (honours Range)
  PUT|POST /upload/NAME       stores the body (POST: the multipart part's file) -> 201
  PUT|POST /refuse/CODE/NAME  reads the body, answers CODE (403, 405, 500, ...)
anything else                 404

Exits on SIGTERM or when its stdin is closed.
"""

import argparse
import hashlib
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = set()
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def parts(self):
        return [p for p in self.path.split("?")[0].split("/") if p]

    def do_GET(self):
        emit("request", method="GET", path=self.path, range=self.headers.get("Range"))
        parts = self.parts()
        if len(parts) == 2 and parts[0] == "files":
            return self.send_file(parts[1], drop_after=None)
        if len(parts) == 3 and parts[0] == "drop":
            return self.send_file(parts[2], drop_after=int(parts[1]))
        if len(parts) == 3 and parts[0] == "flaky":
            with Handler.lock:
                first = parts[2] not in Handler.seen
                Handler.seen.add(parts[2])
            return self.send_file(parts[2], drop_after=int(parts[1]) if first else None)
        if len(parts) == 2 and parts[0] == "redirect":
            self.send_response(302)
            self.send_header("Location", "/files/" + parts[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if len(parts) == 3 and parts[0] == "slow":
            return self.send_file(parts[2], drop_after=None, rate=int(parts[1]))
        if len(parts) == 2 and parts[0] == "stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            time.sleep(3600)
        self.not_found()

    def not_found(self):
        body = b"not found\n"
        self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_file(self, name, drop_after, rate=None):
        path = os.path.join(self.server.root, os.path.basename(name))
        if not os.path.isfile(path):
            return self.not_found()
        size = os.path.getsize(path)
        start = 0
        wanted = self.headers.get("Range")
        if wanted and wanted.startswith("bytes=") and not self.server.no_range:
            start = int(wanted[6:].split("-")[0])
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "none" if self.server.no_range else "bytes")
        self.end_headers()
        remaining = size - start if drop_after is None else min(drop_after, size - start)
        with open(path, "rb") as f:
            f.seek(start)
            while remaining > 0:
                chunk = f.read(min(65536 if rate is None else max(1, rate // 10), remaining))
                if not chunk:
                    break
                try:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return
                remaining -= len(chunk)
                if rate is not None:
                    time.sleep(len(chunk) / rate)
        if drop_after is not None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        stored, received = bytearray(), 0
        while received < length:
            chunk = self.rfile.read(min(65536, length - received))
            if not chunk:
                break
            received += len(chunk)
            stored += chunk
        return bytes(stored)

    def do_PUT(self):
        self.receive("PUT")

    def do_POST(self):
        self.receive("POST")

    def receive(self, method):
        emit("request", method=method, path=self.path, range=None)
        parts = self.parts()
        body = self.read_body()
        if len(parts) == 3 and parts[0] == "refuse":
            self.send_response(int(parts[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if len(parts) != 2 or parts[0] != "upload":
            return self.not_found()
        content_type = self.headers.get("Content-Type", "")
        filename = parts[1]
        if method == "POST" and content_type.startswith("multipart/form-data"):
            boundary = content_type.split("boundary=")[1].encode()
            section = body.split(b"--" + boundary)[1]
            head, _, data = section.partition(b"\r\n\r\n")
            data = data[:-2] if data.endswith(b"\r\n") else data
            for line in head.decode().split("\r\n"):
                if "filename=" in line:
                    filename = line.split('filename="')[1].split('"')[0]
            body = data
        with open(os.path.join(self.server.uploads, os.path.basename(parts[1])), "wb") as f:
            f.write(body)
        emit("upload", method=method, name=parts[1], filename=filename, bytes=len(body),
             sha256=hashlib.sha256(body).hexdigest(), content_type=content_type)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--uploads", required=True)
    p.add_argument("--no-range", action="store_true")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root, server.uploads, server.no_range = args.root, args.uploads, args.no_range
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    emit("listening", port=server.server_address[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
