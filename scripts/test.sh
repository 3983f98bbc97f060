#!/usr/bin/env bash
# Builds DingRelay with warnings as errors and runs every test through CTest.
#   scripts/test.sh             the normal build, in build/
#   scripts/test.sh --sanitize  with AddressSanitizer and UBSan, in build-asan/
# DINGRELAY_BUILD_DIR names another build directory (scripts/check-trixie.sh uses build-trixie/).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${DINGRELAY_BUILD_DIR:-build}
[ "${1:-}" = "--sanitize" ] && build=${DINGRELAY_BUILD_DIR:-build-asan}

scripts/install-deps.sh --test
scripts/configure.sh "$build" "$@"
cmake --build "$build"

scripts/run-tests.sh "$build"
