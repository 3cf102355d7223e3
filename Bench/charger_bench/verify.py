"""`python -m charger_bench verify [N...]`: checks the database after the scenarios, as the seed's verifier.

For each scenario it reads the latest `scenario_run` (what the runner did: its time window, transaction
ids and the meter's energy per session) and what the CSMS recorded in that window, and prints
`PASS - scenario_N` or `FAIL - scenario_N: why`, then the seed's criteria table. Exit status 1 on any
failure (a scenario that never ran fails: "no run recorded").
"""

from __future__ import annotations

import argparse
import functools
import sys
from datetime import datetime
from typing import Any

from . import DEFAULT_TARIFF_PER_KWH
from .db import Database, parse_time
from .server import add_database_options, database_target
from . import verify_maintenance, verify_site

SEED_ENERGY_KWH, SEED_ENERGY_TOL = 1.67, 0.2
SEED_COST, SEED_COST_TOL = 250.0, 10.0
EXPECTED_3 = {"emart_jeju_01": 0.83, "emart_jeju_02": 0.83, "emart_shinjeju_01": 0.42}


class Check:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def expect(self, condition: bool, problem: str) -> bool:
        if not condition:
            self.problems.append(problem)
        return condition


def scenario(number: int):
    """A scenario's checks: the body runs on the scenario's latest finished run once every charger of it was
    seen connected and booted (a missing or unfinished run is one failure, and the body is skipped)."""

    def wrap(body):
        @functools.wraps(body)
        def checks(self, check: Check) -> None:
            run = self.run_of(number, check)
            if run is None:
                return
            self.connected_and_booted(run, check)
            body(self, run, check)

        return checks

    return wrap


