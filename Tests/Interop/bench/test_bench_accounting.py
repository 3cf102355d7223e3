"""The bench CSMS's session accounting, in process: energy from the meter register, cost, duplicates, offline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "Bench"))

from charger_bench.csms import TransactionBook, read_meter  # noqa: E402
from charger_bench.db import Database, DatabaseTarget  # noqa: E402


def sample(wh: float, unit: str = "Wh", power_w: float | None = None, ts: str = "2026-11-25T10:00:00Z") -> list:
    values = [{"value": wh, "measurand": "Energy.Active.Import.Register", "unit_of_measure": {"unit": unit}}]
    if power_w is not None:
        values.append({"value": power_w, "measurand": "Power.Active.Import", "unit_of_measure": {"unit": "W"}})
    return [{"timestamp": ts, "sampled_value": values}]


@pytest.fixture
def book(tmp_path: Path) -> TransactionBook:
    return TransactionBook(Database(DatabaseTarget(sqlite_path=str(tmp_path / "t.sqlite"))), 150.0)


def event(book: TransactionBook, kind: str, seq: int, ts: str, meter: list | None, offline: bool = False) -> float:
    return book.apply("emart_jeju_01", f"m{seq}", kind, ts, "MeterValuePeriodic", seq, {"transaction_id": "TX-001"},
                      meter, offline, {"id": 1}, None)


def test_energy_is_the_register_difference_and_cost_follows_the_tariff(book: TransactionBook) -> None:
    event(book, "Started", 0, "2026-11-25T10:00:00Z", sample(10_000.0, ts="2026-11-25T10:00:00Z"))
    event(book, "Updated", 1, "2026-11-25T10:00:15Z", sample(10_835.0, ts="2026-11-25T10:00:15Z"))
    total = event(book, "Ended", 2, "2026-11-25T10:00:30Z", sample(11.67, "kWh", ts="2026-11-25T10:00:30Z"))
    assert total == pytest.approx(250.5)
    rows = book.db.sessions("emart_jeju_01")
    assert len(rows) == 1
    assert rows[0]["energy_consumed"] == pytest.approx(1.67)
    assert rows[0]["cost"] == pytest.approx(250.5)
    assert rows[0]["duration_seconds"] == 30


def test_power_is_derived_from_energy_when_the_station_reports_none(book: TransactionBook) -> None:
    event(book, "Started", 0, "2026-11-25T10:00:00Z", sample(0.0, ts="2026-11-25T10:00:00Z"))
    event(book, "Updated", 1, "2026-11-25T10:00:10Z", sample(555.5, ts="2026-11-25T10:00:10Z"))
    tx = book.db.transaction("emart_jeju_01", "TX-001")
    assert tx["power_w"] == pytest.approx(199_980.0)


def test_a_resent_event_is_logged_as_duplicate_and_recorded_once(book: TransactionBook) -> None:
    event(book, "Started", 0, "2026-11-25T10:00:00Z", sample(0.0))
    event(book, "Ended", 1, "2026-11-25T10:00:30Z", sample(1000.0, ts="2026-11-25T10:00:30Z"), offline=True)
    event(book, "Ended", 1, "2026-11-25T10:00:30Z", sample(1000.0, ts="2026-11-25T10:00:30Z"), offline=True)
    assert len(book.db.sessions("emart_jeju_01")) == 1
    log = book.db.transaction_events("emart_jeju_01", "TX-001")
    assert [(e["seq_no"], e["offline"], e["duplicate"]) for e in log] == [(0, 0, 0), (1, 1, 0), (1, 1, 1)]


def test_phase_values_are_summed_without_a_total() -> None:
    meter = [{"timestamp": "2026-11-25T10:00:00Z", "sampled_value": [
        {"value": 100.0, "measurand": "Energy.Active.Import.Register", "phase": "L1"},
        {"value": 200.0, "measurand": "Energy.Active.Import.Register", "phase": "L2"},
        {"value": 3.0, "measurand": "Power.Active.Import", "unit_of_measure": {"unit": "kW"}},
    ]}]
    energy, power, _ = read_meter(meter)
    assert energy == 300.0
    assert power == 3000.0
