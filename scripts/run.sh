#!/usr/bin/env bash
# Builds DingRelay and starts it: the tray app, or with --headless the relay alone.
# Arguments are passed to dingrelay, e.g. scripts/run.sh --headless --config relay.ini
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/configure.sh build
cmake --build build --target dingrelay # the app alone: tests and benchmarks are not built
exec build/bin/dingrelay "$@"
