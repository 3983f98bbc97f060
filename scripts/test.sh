#!/usr/bin/env bash
# Builds DingRelay with warnings as errors and runs every test through CTest.
#   scripts/test.sh             the normal build, in build/
#   scripts/test.sh --sanitize  with AddressSanitizer and UBSan, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
[ "${1:-}" = "--sanitize" ] && build=build-asan

scripts/install-deps.sh
scripts/configure.sh "$build" "$@"
cmake --build "$build"

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The keychain is real in tests: a private D-Bus session with an unlocked gnome-keyring,
# under a throwaway HOME so no real keyring is touched.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
    dbus-run-session -- bash -c '
        echo -n dingrelay-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
        ctest --test-dir "$1" --output-on-failure -j2
    ' _ "$build"
