#!/usr/bin/env python3
"""charger-sim CPU for the 34-charger E-Mart fleet with store limits re-balanced by the bench (issue 17).

Starts the bench CSMS (`python -m charger_bench serve`, SQLite in a temp dir, store limits re-balanced every
--site-interval s) and `charger-sim --manual` with the whole fleet, plugs an EV into every charger (its profile's
maximum power) and starts all 34 sessions through the REST API. Then it measures charger-sim's CPU - user + system
seconds per wall second, from /proc/<pid>/stat - for --baseline seconds without store limits and for --seconds
with a limit on each store (--share of the store's summed ratings, 55 % by default: E-Mart Jeju 300 kW of 549),
and (--churn) every 10 s ends one session per store and starts it again 3 s later, so the limits move; it prints
the figures: CPU per phase (whole window and per 10 s slice: min / median / max), charger-sim's RSS,
the bench CSMS's CPU, the profiles sent and the re-balances, and the stores' power against their limits.

  Benchmarks/site_limit_cpu.py [--bin-dir DIR] [--seconds 120] [--baseline 60] [--share 0.55] [--site-interval 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rest(base: str, method: str, path: str, body: object | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["result"]


def wait(what: str, check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")


def measure(pids: dict[str, int], seconds: float, base: str, slice_s: float = 10.0) -> dict:
    """CPU per wall second of each process over `seconds`, and per slice; the stores' power each slice."""
    start_wall = time.monotonic()
    start = {name: cpu_seconds(pid) for name, pid in pids.items()}
    slices: dict[str, list[float]] = {name: [] for name in pids}
    last, last_wall = dict(start), start_wall
    rss = []
    stores: list[dict] = []
    while time.monotonic() - start_wall < seconds - 1e-3:
        time.sleep(min(slice_s, seconds - (time.monotonic() - start_wall)))
        now = time.monotonic()
        for name, pid in pids.items():
            value = cpu_seconds(pid)
            slices[name].append((value - last[name]) / (now - last_wall))
            last[name] = value
        last_wall = now
        rss.append(rss_mib(pids["charger-sim"]))
        view = rest(base, "GET", "/api/chargers")["chargers"]
        totals: dict[str, float] = {}
        for c in view:
            totals[c["storeId"]] = totals.get(c["storeId"], 0.0) + c["powerKW"]
        stores.append(totals)
    wall = time.monotonic() - start_wall
    return {"wall": wall, "cpu": {n: (last[n] - start[n]) / wall for n in pids}, "slices": slices, "rss": rss,
            "stores": stores}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin-dir", default=os.environ.get("CHARGER_BIN_DIR", str(REPO / ".build" / "debug")))
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--baseline", type=float, default=60)
    p.add_argument("--share", type=float, default=0.55)
    p.add_argument("--site-interval", type=float, default=10)
    p.add_argument("--churn", type=float, default=10,
                   help="every this many seconds one session per store ends and starts again 3 s later, so the "
                        "limits move (0: steady sessions)")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, database)")
    args = p.parse_args()
    sim, ctl = Path(args.bin_dir) / "charger-sim", Path(args.bin_dir) / "chargerctl"
    if not sim.is_file() or not ctl.is_file():
        raise SystemExit(f"no charger-sim/chargerctl in {args.bin_dir}")
    python = str(REPO / ".venv" / "bin" / "python")
    python = python if Path(python).exists() else sys.executable
    work = Path(tempfile.mkdtemp(prefix="site-cpu-"))
    ws, http = free_port(), free_port()
    base = f"http://127.0.0.1:{http}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "Bench")}
    processes: list[subprocess.Popen] = []
    try:
        with open(work / "csms.log", "w") as log:
            csms = subprocess.Popen([python, "-m", "charger_bench", "serve", "--host", "127.0.0.1", "--ws-port", str(ws),
                                     "--http-port", str(http), "--db", str(work / "db.sqlite"), "--site-interval",
                                     str(args.site_interval), "--log-level", "WARNING"],
                                    stdout=log, stderr=subprocess.STDOUT, env=env)
        processes.append(csms)
        wait("the bench", lambda: rest(base, "GET", "/api/health") is not None, 30)
        (work / "state").mkdir()
        with open(work / "sim.log", "w") as log:
            simulator = subprocess.Popen([str(sim), "--fleet", str(REPO / "BoardConfigs/fleets/emart-jeju.yaml"),
                                          "--csms-url", f"ws://127.0.0.1:{ws}", "--manual", "--control-socket",
                                          str(work / "sim.sock"), "--state-dir", str(work / "state"),
                                          "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
        processes.append(simulator)
        chargers = rest(base, "GET", "/api/chargers")["chargers"]
        wait("34 chargers connected", lambda: rest(base, "GET", "/api/chargers")["connected"] == len(chargers), 180)
        fleet = __import__("yaml").safe_load((REPO / "BoardConfigs/fleets/emart-jeju.yaml").read_text())
        profiles = fleet["profiles"]
        ratings: dict[str, float] = {}
        threads = []
        for store in fleet["stores"]:
            for c in store["chargers"]:
                ratings[store["id"]] = ratings.get(store["id"], 0.0) + c["ratedPowerKW"]
                kw = min(c["ratedPowerKW"], profiles[c["evProfile"]]["maxPowerKW"])
                threads.append(threading.Thread(target=subprocess.run, args=(
                    [str(ctl), "--socket", str(work / "sim.sock"), "--station", c["id"], "sim", "plug", "--evse", "1",
                     "--max-power-kw", f"{kw:g}"],), kwargs={"capture_output": True, "timeout": 60}))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(2)
        threads = [threading.Thread(target=rest, args=(base, "POST", f"/api/chargers/{c['chargerId']}/start", {}))
                   for c in chargers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait("34 sessions charging", lambda: rest(base, "GET", "/api/chargers")["charging"] == len(chargers), 60)
        time.sleep(5)
        pids = {"charger-sim": simulator.pid, "bench CSMS": csms.pid}
        print(f"charger-sim: {sim} ({time.strftime('%Y-%m-%d %H:%M', time.localtime(sim.stat().st_mtime))}), "
              f"{len(chargers)} chargers, 34 sessions charging; {os.cpu_count()} CPUs")
        baseline = measure(pids, args.baseline, base) if args.baseline > 0 else None
        limits = {store: round(total * args.share / 5) * 5 for store, total in ratings.items()}
        for store, kw in limits.items():
            rest(base, "PUT", f"/api/stores/{store}/limit", {"limitKW": kw})
        db = sqlite3.connect(work / "db.sqlite")
        sent_at_put = db.execute("SELECT count(*) FROM charging_profile_log").fetchone()[0]
        stop_churn = threading.Event()
        churned = [0]

        def churn() -> None:
            by_store: dict[str, list[str]] = {}
            for c in chargers:
                by_store.setdefault(c["storeId"], []).append(c["chargerId"])
            turn = 0
            while not stop_churn.wait(args.churn):
                picked = [ids[turn % len(ids)] for ids in by_store.values()]
                turn += 1
                for cid in picked:
                    try:
                        rest(base, "POST", f"/api/chargers/{cid}/stop", {})
                    except OSError:
                        pass
                time.sleep(3)
                for cid in picked:
                    try:
                        rest(base, "POST", f"/api/chargers/{cid}/start", {})
                        churned[0] += 1
                    except OSError:
                        pass

        churner = threading.Thread(target=churn, daemon=True)
        if args.churn > 0:
            churner.start()
        limited = measure(pids, args.seconds, base)
        stop_churn.set()
        sent = db.execute("SELECT count(*) FROM charging_profile_log").fetchone()[0] - sent_at_put
        accepted = db.execute("SELECT count(*) FROM charging_profile_log WHERE status = 'Accepted'").fetchone()[0]
        print(f"store limits: {', '.join(f'{s} {kw} kW (ratings {ratings[s]:g})' for s, kw in limits.items())}, "
              f"re-balanced every {args.site_interval:g} s and on every event; "
              f"{churned[0]} sessions restarted (one per store every {args.churn:g} s)")

        def line(name: str, result: dict) -> str:
            sl = result["slices"]["charger-sim"]
            return (f"{name}: charger-sim {result['cpu']['charger-sim']:.3f} CPU-s/s over {result['wall']:.0f} s "
                    f"(10 s slices min/median/max {min(sl):.3f}/{statistics.median(sl):.3f}/{max(sl):.3f}), "
                    f"RSS {max(result['rss']):.1f} MiB; bench CSMS {result['cpu']['bench CSMS']:.3f} CPU-s/s")

        if baseline:
            print(line("without limits", baseline))
        print(line("with store limits", limited))
        print(f"profiles sent: {sent_at_put} when the limits were set, then {sent} in {limited['wall']:.0f} s "
              f"({sent / limited['wall']:.2f}/s); {accepted} Accepted in all")
        last = limited["stores"][-1]
        print("store power at the end: " + ", ".join(f"{s} {last.get(s, 0):.1f} kW of {limits[s]} kW" for s in limits))
        worst = {s: max(t.get(s, 0) for t in limited["stores"][1:] or limited["stores"]) for s in limits}
        print("store power peak after the first slice: " + ", ".join(f"{s} {worst[s]:.1f} kW" for s in limits))
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work directory kept: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
