#!/usr/bin/env bash
# Installs chargerd (and chargerctl, charger-sim) as a systemd service on a Debian or Raspberry Pi OS box.
#
#   Scripts/install.sh [--board FILE] [--binary-dir DIR] [--prefix DIR] [--dry-run] [--enable]
#
#   --board FILE       the board config to install as /etc/chargerd/board.yaml (default:
#                      BoardConfigs/simulator.yaml); an existing board.yaml is never overwritten, the
#                      new one is put next to it as board.yaml.new
#   --binary-dir DIR   take prebuilt binaries from DIR instead of building (a cross-build, a CI artifact)
#   --prefix DIR       install under DIR instead of / (packaging, tests): no root needed, the user is
#                      created in DIR/etc/passwd, nothing is started
#   --dry-run          print what would be done and change nothing
#   --enable           also `systemctl enable --now chargerd` (only without --prefix)
#
# Without --binary-dir it builds release binaries with the static Swift standard library. Idempotent: a
# second run changes nothing and says so. What it installs (paths under the prefix):
#   /usr/local/bin/{chargerd,chargerctl,charger-sim}
#   /etc/chargerd/board.yaml, /etc/chargerd/meters/*.yaml   (the board's meter register maps)
#   /etc/systemd/system/chargerd.service
#   /etc/sysusers.d/chargerd.conf, /etc/tmpfiles.d/chargerd.conf
#   /etc/udev/rules.d/60-chargerd-gpio.rules   (/dev/gpiochip* for the gpio group, as on Raspberry Pi OS)
#   the user and group chargerd, member of gpio and dialout
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
board="$repo/BoardConfigs/simulator.yaml"
binary_dir=""
prefix=""
dry_run=0
enable=0
products=(chargerd chargerctl charger-sim)

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# shellcheck source=Scripts/lib/options.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/options.sh"
die() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
    --board) need_value "$@"; board="$2"; shift 2 ;;
    --binary-dir) need_value "$@"; binary_dir="$2"; shift 2 ;;
    --prefix) need_value "$@"; prefix="$2"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --enable) enable=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument '$1'" ;;
    esac
done

[ -f "$board" ] || die "board config $board not found"
if [ -n "$prefix" ]; then
    case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
    prefix="${prefix%/}"
    [ "$enable" -eq 0 ] || die "--enable starts the service and cannot be used with --prefix"
