"""Reads the charger ids of a fleet file without a YAML library (the test venv has none): every
`- {id: ..., kind: ...}` line of a store's chargers list."""

import re

_CHARGER = re.compile(r"^\s*-\s*\{\s*id:\s*([A-Za-z0-9_.-]+)\s*,\s*kind:")


def charger_ids(path):
    with open(path) as handle:
        return [m.group(1) for m in map(_CHARGER.match, handle) if m]
