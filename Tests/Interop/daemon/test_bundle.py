"""chargerctl bundle: the support bundle holds config, status, diag, store summary and logs — and no secret."""

import json
import os
import tarfile

PASSWORD = "Hunter2-Sup3r-Secret-Pa55"
URL_PASSWORD = "urlpass-8d7f6e"
KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7secretkeymaterial"


def secret_board(repo_root, work_dir, csms_url):
    """The simulator board with Basic auth (password in a file) and the CSMS URL of the test peer."""
    password_file = work_dir / "csms-password"
    password_file.write_text(PASSWORD + "\n")
    text = (repo_root / "BoardConfigs/simulator.yaml").read_text()
    text = text.replace("securityProfile: 0", f"securityProfile: 1\n  password: {{file: {password_file}}}")
    text = text.replace("url: ws://127.0.0.1:9000/ocpp", f"url: {csms_url}")
    text += f"\n# support note: old CSMS ws://station:{URL_PASSWORD}@csms.example/ocpp\n# apiToken: {PASSWORD}\n"
    board = work_dir / "board.yaml"
    board.write_text(text)
    return board


def read_bundle(path):
    files = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile():
                files[os.path.basename(member.name)] = archive.extractfile(member).read().decode()
    return files


def assert_no_secret(files):
    for name, text in files.items():
        for secret in [PASSWORD, URL_PASSWORD, KEY_BODY, "PRIVATE KEY-----\nMII"]:
            assert secret not in text, f"{secret!r} leaked into {name}"


def test_bundle_from_a_running_daemon_has_everything_but_secrets(make_daemon, repo_root, work_dir, csms):
    board = secret_board(repo_root, work_dir, csms.url)
    daemon = make_daemon(board)
    log_file = work_dir / "extra.log"
    log_file.write_text(
        f"Authorization: Basic c3RhdGlvbjp{PASSWORD}\npassword={PASSWORD}\n"
        f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\nan ordinary line\n"
    )
    try:
        daemon.start()
        output = work_dir / "bundle.tar.gz"
        result = daemon.ctl("bundle", "-o", str(output), "--log-file", str(log_file))
        assert "wrote" in result.stdout
        files = read_bundle(output)
    finally:
        daemon.stop()
    assert {"config.yaml", "status.json", "diag.json", "diag.txt", "store-summary.json", "logs.txt",
            "README.txt"} <= set(files), sorted(files)
    assert_no_secret(files)
    assert "<redacted>" in files["config.yaml"]
    assert "securityProfile: 1" in files["config.yaml"]  # the rest of the config is kept
    assert json.loads(files["status.json"])["station"]["id"] == "CP-SIM-001"
    assert json.loads(files["diag.json"])["checks"]
    assert "transactions" in json.loads(files["store-summary.json"])["rows"]


def test_bundle_with_the_daemon_stopped_uses_the_board_file(ctl, repo_root, work_dir):
    board = secret_board(repo_root, work_dir, "ws://127.0.0.1:9/ocpp")
    output = work_dir / "offline.tar.gz"
    result = ctl(["--socket", str(work_dir / "absent.sock"), "bundle", "-o", str(output), "--config", str(board)])
    assert result.returncode == 0
    files = read_bundle(output)
    assert {"config.yaml", "diag.json", "README.txt"} <= set(files)
    assert "daemon not reachable" in files["README.txt"]
    assert_no_secret(files)
