#!/usr/bin/env bash
# Installs the Debian packages DingRelay needs; skips what is present. Works on Debian 12 and 13
# and Ubuntu 24.04 (the names are the same).
#   scripts/install-deps.sh            what building and running need (scripts/run.sh)
#   scripts/install-deps.sh --test     and what the tests start (scripts/test.sh)
#   scripts/install-deps.sh --package  and what the Debian package build uses (scripts/package.sh)
#   scripts/install-deps.sh ... NAME   and those packages too
set -euo pipefail

# Building and running: the compiler, Qt with its SQLite driver, QtKeychain and zlib (the
# tokenizer inflates its gzip'd rank files). packaging/debian/control lists the same.
packages=(
    build-essential cmake ninja-build pkg-config lld
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-l10n-tools
    qt6-tools-dev-tools libqt6sql6-sqlite qtkeychain-qt6-dev libgl-dev zlib1g-dev
)
test_packages=(
    dbus gnome-keyring              # the real keychain: a private D-Bus session per run
    clang-format                    # CI checks the formatting
    tinyproxy microsocks openssl    # tst_network starts its own proxies and makes its own CA
    socat openssh-server openssh-client # tst_tunnel*: a socat tunnel and ssh -R to a test sshd
    curl                            # scripts/smoke-installed.sh asks the installed relay
    e2fsprogs                       # tst_fault_dbfile: chattr +i on the -shm (not in a Debian 13 minbase)
)
package_packages=(git debhelper dpkg-dev file lintian appstream desktop-file-utils curl)

for arg in "$@"; do
    case "$arg" in
    --test) packages+=("${test_packages[@]}") ;;
    --package) packages+=("${package_packages[@]}") ;;
    *) packages+=("$arg") ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The tests start their own proxies on loopback; the packaged tinyproxy service would only
# hold port 8888 on this machine, so a fresh install does not leave it running.
if [[ " ${missing[*]} " == *" tinyproxy "* ]] && command -v systemctl >/dev/null &&
    [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl disable --now tinyproxy.service >/dev/null 2>&1 || true
fi
# Likewise sshd: the tunnel tests start their own on loopback; installing the package for them
# must not open port 22 on a machine that had no SSH server.
if [[ " ${missing[*]} " == *" openssh-server "* ]] && command -v systemctl >/dev/null &&
    [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
fi
