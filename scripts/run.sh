#!/usr/bin/env bash
# Builds DingRelay and starts it: the tray app, or with --headless the relay alone.
# Arguments are passed to dingrelay, e.g. scripts/run.sh --headless --config relay.ini
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# build-app/, not build/: scripts/test.sh builds there with warnings as errors, and switching
# one directory between the two would rebuild everything each time.
DINGRELAY_WERROR=OFF scripts/configure.sh build-app
cmake --build build-app --target dingrelay # the app alone: tests and benchmarks are not built
exec build-app/bin/dingrelay "$@"