class Verifier:
    def __init__(self, db: Database, tariff: float):
        self.db = db
        self.tariff = tariff
        self.facts: dict[str, Any] = {}

    # -- queries

    def connections(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT charger_id, status, created_at FROM charger_connection_log WHERE created_at >= ? "
            "AND created_at <= ? ORDER BY created_at, id", [start, end])
        for row in rows:
            row["created_at"] = parse_time(row["created_at"])
        return rows

    def messages(self, charger_id: str, action: str, direction: str, kind: str, start: datetime,
                 end: datetime) -> list[dict[str, Any]]:
        return self.db.execute(
            "SELECT * FROM ocpp_message_log WHERE charger_id = ? AND action = ? AND direction = ? AND message_type = ? "
            "AND logged_at >= ? AND logged_at <= ? ORDER BY id", [charger_id, action, direction, kind, start, end])

    def usage(self, charger_id: str, transaction_id: str) -> list[dict[str, Any]]:
        return self.db.execute(
            "SELECT * FROM charger_usage_log WHERE charger_id = ? AND transaction_id = ?", [charger_id, transaction_id])

    @staticmethod
    def max_concurrent(rows: list[dict[str, Any]]) -> int:
        live: set[str] = set()
        best = 0
        for row in rows:
            if row["status"] == "connected":
                live.add(row["charger_id"])
            else:
                live.discard(row["charger_id"])
            best = max(best, len(live))
        return best

    # -- shared checks

    def run_of(self, number: int, check: Check) -> dict[str, Any] | None:
        run = self.db.latest_scenario(number)
        if run is None:
            check.expect(False, f"no run recorded (run Scripts/scenario.sh {number})")
            return None
        if run["ended_at"] is None:
            check.expect(False, "the run did not finish")
            return None
        check.expect(run["outcome"] == "completed", f"the run failed: {run['details'].get('error', run['outcome'])}")
        return run

    def connected_and_booted(self, run: dict[str, Any], check: Check, boot: bool = True) -> None:
        rows = self.connections(run["started_at"], run["ended_at"])
        wanted = run["details"].get("chargers", [])
        connected = {r["charger_id"] for r in rows if r["status"] == "connected"}
        missing = [c for c in wanted if c not in connected]
        check.expect(not missing, f"no 'connected' row in charger_connection_log for {', '.join(missing[:5])}"
                     + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
        self.facts.setdefault("connected", []).append((len(wanted) - len(missing), len(wanted)))
        if len(wanted) >= 3:  # the concurrency criterion belongs to the multi-charger scenarios (3 and 5)
            self.facts["concurrency"] = max(self.facts.get("concurrency", 0), self.max_concurrent(rows))
        if not boot:
            return
        unanswered = [c for c in wanted if not any(
            "status=Accepted" in (m["detail"] or "")
            for m in self.messages(c, "BootNotification", "out", "CALLRESULT", run["started_at"], run["ended_at"]))]
        check.expect(not unanswered, f"BootNotification not answered Accepted for {', '.join(unanswered[:5])}")
        self.facts.setdefault("booted", []).append((len(wanted) - len(unanswered), len(wanted)))

    def session_rows(self, run: dict[str, Any], check: Check) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        out = []
        for session in run["details"].get("sessions", []):
            rows = self.usage(session["chargerId"], session["transactionId"])
            if check.expect(len(rows) == 1, f"{session['chargerId']} transaction {session['transactionId']}: "
                            f"{len(rows)} rows in charger_usage_log (want exactly 1)"):
                out.append((session, rows[0]))
        return out

    def cost_consistent(self, row: dict[str, Any], check: Check) -> None:
        expected = row["energy_consumed"] * self.tariff
        check.expect(abs(row["cost"] - expected) <= 0.5 + 0.001 * expected,
                     f"{row['charger_id']}: cost ₩{row['cost']} is not energy × tariff (₩{expected:.2f})")

    # -- the scenarios

    @scenario(1)
    def scenario_1(self, run: dict[str, Any], check: Check) -> None:
        station, start, end = "emart_jeju_01", run["started_at"], run["ended_at"]
        answers = self.messages(station, "BootNotification", "out", "CALLRESULT", start, end)
        check.expect(any("interval=30" in (m["detail"] or "") for m in answers),
                     "BootNotification answer without interval 30")
        check.expect(bool(self.messages(station, "Heartbeat", "in", "CALL", start, end)), "no Heartbeat received")
        statuses = self.messages(station, "StatusNotification", "in", "CALL", start, end)
        check.expect(any((m["detail"] or "").endswith("Available") for m in statuses),
                     "no StatusNotification Available")
        rows = [r for r in self.connections(start, end) if r["charger_id"] == station]
        check.expect(bool(rows) and rows[-1]["status"] == "disconnected", "the charger did not disconnect at the end")
        evse = run["details"].get("stationStatus", {})
        check.expect((evse.get("powerW") or 0) == 0, f"station reported power {evse.get('powerW')} W, want 0")

    @scenario(2)
    def scenario_2(self, run: dict[str, Any], check: Check) -> None:
        rows = self.session_rows(run, check)
        if not check.expect(len(rows) == 1, "no session recorded"):
            return
        _, row = rows[0]
        energy, cost = row["energy_consumed"], row["cost"]
        self.facts["energy"], self.facts["cost"] = energy, cost
        check.expect(abs(energy - SEED_ENERGY_KWH) <= SEED_ENERGY_TOL,
                     f"energy {energy:.3f} kWh outside {SEED_ENERGY_KWH} ± {SEED_ENERGY_TOL}")
        check.expect(abs(cost - SEED_COST) <= SEED_COST_TOL, f"cost ₩{cost} outside ₩{SEED_COST:g} ± {SEED_COST_TOL:g}")
        self.cost_consistent(row, check)
        check.expect(row["duration_seconds"] is not None and abs(row["duration_seconds"] - 30) <= 3,
                     f"duration {row['duration_seconds']} s, want 30 ± 3")
        readings = self.db.execute(
            "SELECT energy_wh FROM meter_readings WHERE charger_id = ? AND transaction_id = ? AND energy_wh IS NOT NULL "
            "ORDER BY id", [row["charger_id"], row["transaction_id"]])
        values = [r["energy_wh"] for r in readings]
        check.expect(len(values) >= 2 and values == sorted(values) and values[-1] > values[0],
                     f"energy did not accumulate over the session's meter values ({len(values)} readings)")

    @scenario(3)
    def scenario_3(self, run: dict[str, Any], check: Check) -> None:
        rows = self.session_rows(run, check)
        chargers = {s["chargerId"] for s, _ in rows}
        check.expect(chargers == set(EXPECTED_3), f"sessions on {sorted(chargers)}, want {sorted(EXPECTED_3)}")
        tx_ids = [r["transaction_id"] for _, r in rows]
        check.expect(len(set(tx_ids)) == len(tx_ids), f"transaction ids are not distinct: {tx_ids}")
        for _, row in rows:
            want = EXPECTED_3.get(row["charger_id"])
            if want is None:
                continue
            check.expect(abs(row["energy_consumed"] - want) <= max(0.05, 0.12 * want),
                         f"{row['charger_id']}: {row['energy_consumed']:.3f} kWh, want {want} ± {max(0.05, 0.12 * want):.2f}")
            self.cost_consistent(row, check)
        if rows:
            total_kw = sum(r["energy_consumed"] * 3600.0 / max(1, r["duration_seconds"] or 0) for _, r in rows)
            self.facts["total_kw"] = total_kw
            check.expect(abs(total_kw - 250) <= 25, f"total power {total_kw:.0f} kW from the sessions, want 250 ± 25")
        check.expect(self.max_concurrent(self.connections(run["started_at"], run["ended_at"])) >= 3,
                     "fewer than 3 chargers were connected at once")

    @scenario(4)
    def scenario_4(self, run: dict[str, Any], check: Check) -> None:
        rows = self.session_rows(run, check)
        if not check.expect(len(rows) == 1, "no session recorded"):
            return
        session, row = rows[0]
        events = self.db.transaction_events(row["charger_id"], row["transaction_id"])
        fresh = [e for e in events if not e["duplicate"]]
        seqs = [e["seq_no"] for e in fresh]
        check.expect(seqs == sorted(seqs) and len(set(seqs)) == len(seqs),
                     f"transaction events arrived out of order: seqNo {seqs}")
        offline = [e for e in fresh if e["offline"]]
        check.expect(bool(offline), "no transaction event arrived with offline = true")
        outage = run["details"].get("outage", {})
        start, end = parse_time(outage.get("start")), parse_time(outage.get("end"))
        if check.expect(start is not None and end is not None, "the outage was not recorded"):
            during = [e for e in fresh if (t := parse_time(e["event_time"])) and start + _s(1) < t < end - _s(1)]
            check.expect(bool(during), "no transaction event was generated during the outage")
            online = [e["seq_no"] for e in during if not e["offline"]]
            check.expect(not online, f"events generated during the outage without offline = true: seqNo {online}")
        ended = [e for e in fresh if e["event_type"] == "Ended"]
        check.expect(len(ended) == 1, f"{len(ended)} Ended events (want 1)")
        meter_wh = session.get("meterEnergyWh")
        if check.expect(meter_wh is not None, "the runner did not record the meter's energy"):
            recorded_wh = row["energy_consumed"] * 1000.0
            check.expect(abs(recorded_wh - meter_wh) <= max(1.0, 0.005 * meter_wh),
                         f"recorded energy {recorded_wh:.1f} Wh differs from the meter's {meter_wh:.1f} Wh")
        self.cost_consistent(row, check)

    @scenario(5)
    def scenario_5(self, run: dict[str, Any], check: Check) -> None:
        fleet = self.db.execute("SELECT charger_id FROM charger_info")
        wanted = set(run["details"].get("chargers", []))
        check.expect(len(wanted) == len(fleet) and len(fleet) >= 34,
                     f"{len(wanted)} chargers in the run, {len(fleet)} in charger_info (want all 34)")
        sessions = run["details"].get("sessions", [])
        check.expect(len(sessions) == len(wanted), f"{len(sessions)} sessions started for {len(wanted)} chargers")
        rows = self.session_rows(run, check)
        recorded = self.db.execute(
            "SELECT charger_id, transaction_id FROM charger_usage_log WHERE recorded_at >= ? AND recorded_at <= ?",
            [run["started_at"], run["ended_at"]])
        extra = {(r["charger_id"], r["transaction_id"]) for r in recorded} - {
            (s["chargerId"], s["transactionId"]) for s in sessions}
        check.expect(not extra, f"{len(extra)} sessions recorded that the burst did not start: {sorted(extra)[:3]}")
        empty = [r["charger_id"] for _, r in rows if not r["energy_consumed"] or r["energy_consumed"] <= 0]
        check.expect(not empty, f"sessions without energy on {', '.join(empty[:5])}")

    @scenario(6)
    def scenario_6(self, run: dict[str, Any], check: Check) -> None:
        verify_maintenance.check_scenario_6(self, run, check)

    @scenario(7)
    def scenario_7(self, run: dict[str, Any], check: Check) -> None:
        verify_maintenance.check_scenario_7(self, run, check)

    @scenario(8)
    def scenario_8(self, run: dict[str, Any], check: Check) -> None:
        verify_site.check_scenario_8(self, run, check)

    def verify(self, numbers: list[int]) -> bool:
        passed = True
        for number in numbers:
            check = Check()
            try:
                getattr(self, f"scenario_{number}")(check)
            except Exception as error:  # a broken row is a failure with a reason, not a traceback
                check.expect(False, f"{type(error).__name__}: {error}")
            if check.problems:
                passed = False
                print(f"FAIL - scenario_{number}: {'; '.join(check.problems)}")
            else:
                print(f"PASS - scenario_{number}")
        self.print_table()
        return passed

    def print_table(self) -> None:
        def ratio(key: str) -> tuple[str, str]:
            pairs = self.facts.get(key)
            if not pairs:
                return "-", "not checked"
            good, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
            return ("PASS" if good == total else "FAIL"), f"{good}/{total}"

        energy, cost = self.facts.get("energy"), self.facts.get("cost")
        rows = [
            ("connection", "every charger connects to ws://…:9000", *ratio("connected"), "charger_connection_log"),
            ("messages", "BootNotification sent and answered", *ratio("booted"), "ocpp_message_log CALLRESULT"),
            ("energy", "1.67 ± 0.2 kWh",
             "-" if energy is None else ("PASS" if abs(energy - SEED_ENERGY_KWH) <= SEED_ENERGY_TOL else "FAIL"),
             "not checked" if energy is None else f"{energy:.3f} kWh", "charger_usage_log (scenario 2)"),
            ("cost", "₩250 ± 10",
             "-" if cost is None else ("PASS" if abs(cost - SEED_COST) <= SEED_COST_TOL else "FAIL"),
             "not checked" if cost is None else f"₩{cost:.1f}", "charger_usage_log (scenario 2)"),
            ("concurrency", "3 or more chargers connected at once",
             "-" if "concurrency" not in self.facts else ("PASS" if self.facts["concurrency"] >= 3 else "FAIL"),
             str(self.facts.get("concurrency", "not checked")), "charger_connection_log overlap"),
        ]
        if "firmware" in self.facts:
            version, statuses = self.facts["firmware"]
            rows.append(("firmware", "update installed, new version booted", "PASS" if statuses.endswith("Installed")
                         else "FAIL", f"{version}: {statuses}", "firmware_job, charger_status (scenario 6)"))
        if "logs" in self.facts:
            got, want = self.facts["logs"]
            rows.append(("logs", "GetLog uploaded by 3 chargers", "PASS" if got == want else "FAIL", f"{got}/{want}",
                         "log_job, log_upload (scenario 7)"))
        rows += verify_site.table_rows(self.facts)
        header = ("item", "criterion", "result", "measured", "checked by")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
        print()
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths)) + " |")


def _s(seconds: float):
    from datetime import timedelta

    return timedelta(seconds=seconds)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="charger_bench verify", description=__doc__)
    p.add_argument("scenarios", nargs="*", type=int, help="1-8 (default: 1-5)")
    add_database_options(p)
    p.add_argument("--tariff", type=float, default=DEFAULT_TARIFF_PER_KWH)
    args = p.parse_args(argv)
    numbers = args.scenarios or [1, 2, 3, 4, 5]
    if any(n not in range(1, 9) for n in numbers):
        p.error("scenarios are numbered 1 to 8")
    try:
        db = Database(database_target(args))
    except Exception as error:  # noqa: BLE001 - a clear message instead of a traceback
        print(f"FAIL - database: cannot open {database_target(args).describe()}: {error}")
        return 1
    ok = Verifier(db, args.tariff).verify(numbers)
    db.close()
    return 0 if ok else 1
