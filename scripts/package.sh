#!/usr/bin/env bash
# Builds the Debian package with CPack in build/ (the normal build, shared with scripts/test.sh) and checks it: lintian, the AppStream
# metadata, the desktop entry, and that the changelog and metainfo name this version.
#   scripts/package.sh     the .deb's path is the last line printed
# Install it with: sudo apt-get install ./build/dingrelay_<version>-1_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."

build=${DINGRELAY_PKG_BUILD:-build}
scripts/install-deps.sh dpkg-dev fakeroot file lintian appstream desktop-file-utils

version=$(sed -n 's/^project(DingRelay VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
echo "== version $version: changelog and metainfo"
grep -q "^dingrelay ($version-1) " packaging/debian/changelog || {
    echo "package.sh: packaging/debian/changelog has no entry for $version-1 at the top" >&2
    exit 1
}
grep -q "<release version=\"$version\"" packaging/org.dingrelay.DingRelay.metainfo.xml || {
    echo "package.sh: the metainfo's <releases> lacks $version" >&2
    exit 1
}
appstreamcli validate --no-net packaging/org.dingrelay.DingRelay.metainfo.xml
desktop-file-validate packaging/org.dingrelay.DingRelay.desktop

echo "== build ($build)"
# The normal build (scripts/configure.sh: Debian's hardening flags, which lintian checks):
# after scripts/test.sh there is nothing left to compile.
scripts/configure.sh "$build"
cmake --build "$build"

echo "== cpack"
rm -f "$build"/dingrelay_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/dingrelay_"$version"-1_*.deb)
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

echo "== lintian"
# Warnings fail too; what lintian says and we accept is overridden in
# packaging/debian/lintian-overrides, each with the reason.
lintian --fail-on error,warning --display-info --allow-root "$deb"
echo "$deb"
