"""The bench's maintenance side (issue 16 item 5): firmware files served and log uploads stored on the REST port,
UpdateFirmware / GetLog / CustomerInformation sent through the REST API to a station (a fake made with the `ocpp`
library, see fake_station.py) and what it reports recorded, the dashboard showing firmware version and jobs."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bench_support import BenchServer, dashboard, http, wait_until
from fake_station import FakeStationRunner

STATION = "fake_maint_01"


@pytest.fixture(scope="module")
def bench(tmp_path_factory, python):
    work = tmp_path_factory.mktemp("bench-maintenance")
    firmware, uploads = work / "firmware", work / "uploads"
    firmware.mkdir()
    (firmware / "chargerd-2.0.0.bin").write_bytes(b"2.0.0\n" + bytes(range(256)) * 4096)  # ~1 MB
    (firmware / "stall.bin").write_bytes(b"9.9.9\n")
    server = BenchServer(python, ["--db", str(work / "bench.sqlite"), "--firmware-dir", str(firmware),
                                  "--upload-dir", str(uploads), "--max-upload-mb", "1",
                                  "--tx-updated-interval", "0"], work)
    server.firmware, server.uploads = firmware, uploads
    station = None
    try:
        station = FakeStationRunner(f"ws://127.0.0.1:{server.ws_port}", STATION)
        wait_until("the fake station accepted", lambda: server.get(f"/api/chargers/{STATION}")["connected"], 20)
        yield server, station
    finally:
        if station is not None:
            station.stop()
        server.stop()


def raw(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_firmware_files_are_served_whole_and_by_range(bench) -> None:
    server, _ = bench
    expected = (server.firmware / "chargerd-2.0.0.bin").read_bytes()
    status, _, body = raw("GET", server.base + "/firmware/chargerd-2.0.0.bin")
    assert status == 200 and body == expected
    # A station resuming after a power cut asks for the rest.
    status, headers, body = raw("GET", server.base + "/firmware/chargerd-2.0.0.bin", headers={"Range": "bytes=1000-"})
    assert status == 206 and body == expected[1000:]
    listed = {f["name"]: f for f in server.get("/api/firmware")}
    assert listed["chargerd-2.0.0.bin"]["sha256"] == hashlib.sha256(expected).hexdigest()
    status, _, body = raw("GET", server.base + "/firmware/missing.bin")
    assert status == 404 and json.loads(body)["error"]["code"] == "NotFound"


def test_update_firmware_is_sent_and_each_status_recorded_then_the_new_version_shown(bench) -> None:
    server, station = bench
    assert server.get(f"/api/chargers/{STATION}")["firmwareVersion"] == "1.0.0"
    status, answer = server.post(f"/api/chargers/{STATION}/firmware",
                                 {"file": "chargerd-2.0.0.bin", "signature": "c2ln", "retries": 2, "retryInterval": 5})
    assert status == 200, answer
    result = answer["result"]
    assert result["response"]["status"] == "Accepted"
    assert result["location"] == f"{server.base}/firmware/chargerd-2.0.0.bin"
    job = wait_until("Installed", lambda: next(
        (j for j in server.get(f"/api/jobs?charger_id={STATION}")["firmware"]
         if j["request_id"] == result["requestId"] and j["status"] == "Installed"), None), 20)
    assert job["statuses"] == ["Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting",
                               "Installed"]
    assert job["running"] is False
    # The station downloaded exactly the served file, and came back on the new version.
    expected = hashlib.sha256((server.firmware / "chargerd-2.0.0.bin").read_bytes()).hexdigest()
    assert station.downloaded[result["location"]] == expected
    assert server.get(f"/api/chargers/{STATION}")["firmwareVersion"] == "2.0.0"


def test_a_running_job_and_the_firmware_version_are_on_the_dashboard(bench) -> None:
    server, _ = bench
    status, answer = server.post(f"/api/chargers/{STATION}/firmware", {"file": "stall.bin"})
    assert status == 200, answer
    request_id = answer["result"]["requestId"]
    wait_until("Downloading", lambda: server.get(f"/api/chargers/{STATION}")["jobs"] == [
        {"kind": "firmware", "requestId": request_id, "status": "Downloading"}], 20)
    row = dashboard(server.base).rows[STATION]
    assert row["data-firmware"] == server.get(f"/api/chargers/{STATION}")["firmwareVersion"]
    assert row["data-jobs"] == f"firmware {request_id} Downloading"
    # A new UpdateFirmware answered AcceptedCanceled ends the running one.
    bench[1].firmware_answer = "AcceptedCanceled"
    try:
        status, answer = server.post(f"/api/chargers/{STATION}/firmware", {"file": "stall.bin"})
        assert answer["result"]["response"]["status"] == "AcceptedCanceled"
        jobs = {j["request_id"]: j for j in server.get(f"/api/jobs?charger_id={STATION}")["firmware"]}
        assert jobs[request_id]["status"] == "Canceled" and not jobs[request_id]["running"]
    finally:
        bench[1].firmware_answer = "Accepted"


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_get_log_is_uploaded_to_the_bench_and_stored_per_charger(bench, method) -> None:
    server, station = bench
    station.upload_method = method
    status, answer = server.post(f"/api/chargers/{STATION}/log", {
        "logType": "DiagnosticsLog", "oldestTimestamp": "2026-12-06T00:00:00Z", "latestTimestamp": "2026-12-06T23:59:59Z"})
    assert status == 200, answer
    result = answer["result"]
    assert result["remoteLocation"] == f"{server.base}/logs/{STATION}/"
    name = result["response"]["filename"]
    job = wait_until("Uploaded", lambda: next(
        (j for j in server.get(f"/api/jobs?charger_id={STATION}")["log"]
         if j["request_id"] == result["requestId"] and j["status"] == "Uploaded"), None), 20)
    assert job["statuses"] == ["Uploading", "Uploaded"] and job["filename"] == name
    stored = server.uploads / STATION / name
    expected = f"DiagnosticsLog of {STATION}\n".encode() + station.log_body
    assert stored.read_bytes() == expected
    upload = [u for u in server.get(f"/api/log-uploads?charger_id={STATION}") if u["filename"] == name]
    assert upload == [{"charger_id": STATION, "filename": name, "size": len(expected), "method": method,
                       "sha256": hashlib.sha256(expected).hexdigest(), "received_at": upload[0]["received_at"]}]


def test_uploads_keep_earlier_files_and_refuse_bad_names_and_oversize(bench) -> None:
    server, _ = bench
    url = f"{server.base}/logs/{STATION}/same.log"
    assert raw("PUT", url, b"first")[0] == 201
    assert raw("PUT", url, b"second")[0] == 201
    assert (server.uploads / STATION / "same.log").read_bytes() == b"first"
    assert (server.uploads / STATION / "same-1.log").read_bytes() == b"second"
    status, _, body = raw("PUT", f"{server.base}/logs/{STATION}/..hidden", b"x")
    assert status == 400 and json.loads(body)["error"]["code"] == "BadName"
    status, _, body = raw("PUT", f"{server.base}/logs/{STATION}/big.log", b"x" * (1024 * 1024 + 1))
    assert status == 413 and json.loads(body)["error"]["code"] == "TooLarge"
    assert not (server.uploads / STATION / "big.log").exists()
    assert not list((server.uploads / STATION).glob("*.part"))
    status, _, body = raw("POST", f"{server.base}/logs/{STATION}", b"not multipart", {"Content-Type": "text/plain"})
    assert status == 415


def test_customer_information_is_sent_and_the_pages_put_together(bench) -> None:
    server, station = bench
    station.customer_pages = ["Authorization cache: Accepted", "Cleared for idToken AB12: authorization cache entry."]
    status, answer = server.post(f"/api/chargers/{STATION}/customer-information",
                                 {"idToken": "AB12", "idTokenType": "ISO14443", "report": True, "clear": True})
    assert status == 200, answer
    request_id = answer["result"]["requestId"]
    assert answer["result"]["response"]["status"] == "Accepted"
    record = wait_until("both pages", lambda: next(
        (r for r in server.get(f"/api/customer-information?charger_id={STATION}&request_id={request_id}")
         if r["complete"]), None), 20)
    assert record["customer"] == {"idToken": {"idToken": "AB12", "type": "ISO14443"}}
    assert record["report"] and record["clear"] and record["answer"] == "Accepted"
    assert [(p["seqNo"], p["tbc"]) for p in record["pages"]] == [(0, True), (1, False)]
    assert record["data"] == "\n".join(station.customer_pages)


@pytest.mark.parametrize("path,body,status,code", [
    (f"/api/chargers/{STATION}/firmware", {}, 400, "MissingField"),
    (f"/api/chargers/{STATION}/firmware", {"file": "nope.bin"}, 404, "NotFound"),
    (f"/api/chargers/{STATION}/log", {"logType": "Everything"}, 400, "BadField"),
    (f"/api/chargers/{STATION}/customer-information", {"report": "yes"}, 400, "BadField"),
    ("/api/chargers/nobody_here/log", {}, 404, "UnknownStation"),
])
def test_bad_maintenance_requests_get_a_clear_4xx(bench, path, body, status, code) -> None:
    server, _ = bench
    got, answer = server.post(path, body)
    assert got == status, answer
    assert answer["error"]["code"] == code


def test_a_station_not_connected_is_409(bench) -> None:
    server, _ = bench
    other = f"gone_{uuid.uuid4().hex[:6]}"
    runner = FakeStationRunner(f"ws://127.0.0.1:{server.ws_port}", other)
    wait_until("connected", lambda: server.get(f"/api/chargers/{other}")["connected"], 20)
    runner.stop()
    wait_until("disconnected", lambda: not server.get(f"/api/chargers/{other}")["connected"], 20)
    got, answer = server.post(f"/api/chargers/{other}/log", {})
    assert got == 409 and answer["error"]["code"] == "NotConnected"
