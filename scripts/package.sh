#!/usr/bin/env bash
# Builds the Debian package with CPack in build-pkg/ and checks it: lintian, the AppStream
# metadata, the desktop entry, and that the changelog and metainfo name this version.
#   scripts/package.sh     the .deb's path is the last line printed
# Install it with: sudo apt-get install ./build-pkg/dingrelay_<version>-1_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."

build=${DINGRELAY_PKG_BUILD:-build-pkg}
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
# Debian's hardening flags (fortify, stack protector, relro, bindnow), as a Debian build
# would use them; lintian checks the binary for them.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDINGRELAY_WERROR=ON \
    -DBUILD_TESTING=OFF -DDINGRELAY_BENCH=OFF "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
    -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >/dev/null
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
