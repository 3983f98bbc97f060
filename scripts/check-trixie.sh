#!/usr/bin/env bash
# Builds DingRelay and runs the whole suite on Debian 13 (trixie, Qt 6.8) from this Debian 12
# machine, then builds, installs and runs its .deb there: a trixie root made with debootstrap
# from the mirror this machine's apt already uses, entered with chroot.
#   scripts/check-trixie.sh           the package, built with the whole suite, installed and run
#                                     in the root (what CI runs)
#   scripts/check-trixie.sh --prepare makes the root (CI, in the background, while it builds)
#   scripts/check-trixie.sh --test    scripts/test.sh in the root, into build-trixie/
#   scripts/check-trixie.sh --shell   a shell in the root, with the checkout at /src
#   scripts/check-trixie.sh --run CMD runs CMD there, in /src
# The root is kept in $DINGRELAY_TRIXIE_ROOT (default /var/cache/dingrelay/trixie) with its
# packages and ccache, so a second run only builds. A root that an interrupted run left half
# made has no .dingrelay-ready stamp, or one for another package list, and is made again.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

what=${1:-all}
root=${DINGRELAY_TRIXIE_ROOT:-/var/cache/dingrelay/trixie}
[ "$(id -u)" -eq 0 ] || { echo "check-trixie.sh: debootstrap and chroot need root" >&2; exit 1; }
scripts/install-deps.sh debootstrap

# The first Debian archive (not the security one) in this machine's apt sources, deb822 or
# one-line form.
mirror() {
    local url
    url=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n' | grep -v -- '-security' | head -n1 || true)
    [ -n "$url" ] || url=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
        awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
    [ -n "$url" ] || { echo "check-trixie.sh: no Debian mirror in /etc/apt/sources*" >&2; exit 1; }
    echo "$url"
}

# What the root holds besides the minimal base: all that install-deps.sh and package.sh name,
# so neither installs anything in the root, and a change to either list makes a new root.
stamp_of() { cat scripts/install-deps.sh scripts/package.sh | sha256sum | cut -c1-16; }

mounts=()
unmount_all() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -l "${mounts[$i]}" 2>/dev/null || true
    done
    mounts=()
}
trap unmount_all EXIT

bind() { # bind SOURCE TARGET-in-root
    mkdir -p "$root$2"
    mount --bind "$1" "$root$2"
    mounts+=("$root$2")
    # Private: a mount made under it (the root's /dev/shm) must not reach the host's /dev.
    mount --make-private "$root$2"
}

# /proc, /dev, a private /dev/shm and /dev/pts, and this checkout at /src. Called in this
# shell, not in a $(...) subshell, so that the EXIT trap sees every mount.
mount_all() {
    [ ${#mounts[@]} -eq 0 ] || return 0
    bind /dev /dev
    mkdir -p "$root/proc" "$root/dev/shm" "$root/dev/pts"
    mount -t proc proc "$root/proc" && mounts+=("$root/proc")
    mount -t tmpfs -o mode=1777 shm "$root/dev/shm" && mounts+=("$root/dev/shm")
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" && mounts+=("$root/dev/pts")
    bind "$src" /src
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

enter() { # runs a command in the mounted root
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        CI="${CI:-}" DEBIAN_FRONTEND=noninteractive "$@"
}

make_root() {
    local url
    url=$(mirror)
    echo "== making a Debian 13 root in $root from $url"
    unmount_all
    rm -rf "$root" "$root.partial"
    mkdir -p "$(dirname "$root")"
    debootstrap --variant=minbase --components=main trixie "$root.partial" "$url" \
        >"$(dirname "$root")/debootstrap.log" 2>&1 || {
        tail -n 20 "$(dirname "$root")/debootstrap.log" >&2
        echo "check-trixie.sh: debootstrap failed; its log: $(dirname "$root")/debootstrap.log" >&2
        exit 1
    }
    mv "$root.partial" "$root"
    mount_all
    # Only the packages' documentation is left out: the root is for building and testing.
    printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-include /usr/share/doc/*/copyright\n' \
        >"$root/etc/dpkg/dpkg.cfg.d/01-nodoc"
    enter bash -c 'cd /src && apt-get update -qq && scripts/install-deps.sh --test --package ccache' ||
        { echo "check-trixie.sh: installing packages in the root failed" >&2; exit 1; }
    stamp_of >"$root/.dingrelay-ready"
}

if [ "$(cat "$root/.dingrelay-ready" 2>/dev/null)" != "$(stamp_of)" ]; then
    make_root
fi
mount_all
echo "== Debian 13 root: $(enter cat /etc/debian_version), Qt $(enter dpkg-query -W -f='${Version}' qt6-base-dev)"

case "$what" in
--prepare) ;;
--shell) enter bash -c 'cd /src && exec bash -i' ;;
--run) enter bash -c "cd /src && $2" ;;
--test)
    echo "== build and test in build-trixie/"
    enter bash -c 'cd /src && DINGRELAY_BUILD_DIR=build-trixie CCACHE_DIR=/root/.cache/ccache scripts/test.sh'
    ;;
all)
    # One compile for both: the package build builds the suite too, with warnings as errors,
    # and runs it (dh_auto_test) before it makes the .deb.
    echo "== the Debian 13 package, with the whole suite, in build-trixie/deb/"
    enter bash -c 'cd /src && CCACHE_DIR=/root/.cache/ccache DINGRELAY_WERROR=ON \
        DINGRELAY_PKG_OUT=build-trixie/deb scripts/package.sh --check'
    echo "== install it in the Debian 13 root and run it"
    # The root leaves manual pages out (01-nodoc); DingRelay's own is let in, as smoke checks it.
    enter bash -c 'cd /src && apt-get install -y -qq --reinstall \
        -o Dpkg::Options::=--path-include=/usr/share/man/man1/dingrelay.1.gz \
        ./build-trixie/deb/dingrelay_*.deb >/dev/null && scripts/smoke-installed.sh'
    ;;
*)
    echo "usage: scripts/check-trixie.sh [--prepare|--test|--shell|--run CMD]" >&2
    exit 2
    ;;
esac
