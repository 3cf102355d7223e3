#!/usr/bin/env bash
# Builds the Debian package chargerd_<version>_<arch>.deb with dpkg-deb: chargerd and chargerctl from the
# release build, the systemd unit, sysusers, tmpfiles and udev files of systemd/, /etc/chargerd/board.yaml as
# a conffile and the maintainer scripts of packaging/debian.
#
#   Scripts/package-deb.sh [--binary-dir DIR] [--board FILE] [--version V] [--arch A] [--output DIR]
#                          [--no-strip] [--allow-unpackaged-libraries]
#
#   --binary-dir DIR   package prebuilt binaries from DIR instead of building (a CI artifact, a cross-build)
#   --board FILE       the example board shipped as /etc/chargerd/board.yaml (default BoardConfigs/simulator.yaml);
#                      the daemon is not started while the installed board file is still this one
#   --version V        the package version (default: ChargerAgentVersion.current, the build's version)
#   --arch A           the Debian architecture (default: dpkg --print-architecture)
#   --output DIR       where the .deb is written (default .build/deb); its path is printed last
#   --no-strip         keep the symbol tables (by default the binaries are stripped, as Debian ships them)
#   --allow-unpackaged-libraries
#                      package binaries that need shared libraries no Debian package provides (a debug
#                      build linking the Swift runtime dynamically; for tests only: such a package does
#                      not run elsewhere)
#
# Without --binary-dir it runs the release build of Scripts/lib/release-build.sh (static Swift standard
# library). Depends lists the Debian packages providing every shared library the binaries need (found
# with dpkg -S), at least libc6, libsqlite3-0, libyaml-0-2, libmodbus5 and libgpiod2 (the four C
# libraries of the system-library targets).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary_dir=""
board="$repo/BoardConfigs/simulator.yaml"
version=""
arch=""
output="$repo/.build/deb"
strip_binaries=1
allow_unpackaged=0
products=(chargerd chargerctl)

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# shellcheck source=Scripts/lib/options.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/options.sh"
die() {
    echo "package-deb.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
    --binary-dir) need_value "$@"; binary_dir="$2"; shift 2 ;;
    --board) need_value "$@"; board="$2"; shift 2 ;;
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --arch) need_value "$@"; arch="$2"; shift 2 ;;
    --output) need_value "$@"; output="$2"; shift 2 ;;
    --no-strip) strip_binaries=0; shift ;;
    --allow-unpackaged-libraries) allow_unpackaged=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument '$1'" ;;
    esac
done

command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is not installed (Debian package dpkg)"
[ -f "$board" ] || die "board config $board not found"
if [ -z "$version" ]; then
    version_file="$repo/Sources/ChargerAgent/Version/ChargerAgentVersion.swift"
    version="$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' "$version_file")"
    [ -n "$version" ] || die "no version in $version_file (static let current = \"...\")"
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "'$version' is not a Debian version"
arch="${arch:-$(dpkg --print-architecture)}"

# 1. The binaries: prebuilt, or the release build.
if [ -z "$binary_dir" ]; then
    command -v swift >/dev/null 2>&1 || die "swift is not installed; build elsewhere and pass --binary-dir"
    # shellcheck source=Scripts/lib/release-build.sh
    source "$repo/Scripts/lib/release-build.sh"
    for product in "${products[@]}"; do
        echo "==> building $product (release)" >&2
        release_build --product "$product" >&2 || die "the release build of $product failed"
    done
    # shellcheck disable=SC2119
    binary_dir="$(release_bin_path)"
fi
for product in "${products[@]}"; do
    [ -x "$binary_dir/$product" ] || die "no $product binary in $binary_dir"
done

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/chargerd_${version}_$arch"

# put SRC DEST MODE: one file into the package tree.
put() { install -D -m "$3" "$1" "$root$2"; }

for product in "${products[@]}"; do
    put "$binary_dir/$product" "/usr/bin/$product" 0755
    if [ "$strip_binaries" -eq 1 ] && head -c 4 "$root/usr/bin/$product" | grep -q 'ELF'; then
        strip --strip-unneeded "$root/usr/bin/$product"
    fi
done

# 2. The systemd, sysusers, tmpfiles and udev files of systemd/ (the same ones Scripts/install.sh installs),
#    in the distribution's directories; the unit's paths follow the binaries from /usr/local to /usr.
install -d "$root/lib/systemd/system"
sed -e 's|/usr/local/bin/|/usr/bin/|g' -e 's|/usr/local/share/doc/|/usr/share/doc/|g' \
    "$repo/systemd/chargerd.service" >"$root/lib/systemd/system/chargerd.service"
