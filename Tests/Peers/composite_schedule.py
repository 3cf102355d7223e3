#!/usr/bin/env python3
"""An independent composite schedule (OCPP 2.0.1 K08), written from the specification's text, to cross-check
the station's `CompositeSchedule`.

It evaluates profiles point by point: for any second t it asks each profile "which period of yours is in force
at t?" by arithmetic (recurrence by modulo), and finds the instants where that answer can change from the
profile's own dates. The station builds segments instead; the two must agree.

Reads one JSON case per line on stdin, writes one JSON result per line on stdout:
  case:   {"profiles":[{"evseId":N,"profile":<ChargingProfileType>}], "evseId":N, "start":<epoch s>,
           "duration":N, "unit":"A"|"W", "transaction":{"id":..,"start":<epoch s>}|null,
           "ratedCurrent":x, "phases":N, "voltage":x, "stationShare":N}
  result: {"periods":[[startSeconds, limit], ...]}

The rules (Part 2, K "Smart Charging", 3.x "Charging profiles"):
  - ChargingStationMaxProfile limits the whole station (an EVSE gets 1/stationShare of it);
    TxDefaultProfile is the default for transactions, one on the EVSE overriding one on EVSE 0;
    TxProfile (of the running transaction) overrides TxDefaultProfile. The lowest of these and the EVSE's rating
    is the composite.
  - Within a purpose the highest stackLevel valid at that moment wins (validFrom <= t < validTo, and the
    schedule has a period at t: after its start, before start + duration).
  - Absolute: start = startSchedule. Recurring: the last startSchedule + k * (1 day | 1 week), k >= 0, at or
    before t; an occurrence lasts at most until the next. Relative: start = the transaction's start, or the
    request's start without a transaction.
  - W = A * voltage * phases (numberPhases of the period, else the EVSE's phases).
  - Limits rounded down to 0.1; equal neighbours merged; times are whole seconds from the window's start.
"""
import json
import math
import sys
from datetime import datetime

DAY = 86400
WEEK = 7 * DAY


def epoch(text):
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def rel(value, start):
    """Whole seconds from the window start (fractions dropped)."""
    return math.floor(value - start)


class Profile:
    def __init__(self, installed, case):
        p = installed["profile"]
        self.evse = installed["evseId"]
        self.purpose = p["chargingProfilePurpose"]
        self.level = p["stackLevel"]
        self.kind = p["chargingProfileKind"]
        self.tx = p.get("transactionId")
        sched = p["chargingSchedule"][0]
        self.unit = sched["chargingRateUnit"]
        self.duration = sched.get("duration")
        self.periods = [(q["startPeriod"], q["limit"], q.get("numberPhases")) for q in sched["chargingSchedulePeriod"]]
        s0 = case["start"]
        self.valid_from = rel(epoch(p["validFrom"]), s0) if p.get("validFrom") else None
        self.valid_to = rel(epoch(p["validTo"]), s0) if p.get("validTo") else None
        self.recur = None
        if self.kind == "Relative":
            t = case.get("transaction")
            self.origin = rel(t["start"], s0) if t else 0
        else:
            self.origin = rel(epoch(sched["startSchedule"]), s0)
            if self.kind == "Recurring":
                self.recur = WEEK if p.get("recurrencyKind") == "Weekly" else DAY

    def start_at(self, t):
        """The start of the occurrence of the schedule in force at t (None before the first)."""
        if t < self.origin:
            return None
        if self.recur is None:
            return self.origin
        return self.origin + ((t - self.origin) // self.recur) * self.recur

    def period_at(self, t):
        """(limit, numberPhases) of the period in force at t, or None."""
        if self.valid_from is not None and t < self.valid_from:
            return None
        if self.valid_to is not None and t >= self.valid_to:
            return None
        s = self.start_at(t)
        if s is None:
            return None
        into = t - s
        if self.duration is not None and into >= self.duration:
            return None
        if self.recur is not None and into >= self.recur:
            return None
        found = None
        for start_period, limit, phases in self.periods:
            if start_period <= into:
                found = (limit, phases)
        return found

    def instants(self, end):
        """Every instant in [0, end) where period_at may change."""
        out = set()
        for v in (self.valid_from, self.valid_to):
            if v is not None:
                out.add(v)
        starts = []
        if self.recur is None:
            starts = [self.origin]
        else:
            k = max(0, -(self.origin // self.recur) - 1)
            while self.origin + k * self.recur < end:
                starts.append(self.origin + k * self.recur)
                k += 1
        for s in starts:
            for start_period, _, _ in self.periods:
                out.add(s + start_period)
            if self.duration is not None:
                out.add(s + self.duration)
        return {t for t in out if 0 < t < end}


def to_unit(limit, phases, from_unit, case):
    ph = phases if phases is not None else case["phases"]
    v = case["voltage"]
    if from_unit == case["unit"]:
        return limit
    if case["unit"] == "W":
        return limit * v * ph
    return limit / (v * ph)


def best(profiles, t, case):
    top = None
    for p in profiles:
        got = p.period_at(t)
        if got is None:
            continue
        if top is None or p.level > top[0]:
            top = (p.level, to_unit(got[0], got[1], p.unit, case))
    return None if top is None else top[1]


def composite(case):
    evse = case["evseId"]
    profiles = [Profile(i, case) for i in case["profiles"]]
    tx = case.get("transaction")
    station_max = [p for p in profiles if p.purpose == "ChargingStationMaxProfile" and p.evse == 0]
    if evse > 0:
        evse_default = [p for p in profiles if p.purpose == "TxDefaultProfile" and p.evse == evse]
        station_default = [p for p in profiles if p.purpose == "TxDefaultProfile" and p.evse == 0]
        tx_profiles = [p for p in profiles if p.purpose == "TxProfile" and p.evse == evse and tx and p.tx == tx["id"]]
    else:
        evse_default = station_default = tx_profiles = []
    end = case["duration"]
    instants = {0}
    for p in station_max + evse_default + station_default + tx_profiles:
        instants |= p.instants(end)
    if case["unit"] == "W":
        rated = case["ratedCurrent"] * case["voltage"] * case["phases"]
    else:
        rated = case["ratedCurrent"]
    periods = []
    for t in sorted(instants):
        limit = rated
        m = best(station_max, t, case)
        if m is not None:
            limit = min(limit, m if evse == 0 else m / max(1, case["stationShare"]))
        d = best(evse_default, t, case)
        if d is None:
            d = best(station_default, t, case)
        x = best(tx_profiles, t, case)
        if x is None:
            x = d
        if x is not None:
            limit = min(limit, x)
        limit = math.floor(max(0.0, limit) * 10 + 1e-9) / 10
        if not periods or periods[-1][1] != limit:
            periods.append([t, limit])
    return periods


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        print(json.dumps({"periods": composite(case)}), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
