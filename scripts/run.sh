#!/usr/bin/env bash
# Builds DingRelay and starts it: the tray app, or with --headless the relay alone.
# Arguments are passed to dingrelay, e.g. scripts/run.sh --headless --config relay.ini
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
    -DDINGRELAY_BENCH=OFF >/dev/null
cmake --build build --target dingrelay
exec build/bin/dingrelay "$@"
