#!/bin/sh
# Makes a simulated firmware image for the simulator board's installer (Scripts/installers/install-simulated):
# a line `charger-agent-firmware-version=VERSION` followed by SIZE_KB KiB of random padding (default 1024).
# Sign it as a manufacturer would, e.g. with Tests/Peers/make_firmware_signing.sh.
set -eu
version=${1:?usage: make-sim-firmware.sh VERSION OUT [SIZE_KB]}
out=${2:?usage: make-sim-firmware.sh VERSION OUT [SIZE_KB]}
size_kb=${3:-1024}
printf 'charger-agent-firmware-version=%s\n' "$version" > "$out"
head -c "$((size_kb * 1024))" /dev/urandom >> "$out"
