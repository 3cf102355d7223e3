"""`python -m charger_bench serve`: the bench CSMS (OCPP on :9000), REST API and dashboard (:8080)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from aiohttp import web

from . import DEFAULT_TARIFF_PER_KWH, HEARTBEAT_INTERVAL
from .csms import BenchCsms, CsmsSettings
from .db import Database, DatabaseTarget
from .fleet import default_fleet_path, load_fleet


def add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="FILE", default=os.environ.get("BENCH_DB"),
                        help="SQLite file (default .build/bench/charger_db.sqlite; env BENCH_DB)")
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="PostgreSQL URL, e.g. postgresql://charger_user@localhost:5432/charger_db "
                             "(env BENCH_POSTGRES_URL); overrides --db")


def database_target(args: argparse.Namespace) -> DatabaseTarget:
    if args.postgres:
        return DatabaseTarget(postgres_url=args.postgres)
    path = args.db or str(Path(__file__).resolve().parents[2] / ".build" / "bench" / "charger_db.sqlite")
    return DatabaseTarget(sqlite_path=path)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="charger_bench serve", description=__doc__)
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--ws-port", type=int, default=9000)
    p.add_argument("--http-port", type=int, default=8080)
    add_database_options(p)
    p.add_argument("--fleet", default=str(default_fleet_path()), help="fleet file that seeds charger_info")
    p.add_argument("--tariff", type=float, default=DEFAULT_TARIFF_PER_KWH, help="price per kWh (default 150)")
    p.add_argument("--heartbeat-interval", type=int, default=HEARTBEAT_INTERVAL)
    p.add_argument("--tx-updated-interval", type=int, default=5,
                   help="SampledDataCtrlr.TxUpdatedInterval set on each station after boot (0: leave alone)")
    p.add_argument("--call-timeout", type=float, default=15.0)
    p.add_argument("--basic-auth-password", default=os.environ.get("BENCH_BASIC_AUTH_PASSWORD"),
                   help="require HTTP Basic auth <stationId>:<password> (env BENCH_BASIC_AUTH_PASSWORD)")
    p.add_argument("--tls-cert", help="serve wss:// with this certificate (PEM)")
    p.add_argument("--tls-key", help="private key of --tls-cert")
    p.add_argument("--tls-client-ca", help="require client certificates signed by this CA (security profile 3)")
    p.add_argument("--firmware-dir", help="firmware files served at /firmware/<name> (default .build/bench/firmware)")
    p.add_argument("--upload-dir", help="log uploads, one folder per charger (default .build/bench/uploads)")
    p.add_argument("--max-upload-mb", type=int, default=512, help="largest log upload accepted (default 512)")
    p.add_argument("--site-interval", type=float, default=10.0,
                   help="store limits are re-balanced at least every this many seconds (default 10)")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


async def run(args: argparse.Namespace) -> None:
    target = database_target(args)
    db = Database(target)
    db.mark_all_disconnected()
    fleet_path = Path(args.fleet)
    if fleet_path.is_file():
        count = db.seed_fleet(load_fleet(fleet_path))
        logging.getLogger("bench").info("charger_info seeded with %d chargers from %s", count, fleet_path)
    else:
        logging.getLogger("bench").warning("no fleet file at %s: charger_info not seeded", fleet_path)
    settings = CsmsSettings(
        tariff_per_kwh=args.tariff, heartbeat_interval=args.heartbeat_interval, call_timeout=args.call_timeout,
        tx_updated_interval=args.tx_updated_interval, basic_auth_password=args.basic_auth_password,
        tls_cert=args.tls_cert, tls_key=args.tls_key, tls_client_ca=args.tls_client_ca,
        max_upload_mb=args.max_upload_mb, site_interval=args.site_interval,
    )
    if args.firmware_dir:
        settings.firmware_dir = args.firmware_dir
    if args.upload_dir:
        settings.upload_dir = args.upload_dir
    csms = BenchCsms(db, settings)
    from .rest import build_app

    runner = web.AppRunner(build_app(csms), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.http_port)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    scheme = "wss" if args.tls_cert else "ws"
    shown_host = "localhost" if args.host in ("0.0.0.0", "::") else args.host
    async with await csms.serve(args.host, args.ws_port):
        print(f"OCPP 2.0.1 server: {scheme}://{shown_host}:{args.ws_port}", flush=True)
        print(f"REST API server: http://{shown_host}:{args.http_port}", flush=True)
        print(f"database: {target.describe()}", flush=True)
        print(f"dashboard: http://{shown_host}:{args.http_port}/advanced_dashboard.html", flush=True)
        await stop.wait()
        logging.getLogger("bench").info("stopping")
        for link in list(csms.links.values()):
            await link._connection.close(1001, "CSMS shutting down")
    await runner.cleanup()
    db.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level.upper(), logging.INFO), stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("ocpp", "websockets", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        asyncio.run(run(args))
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
