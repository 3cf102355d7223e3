"""Snapshot tests of `chargerctl` help: the root and every subcommand, at 100 columns.

The snapshots are Tests/ChargerAgentTests/Snapshots/chargerctl-help*.txt; run with UPDATE_SNAPSHOTS=1 to rewrite
them after a deliberate change (and review the diff)."""

import os

import pytest

COMMANDS = [
    [], ["status"], ["diag"], ["selftest"], ["meter"], ["meter", "read"], ["bundle"], ["sim"], ["sim", "plug"],
    ["sim", "unplug"], ["sim", "token"], ["sim", "fault"], ["sim", "clear"], ["security-log"], ["limit"],
    ["limit", "set"], ["limit", "clear"], ["limit", "show"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=["root" if not c else "-".join(c) for c in COMMANDS])
def test_help_matches_its_snapshot(ctl, repo_root, command):
    result = ctl([*command, "--help"])
    name = "chargerctl-help" + "".join("-" + part for part in command) + ".txt"
    snapshot = repo_root / "Tests/ChargerAgentTests/Snapshots" / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(result.stdout)
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with UPDATE_SNAPSHOTS=1"
    assert result.stdout == snapshot.read_text(), f"help differs from {snapshot.name}"
