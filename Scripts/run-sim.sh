#!/usr/bin/env bash
# Runs the fleet simulator (charger-sim) against the bench CSMS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "charger-sim: not yet — lands with the daemon issue (#5)"
exit 0
