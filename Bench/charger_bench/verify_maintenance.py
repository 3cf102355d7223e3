"""The verifier's checks of scenarios 6 and 7 (scenarios_maintenance.py), from what the bench CSMS recorded: the
jobs and their notifications, the boots and security events in ocpp_message_log, the log uploads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .verify import Check, Verifier

# FirmwareStatusNotification statuses of a signed update in the order Part 2 (L01) has them; the verifier wants
# the statuses reported in this order (a status may be left out, none may come back).
FIRMWARE_ORDER = ["Downloading", "Downloaded", "SignatureVerified", "InstallScheduled", "Installing",
                  "InstallRebooting", "Installed"]


def job(verifier: "Verifier", table: str, charger_id: str, request_id: int) -> dict[str, Any] | None:
    row = verifier.db.one(f"SELECT * FROM {table} WHERE charger_id = ? AND request_id = ? ORDER BY id DESC LIMIT 1",
                          [charger_id, request_id])
    if row is not None:
        row["statuses"] = json.loads(row["statuses"])
    return row


def check_scenario_6(verifier: "Verifier", run: dict[str, Any], check: "Check") -> None:
    details = run["details"]
    station, start, end = details["chargers"][0], run["started_at"], run["ended_at"]
    row = job(verifier, "firmware_job", station, details.get("requestId", -1))
    if not check.expect(row is not None, f"no firmware job {details.get('requestId')} recorded for {station}"):
        return
    check.expect(row["answer"] == "Accepted", f"UpdateFirmware answered {row['answer']}")
    statuses = row["statuses"]
    check.expect(statuses[-1:] == ["Installed"], f"the last FirmwareStatusNotification is not Installed: {statuses}")
    for needed in ("Downloading", "Downloaded", "SignatureVerified", "Installing"):
        check.expect(needed in statuses, f"no FirmwareStatusNotification {needed} (got {statuses})")
    known = [s for s in statuses if s in FIRMWARE_ORDER]
    check.expect(known == sorted(known, key=FIRMWARE_ORDER.index) and len(set(known)) == len(known),
                 f"FirmwareStatusNotifications out of the spec's order: {statuses}")
    boots = verifier.messages(station, "BootNotification", "in", "CALL", start, end)
    expected = details.get("expectedVersion")
    check.expect(expected != details.get("versionBefore"), f"the run wanted the version it had: {expected!r}")
    updated = [m for m in boots if "reason=FirmwareUpdate" in (m["detail"] or "")]
    check.expect(bool(updated), "no BootNotification with reason FirmwareUpdate after the install")
    # The boot after the install names the running version (the run's later boots may be another scenario's).
    version = (updated[-1]["detail"] or "").split("firmware=", 1)[-1] if updated else None
    check.expect(version == expected, f"the station came back on {version!r}, want the new {expected!r} "
                 f"(was {details.get('versionBefore')!r})")
    events = verifier.messages(station, "SecurityEventNotification", "in", "CALL", start, end)
    check.expect(any("type=FirmwareUpdated" in (m["detail"] or "") for m in events),
                 "no SecurityEventNotification FirmwareUpdated")
    verifier.facts["firmware"] = (version, " > ".join(statuses))


def check_scenario_7(verifier: "Verifier", run: dict[str, Any], check: "Check") -> None:
    logs = run["details"].get("logs", [])
    check.expect(len(logs) == 3, f"{len(logs)} GetLog jobs in the run, want 3")
    uploaded = 0
    for entry in logs:
        charger_id = entry["chargerId"]
        row = job(verifier, "log_job", charger_id, entry["requestId"])
        if not check.expect(row is not None, f"{charger_id}: no log job {entry['requestId']}"):
            continue
        check.expect(row["answer"] == "Accepted", f"{charger_id}: GetLog answered {row['answer']}")
        check.expect(row["statuses"] == ["Uploading", "Uploaded"],
                     f"{charger_id}: LogStatusNotifications {row['statuses']}, want Uploading then Uploaded")
        files = verifier.db.execute(
            "SELECT filename, size FROM log_upload WHERE charger_id = ? AND received_at >= ? AND received_at <= ?",
            [charger_id, run["started_at"], run["ended_at"]])
        named = [f for f in files if f["filename"] == entry.get("filename")] or files
        if check.expect(bool(named) and named[0]["size"] > 0, f"{charger_id}: no log upload received"):
            uploaded += 1
    verifier.facts["logs"] = (uploaded, 3)
