#!/usr/bin/env bash
# Checks the headless build, -DDINGRELAY_GUI=OFF, in build-nogui/: that it configures and
# builds, that its dingrelay needs no Qt Widgets (readelf, then ldd for what the libraries it
# needs pull in), and that the binary runs headless, with --headless (tst_headless) and without
# (nogui_runs_headless). Only those targets are built, so CI's run stays short.
#   scripts/check-nogui.sh        what CI runs
#   scripts/check-nogui.sh --all  builds everything a build without GUI has and runs all its tests
set -euo pipefail
cd "$(dirname "$0")/.."

build=${DINGRELAY_BUILD_DIR:-build-nogui}
all=false
[ "${1:-}" = "--all" ] && all=true
start=$SECONDS

DINGRELAY_GUI=OFF scripts/configure.sh "$build"
if $all; then
    cmake --build "$build"
else
    cmake --build "$build" --target dingrelay tst_headless
fi

binary=$build/bin/dingrelay
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if grep -q 'libQt6Widgets' <<<"$needed"; then
    echo "check-nogui: $binary needs libQt6Widgets:" >&2
    echo "$needed" >&2
    exit 1
fi
if ldd "$binary" | grep -q 'libQt6Widgets'; then
    echo "check-nogui: a library $binary needs pulls in libQt6Widgets:" >&2
    ldd "$binary" >&2
    exit 1
fi
echo "check-nogui: $binary needs no libQt6Widgets; it needs: $(tr '\n' ' ' <<<"$needed")"

if $all; then
    scripts/run-tests.sh "$build"
else
    scripts/run-tests.sh "$build" -R '^(tst_headless|nogui_runs_headless)$'
fi
echo "check-nogui: passed in $((SECONDS - start)) s"
