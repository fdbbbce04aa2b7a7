#!/bin/sh
# Issue 17's "on a fresh Debian 12" by hand (root, network and about 2 GB: no CTest can hold it).
#
#   fresh_debian.sh root DIR                 debootstrap a minimal bookworm into DIR
#   fresh_debian.sh deb DIR DEB FILE...      apt install the package in DIR, run what it installs on
#                                            FILEs (checkpoints; a TorchScript one is also test-loaded
#                                            into itself), then apt remove it and list what is left
#   fresh_debian.sh make DIR CLONE           the Makefile's dependency step, configure and statelens-cli
#                                            in DIR from a clean clone, then one quick test
#   fresh_debian.sh umount DIR               undo the mounts
# Each step prints what it runs; the first failure stops it.
set -eu

mode=$1
root=$2
shift 2

run() { echo "+ $*" >&2; "$@"; }
in_root() { run chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
                TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"; }

mount_root() {
    mountpoint -q "$root/proc" || run mount -t proc proc "$root/proc"
    mountpoint -q "$root/dev" || { run mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"; }
    cp /etc/resolv.conf "$root/etc/resolv.conf"
}

case $mode in
root)
    command -v debootstrap >/dev/null || run apt-get install -y debootstrap
    run debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
    # What a Debian 12 installation lists: the point releases and the security updates.
    cat >"$root/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    ;;
deb)
    deb=$1
    shift
    mount_root
    mkdir -p "$root/tmp/check"
    cp "$deb" "$@" "$root/tmp/check/"
    in_root dpkg-query -W -f '${Package}\n' | sort >"$root/tmp/check/before.txt.sorted"
    in_root apt-get update -q
    in_root apt-get install -y -q "/tmp/check/$(basename "$deb")"
    in_root statelens-cli --version
    in_root statelens --version
    for f in "$@"; do
        name=/tmp/check/$(basename "$f")
        in_root statelens-cli inspect "$name" | head -n 12
        if in_root statelens-cli inspect "$name" --json | grep -q '"format": *"torchscript"'; then
            in_root statelens-cli testload "$name" --arch "$name" --device cpu --strict
        fi
        in_root env QT_QPA_PLATFORM=offscreen statelens --screenshot "$name.png" "$name"
    done
    in_root dpkg -L statelens >"$root/tmp/check/files.txt"
    in_root apt-get remove -y -q statelens
    in_root apt-get autoremove -y -q
    echo "Left behind by the package (should be nothing):"
    while read -r path; do if [ -f "$root$path" ]; then echo "  $path"; fi; done <"$root/tmp/check/files.txt"
    # A package that was not there before (the .deb itself in dpkg's "rc" state, or a dependency
    # autoremove kept) is left behind.
    in_root dpkg-query -W -f '${Package}\n' >"$root/tmp/check/after.txt"
    left=$(sort "$root/tmp/check/after.txt" | comm -13 "$root/tmp/check/before.txt.sorted" -)
    [ -z "$left" ] || { echo "packages left: $left"; exit 1; }
    echo "  no package left"
    ;;
make)
    clone=$1
    mount_root
    run cp -a "$clone" "$root/root/statelens"
    # A minimal Debian has neither make nor sudo: the one package a reader installs before `make`.
    in_root apt-get update -q
    in_root apt-get install -y -q make
    in_root make -C /root/statelens deps
    in_root cmake -S /root/statelens -B /root/statelens/build -DCMAKE_BUILD_TYPE=Release
    in_root nice cmake --build /root/statelens/build -j 2 --target statelens-cli tst_inspect_oracle
    in_root env QT_QPA_PLATFORM=offscreen /root/statelens/build/tests/cli/tst_inspect_oracle
    ;;
umount)
    for m in dev proc; do mountpoint -q "$root/$m" && run umount -R "$root/$m"; done
    ;;
*)
    echo "usage: $0 root|deb|make|umount DIR [...]" >&2
    exit 2
    ;;
esac
