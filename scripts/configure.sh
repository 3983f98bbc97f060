#!/usr/bin/env bash
# Configures a DingRelay build directory; run.sh (build-app/), test.sh, reliability.sh and the
# screenshot scripts (build/) all go through here, so build/ is configured one way and none of
# them rebuilds what another built. The Debian package is configured by packaging/debian/rules.
#   scripts/configure.sh DIR             the normal build: RelWithDebInfo with Debian's
#                                        hardening flags (what the .deb ships)
#   scripts/configure.sh DIR --sanitize  Debug with AddressSanitizer and UBSan, no benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

build=$1
# Every option is given each time: a cached value from another script never carries over.
# Warnings are errors (test.sh, CI and the developers' scripts), except where
# DINGRELAY_WERROR=OFF: scripts/run.sh, since a user's build with a newer compiler must not fail
# on a new warning.
options=(-G Ninja "-DDINGRELAY_WERROR=${DINGRELAY_WERROR:-ON}" -DBUILD_TESTING=ON)
# Core and gui are compiled eight files at a time; DINGRELAY_UNITY_BUILD=OFF in the environment
# compiles each file alone, quicker to rebuild while one file is being edited.
options+=("-DDINGRELAY_UNITY_BUILD=${DINGRELAY_UNITY_BUILD:-ON}")
# DINGRELAY_GUI=OFF in the environment configures the headless build without Qt Widgets
# (scripts/check-nogui.sh).
options+=("-DDINGRELAY_GUI=${DINGRELAY_GUI:-ON}")
if [ "${2:-}" = "--sanitize" ]; then
    # Line tables (-g1) are all a sanitizer report needs to name file and line, and cost half
    # the compile time of full debug information.
    options+=(-DDINGRELAY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DDINGRELAY_BENCH=OFF
        -DCMAKE_CXX_FLAGS_DEBUG=-g1)
else
    # Fortify, stack protector, relro and bindnow, as a Debian build uses them; lintian checks
    # the packaged binary for them.
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    options+=(-DDINGRELAY_SANITIZE=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDINGRELAY_BENCH=ON
        "-DCMAKE_CXX_FLAGS=$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
        "-DCMAKE_EXE_LINKER_FLAGS=$(dpkg-buildflags --get LDFLAGS)")
fi
# A developer's ccache, when there is one, makes rebuilds after a checkout cheap.
command -v ccache >/dev/null && options+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" "${options[@]}" >/dev/null
