#!/usr/bin/env bash
# Runs the test suite of a built DingRelay directory through CTest, the way every test expects:
# offscreen Qt, a private D-Bus session with a real gnome-keyring unlocked for the run, and a
# throwaway HOME so that no real keyring or settings are touched.
#   scripts/run-tests.sh BUILD-DIR [ctest arguments]
# scripts/test.sh calls it after building; so does the Debian package build (dh_auto_test).
set -euo pipefail
build=$(cd "$1" && pwd)
shift

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# This script's callers install every tool the tests use, so a test that skips for want of
# one is a defect: it fails instead (DINGRELAY_TESTS_NO_SKIP=0 lets it skip).
export DINGRELAY_TESTS_NO_SKIP=${DINGRELAY_TESTS_NO_SKIP:-1}

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
    XDG_RUNTIME_DIR="$home/run" dbus-run-session -- bash -c '
        mkdir -p -m 700 "$XDG_RUNTIME_DIR"
        echo -n dingrelay-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
        build=$1
        shift
        ctest --test-dir "$build" --output-on-failure -j2 "$@"
    ' _ "$build" "$@"