elif [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
    die "installing into / needs root: run it with sudo, or use --prefix DIR or --dry-run"
fi

changed=0
# Runs a command, or prints it in a dry run.
run() {
    if [ "$dry_run" -eq 1 ]; then
        echo "would run: $*"
    else
        "$@"
    fi
}
# install_file SRC DEST MODE: copies SRC to DEST unless DEST already has the same contents and mode.
install_file() {
    local src="$1" dest="$2" mode="$3"
    if [ -f "$dest" ] && cmp -s "$src" "$dest" && [ "$(stat -c %a "$dest")" = "${mode#0}" ]; then
        echo "unchanged: $dest"
        return 0
    fi
    changed=1
    if [ "$dry_run" -eq 1 ]; then
        echo "would install: $src -> $dest (mode $mode)"
    else
        install -D -m "$mode" "$src" "$dest"
        echo "installed: $dest"
    fi
}
# make_dir DIR MODE
make_dir() {
    if [ -d "$1" ]; then
        return 0
    fi
    changed=1
    if [ "$dry_run" -eq 1 ]; then
        echo "would create: $1 (mode $2)"
    else
        install -d -m "$2" "$1"
        echo "created: $1"
    fi
}

# 1. Binaries: prebuilt, or a release build with the static standard library.
if [ -z "$binary_dir" ]; then
    command -v swift >/dev/null 2>&1 || die "swift is not installed; build elsewhere and pass --binary-dir"
    # shellcheck source=Scripts/lib/release-build.sh
    source "$repo/Scripts/lib/release-build.sh"
    for product in "${products[@]}"; do
        if [ "$dry_run" -eq 1 ]; then
            echo "would run: swift build ${RELEASE_BUILD_FLAGS[*]} --product $product"
        else
            echo "==> building $product (release)"
            release_build --product "$product" >&2 || die "the release build of $product failed"
        fi
    done
    binary_dir="$(release_bin_path)"
fi
[ "$dry_run" -eq 1 ] || [ -x "$binary_dir/chargerd" ] || die "no chargerd binary in $binary_dir"

bindir="$prefix/usr/local/bin"
confdir="$prefix/etc/chargerd"
for product in "${products[@]}"; do
    if [ -x "$binary_dir/$product" ]; then
        install_file "$binary_dir/$product" "$bindir/$product" 0755
    elif [ "$dry_run" -eq 1 ]; then
        echo "would install: $binary_dir/$product -> $bindir/$product (mode 0755)"
    elif [ "$product" = chargerd ]; then
        die "no chargerd binary in $binary_dir"
    else
        echo "skipped: $product (not in $binary_dir)"
    fi
done

# 2. The board config and the meter register maps it may refer to. An operator's board.yaml is kept.
make_dir "$confdir" 0750
if [ -f "$confdir/board.yaml" ] && ! cmp -s "$board" "$confdir/board.yaml"; then
    echo "kept: $confdir/board.yaml (it differs from $board; the new one goes to board.yaml.new)"
    install_file "$board" "$confdir/board.yaml.new" 0640
else
    install_file "$board" "$confdir/board.yaml" 0640
fi
for map in "$repo"/BoardConfigs/meters/*.yaml; do
    install_file "$map" "$confdir/meters/$(basename "$map")" 0644
done

# 3. The unit, sysusers and tmpfiles snippets.
install_file "$repo/systemd/chargerd.service" "$prefix/etc/systemd/system/chargerd.service" 0644
install_file "$repo/systemd/chargerd.sysusers" "$prefix/etc/sysusers.d/chargerd.conf" 0644
install_file "$repo/systemd/chargerd.tmpfiles" "$prefix/etc/tmpfiles.d/chargerd.conf" 0644
install_file "$repo/systemd/60-chargerd-gpio.rules" "$prefix/etc/udev/rules.d/60-chargerd-gpio.rules" 0644

# 4. The user (idempotent by nature: sysusers only adds what is missing).
user_exists() {
    if [ -n "$prefix" ]; then
        grep -q '^chargerd:' "$prefix/etc/passwd" 2>/dev/null
    else
        getent passwd chargerd >/dev/null
    fi
}
if user_exists; then
    echo "unchanged: user chargerd"
else
    changed=1
    if command -v systemd-sysusers >/dev/null 2>&1; then
        if [ -n "$prefix" ]; then
            run mkdir -p "$prefix/etc"
            run systemd-sysusers --root="$prefix" "$repo/systemd/chargerd.sysusers"
        else
            run systemd-sysusers /etc/sysusers.d/chargerd.conf
        fi
    elif [ -z "$prefix" ]; then
        for group in gpio dialout; do
            getent group "$group" >/dev/null || run groupadd --system "$group"
        done
        run useradd --system --user-group --home-dir /var/lib/chargerd --shell /usr/sbin/nologin \
            --groups gpio,dialout chargerd
    else
        die "systemd-sysusers is needed to create the user under --prefix"
    fi
    [ "$dry_run" -eq 1 ] || echo "created: user chargerd"
fi

# 5. On the live system: directories, ownership, systemd's view of the unit.
if [ -z "$prefix" ]; then
    if [ -d /run/systemd/system ]; then
        run systemd-tmpfiles --create /etc/tmpfiles.d/chargerd.conf
        run systemctl daemon-reload
    fi
    if command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
        run udevadm control --reload
        run udevadm trigger --subsystem-match=gpio
    fi
    run chown -R root:chargerd "$confdir"
    if [ "$enable" -eq 1 ]; then
        run systemctl enable --now chargerd.service
    fi
fi

if [ "$dry_run" -eq 1 ]; then
    echo "dry run: nothing was changed"
elif [ "$changed" -eq 0 ]; then
    echo "already installed: nothing changed"
else
    echo "installed chargerd under ${prefix:-/}"
fi
if [ -z "$prefix" ] && [ "$enable" -eq 0 ]; then
    echo "next: edit /etc/chargerd/board.yaml, run 'chargerctl diag --config /etc/chargerd/board.yaml', then"
    echo "      'systemctl enable --now chargerd'; logs: 'journalctl -u chargerd -f'"
fi
