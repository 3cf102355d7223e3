#!/usr/bin/env python3
"""Validate OCPP 2.0.1 payloads against the official OCA JSON schemas.

This is the independent check for the Swift codec: the Swift tests write the payloads they produce
to a JSON-lines file and run this script on it. The schemas are the ones shipped in the `ocpp`
Python package (ocpp/v201/schemas/<Action>Request.json and <Action>Response.json), so nothing here
is derived from our own generator.

Usage:
    validate_schemas.py FILE.jsonl      validate every line of FILE ("-" reads standard input)
    validate_schemas.py --self-test     check that the validator itself catches what it must

Each input line is a JSON object:
    {"action": "BootNotification", "kind": "request" | "response", "label": "...", "payload": {...}}
("label" is optional; it defaults to "line N".) Blank lines are skipped.

Output: one JSON line per input line, in input order:
    {"label": "...", "ok": true | false, "errors": ["<json path>: <message>", ...]}

Exit status: 0 when every payload is valid, 1 when at least one is not, 2 when the input is unusable
(unreadable file, a line that is not such an object, an unknown action or kind, missing packages).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterable

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2

MAX_MESSAGE_CHARS = 300


class UnusableInput(Exception):
    """The input cannot be validated at all (as opposed to a payload that fails validation)."""


def _import_dependencies():
    try:
        import jsonschema  # noqa: F401
        import ocpp  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise UnusableInput(
            f"{error}; run Scripts/test.sh once (it creates .venv) and use .venv/bin/python3"
        ) from error
    return jsonschema, ocpp


def schema_directory() -> str:
    """The directory of the OCPP 2.0.1 schemas inside the installed `ocpp` package."""
    _, ocpp = _import_dependencies()
    directory = os.path.join(os.path.dirname(ocpp.__file__), "v201", "schemas")
    if not os.path.isdir(directory):
        raise UnusableInput(f"no OCPP 2.0.1 schemas at {directory}")
    return directory


class SchemaValidator:
    """Loads each schema once and validates payloads with draft-06 semantics and format checks."""

    def __init__(self, directory: str | None = None) -> None:
        jsonschema, _ = _import_dependencies()
        self._jsonschema = jsonschema
        self._directory = directory or schema_directory()
        self._validators: dict[str, Any] = {}
        self._format_checker = jsonschema.Draft6Validator.FORMAT_CHECKER
        if "date-time" not in self._format_checker.checkers:
            # jsonschema silently skips formats it has no checker for; for date-time that checker
            # exists only when rfc3339-validator is installed.
            raise UnusableInput(
                "jsonschema cannot check the date-time format here: install rfc3339-validator "
                "(pinned in Scripts/requirements-test.txt)"
            )

    def _validator(self, action: str, kind: str) -> Any:
        name = f"{action}{'Request' if kind == 'request' else 'Response'}"
        cached = self._validators.get(name)
        if cached is not None:
            return cached
        path = os.path.join(self._directory, f"{name}.json")
        if not action or os.sep in action or not os.path.isfile(path):
            raise UnusableInput(f"no schema for action {action!r} ({kind}) in {self._directory}")
        with open(path, encoding="utf-8") as handle:
            schema = json.load(handle)
        validator = self._jsonschema.Draft6Validator(schema, format_checker=self._format_checker)
        self._validators[name] = validator
        return validator

    def check(self, action: str, kind: str) -> None:
        """Raise UnusableInput if there is no schema for this action and kind."""
        self._validator(action, kind)

    def errors(self, action: str, kind: str, payload: Any) -> list[str]:
        """All schema violations of `payload`, as "<json path>: <message>" strings, sorted by path."""
        found = []
        for error in self._validator(action, kind).iter_errors(payload):
            message = error.message
            if len(message) > MAX_MESSAGE_CHARS:
                message = message[: MAX_MESSAGE_CHARS - 3] + "..."
            found.append((list(map(str, error.absolute_path)), f"{_json_path(error.absolute_path)}: {message}"))
        found.sort(key=lambda item: item[0])
        return [text for _, text in found]


def _json_path(components: Iterable[Any]) -> str:
    path = "$"
    for component in components:
        path += f"[{component}]" if isinstance(component, int) else f".{component}"
    return path


def _parse_line(number: int, line: str) -> dict[str, Any]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnusableInput(f"line {number}: not JSON ({error})") from error
    if not isinstance(entry, dict):
        raise UnusableInput(f"line {number}: expected a JSON object, got {type(entry).__name__}")
    for key in ("action", "kind", "payload"):
        if key not in entry:
            raise UnusableInput(f"line {number}: missing {key!r}")
    if not isinstance(entry["action"], str):
        raise UnusableInput(f"line {number}: 'action' must be a string")
    if entry["kind"] not in ("request", "response"):
        raise UnusableInput(f"line {number}: 'kind' must be \"request\" or \"response\", got {entry['kind']!r}")
    label = entry.get("label")
    entry["label"] = label if isinstance(label, str) and label else f"line {number}"
    return entry


def validate_lines(lines: Iterable[str], validator: SchemaValidator) -> list[dict[str, Any]]:
    """Validate every non-blank line; raises UnusableInput before producing any result."""
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entry = _parse_line(number, line)
        try:
            validator.check(entry["action"], entry["kind"])
        except UnusableInput as error:
            raise UnusableInput(f"line {number}: {error}") from error
        entries.append(entry)
    results = []
    for entry in entries:
        errors = validator.errors(entry["action"], entry["kind"], entry["payload"])
        results.append({"label": entry["label"], "ok": not errors, "errors": errors})
    return results


def self_test() -> int:
    """Validate known-good and known-bad payloads and check the verdicts."""
    validator = SchemaValidator()
    good = {
        "action": "BootNotification",
        "kind": "request",
        "label": "good-boot",
        "payload": {
            "reason": "PowerUp",
            "chargingStation": {"model": "AC-22", "vendorName": "charger-agent"},
        },
    }
    bad = {
        "action": "BootNotification",
        "kind": "response",
        "label": "bad-boot-response",
        "payload": {"currentTime": "yesterday", "interval": "300", "status": "Maybe"},
    }
    good_time = {
        "action": "Heartbeat",
        "kind": "response",
        "label": "good-heartbeat",
        "payload": {"currentTime": "2025-01-02T03:04:05.678Z"},
    }
    too_long = {
        "action": "BootNotification",
        "kind": "request",
        "label": "model-too-long",
        "payload": {"reason": "PowerUp", "chargingStation": {"model": "x" * 21, "vendorName": "v"}},
    }
    lines = [json.dumps(entry) for entry in (good, bad, good_time, too_long)]
    results = validate_lines(lines, validator)
    failures = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            failures.append(what)

    by_label = {result["label"]: result for result in results}
    expect(by_label["good-boot"]["ok"], f"good BootNotificationRequest rejected: {by_label['good-boot']}")
    expect(by_label["good-heartbeat"]["ok"], f"good HeartbeatResponse rejected: {by_label['good-heartbeat']}")
    bad_errors = by_label["bad-boot-response"]["errors"]
    expect(not by_label["bad-boot-response"]["ok"], "bad BootNotificationResponse accepted")
    expect(any(e.startswith("$.currentTime:") for e in bad_errors), f"date-time not checked: {bad_errors}")
    expect(any(e.startswith("$.interval:") for e in bad_errors), f"integer type not checked: {bad_errors}")
    expect(any(e.startswith("$.status:") for e in bad_errors), f"enum not checked: {bad_errors}")
    long_errors = by_label["model-too-long"]["errors"]
    expect(
        any(e.startswith("$.chargingStation.model:") for e in long_errors), f"maxLength not checked: {long_errors}"
    )
    try:
        validate_lines(['{"action": "NoSuchAction", "kind": "request", "payload": {}}'], validator)
        failures.append("unknown action accepted")
    except UnusableInput:
        pass

    if failures:
        for failure in failures:
            print(f"validate_schemas self-test FAILED: {failure}", file=sys.stderr)
        return EXIT_INVALID
    print(f"validate_schemas self-test ok ({len(results)} payloads, schemas in {schema_directory()})")
    return EXIT_OK


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return EXIT_UNUSABLE if len(argv) != 1 else EXIT_OK
    try:
        if argv[0] == "--self-test":
            return self_test()
        validator = SchemaValidator()
        if argv[0] == "-":
            results = validate_lines(sys.stdin.read().splitlines(), validator)
        else:
            try:
                with open(argv[0], encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                raise UnusableInput(f"cannot read {argv[0]}: {error}") from error
            results = validate_lines(text.splitlines(), validator)
    except UnusableInput as error:
        print(f"validate_schemas: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    return EXIT_OK if all(result["ok"] for result in results) else EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
