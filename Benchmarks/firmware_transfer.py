#!/usr/bin/env python3
"""Firmware transfer figures (issue 16): chargerd's RSS while it downloads a large image (flat, not growing
with the file), the download's throughput on loopback, and UpdateFirmware -> Installed on the simulator
board, in seconds.

Runs the built chargerd (debug unless --bin-dir says otherwise) on BoardConfigs/simulator.yaml against
Tests/Peers/ocpp_csms.py and Tests/Peers/http_transfer_peer.py, with an image signed by
Tests/Peers/make_firmware_signing.sh. Prints a Markdown table.

Usage: .venv/bin/python Benchmarks/firmware_transfer.py [--size-mb 50] [--rate BYTES_PER_S] [--bin-dir DIR]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests/Interop"))
sys.path.insert(0, str(REPO / "Tests/Interop/daemon"))

import subprocess  # noqa: E402

from conftest import CSMS  # noqa: E402
from test_firmware import HTTPServer, MaintenanceDaemon, update_firmware, wait_status  # noqa: E402


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=50)
    parser.add_argument("--bin-dir", default=str(REPO / ".build/debug"))
    parser.add_argument("--rate", type=int, default=0,
                        help="serve at this many bytes/s (0: as fast as loopback goes), to sample RSS longer")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="fwb-", dir="/tmp") as scratch:
        work = Path(scratch)
        served = work / "served"
        uploads = work / "uploads"
        served.mkdir()
        uploads.mkdir()
        subprocess.run(["sh", str(REPO / "Scripts/make-sim-firmware.sh"), "9.9.9-bench", str(served / "fw.bin"),
                        str(args.size_mb * 1024)], check=True)
        subprocess.run(["sh", str(REPO / "Tests/Peers/make_firmware_signing.sh"), str(served), "fw.bin"], check=True,
                       capture_output=True)
        csms = CSMS(python, REPO)
        http = HTTPServer(python, REPO, served, uploads)
        board = work / "board.yaml"
        board.write_text((REPO / "BoardConfigs/simulator.yaml").read_text().replace(
            "../Scripts/installers/install-simulated", str(REPO / "Scripts/installers/install-simulated")))
        daemon = MaintenanceDaemon(Path(args.bin_dir), REPO, work, csms.url, board)
        roots = Path(daemon.state) / "certificates/ManufacturerRootCertificate"
        roots.mkdir(parents=True)
        shutil.copy(served / "mfr-root.pem", roots / "mfr-root.pem")
        try:
            daemon.start()
            samples = [rss_kib(daemon.process.pid)]
            idle = samples[0]
            started = time.monotonic()
            path = f"/slow/{args.rate}/fw.bin" if args.rate else "/files/fw.bin"
            response, mark = update_firmware(csms, served, http.base + path, request_id=1)
            assert response["payload"]["status"] == "Accepted", response
            wait_status(csms, "FirmwareStatusNotification", "Downloading", mark)
            downloading = time.monotonic()
            done = threading.Event()

            def sample():
                while not done.is_set():
                    samples.append(rss_kib(daemon.process.pid))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            wait_status(csms, "FirmwareStatusNotification", "Downloaded", mark, timeout=600)
            downloaded = time.monotonic()
            done.set()
            sampler.join()
            wait_status(csms, "FirmwareStatusNotification", "InstallRebooting", mark, timeout=600)
            assert daemon.process.wait(timeout=30) == 75
            daemon.start()
            wait_status(csms, "FirmwareStatusNotification", "Installed", mark, timeout=120)
            installed = time.monotonic()
        finally:
            if daemon.process and daemon.process.poll() is None:
                daemon.process.kill()
            http.close()
            csms.close()
        size = (served / "fw.bin").stat().st_size
        during = samples[1:]
        print(f"| figure | value |\n|---|---|")
        print(f"| image | {size / 1e6:.1f} MB, signed RSA-PSS, served {'at %d B/s' % args.rate if args.rate else 'unthrottled'} |")
        print(f"| chargerd RSS before the download | {idle / 1024:.1f} MiB |")
        print(f"| chargerd RSS during the download (min / median / max of {len(during)} samples) | "
              f"{min(during) / 1024:.1f} / {statistics.median(during) / 1024:.1f} / {max(during) / 1024:.1f} MiB |")
        print(f"| download throughput on loopback (Downloading -> Downloaded) | "
              f"{size / 1e6 / (downloaded - downloading):.1f} MB/s |")
        print(f"| UpdateFirmware -> Installed on the simulator board (incl. download, check, restart) | "
              f"{installed - started:.1f} s |")


if __name__ == "__main__":
    main()