chmod 0644 "$root/lib/systemd/system/chargerd.service"
put "$repo/packaging/debian/unconfigured.conf" /lib/systemd/system/chargerd.service.d/packaged-example.conf 0644
put "$repo/systemd/chargerd.sysusers" /usr/lib/sysusers.d/chargerd.conf 0644
put "$repo/systemd/chargerd.tmpfiles" /usr/lib/tmpfiles.d/chargerd.conf 0644
put "$repo/systemd/60-chargerd-gpio.rules" /lib/udev/rules.d/60-chargerd-gpio.rules 0644

# 3. Configuration: the board file and the register maps boards refer to (conffiles: an operator's edits
#    survive upgrades), and the pristine example the maintainer scripts compare the board file with.
put "$board" /etc/chargerd/board.yaml 0640
put "$board" /usr/share/chargerd/board.yaml.example 0644
conffiles=(/etc/chargerd/board.yaml)
for folder in meters controllers; do
    for map in "$repo/BoardConfigs/$folder"/*.yaml; do
        [ -f "$map" ] || continue
        put "$map" "/etc/chargerd/$folder/$(basename "$map")" 0644
        conffiles+=("/etc/chargerd/$folder/$(basename "$map")")
    done
done
chmod 0750 "$root/etc/chargerd"
put "$repo/README.md" /usr/share/doc/chargerd/README.md 0644

# 4. Depends: the packages providing the shared libraries the binaries need, found with one dpkg -S (slow)
#    for every library's path as ldd resolves it, its /usr form (merged /usr) and its real file.
depends=(libc6 libsqlite3-0 libyaml-0-2 libmodbus5 libgpiod2)
declare -A library_paths=()
unpackaged=()
for product in "${products[@]}"; do
    while read -r soname path; do
        if [ -z "$path" ]; then
            unpackaged+=("$soname (not found)")
        else
            library_paths[$soname]="$path /usr${path#/usr} $(readlink -f "$path")"
        fi
    done < <(ldd "$binary_dir/$product" 2>/dev/null |
        awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 } $2 == "=>" && $3 == "not" { print $1 }')
done
if [ "${#library_paths[@]}" -gt 0 ]; then
    # shellcheck disable=SC2046,SC2086
    owners="$(dpkg -S $(printf '%s ' "${library_paths[@]}") 2>/dev/null || true)"
    for soname in "${!library_paths[@]}"; do
        owner=""
        for path in ${library_paths[$soname]}; do
            owner="$(awk -v path="$path" '{ file = $0; sub(/^[^ ]+ /, "", file) } file == path { sub(/:.*/, "", $1); print $1; exit }' <<<"$owners")"
            [ -z "$owner" ] || break
        done
        if [ -n "$owner" ]; then
            depends+=("$owner")
        else
            unpackaged+=("$soname (${library_paths[$soname]%% *})")
        fi
    done
fi
if [ "${#unpackaged[@]}" -gt 0 ]; then
    list="$(printf '%s\n' "${unpackaged[@]}" | sort -u | tr '\n' ' ')"
    if [ "$allow_unpackaged" -eq 1 ]; then
        echo "package-deb.sh: warning: libraries no Debian package provides: $list" >&2
    else
        die "libraries no Debian package provides: $list(build with Scripts/lib/release-build.sh, which links the Swift standard library statically)"
    fi
fi
depends_field="$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')"

# 5. The control files.
install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do
    install -m 0755 "$repo/packaging/debian/$script" "$root/DEBIAN/$script"
done
printf '%s\n' "${conffiles[@]}" >"$root/DEBIAN/conffiles"
cat >"$root/DEBIAN/control" <<EOF
Package: chargerd
Version: $version
Architecture: $arch
Maintainer: charger-agent maintainers <chargerd@charger-agent.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends_field
Recommends: systemd
Section: misc
Priority: optional
Description: OCPP 2.0.1 charging station daemon
 chargerd runs one OCPP 2.0.1 charging station (one or more EVSEs) on the hardware
 /etc/chargerd/board.yaml describes: Modbus meters, GPIO contactors, inputs, LEDs and
 connector locks, or simulated parts. chargerctl is the technician's tool: status,
 diagnostics of the board and of the CSMS link, support bundles.
 .
 The service is enabled at install but does not start until the board file has been
 edited (it ships a simulated example).
EOF

mkdir -p "$output"
deb="$output/chargerd_${version}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
