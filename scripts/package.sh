#!/usr/bin/env bash
# Builds DingRelay's Debian package for the system it runs on (Debian 12 or 13, Ubuntu 24.04)
# with dpkg-buildpackage from packaging/debian, and checks it: lintian, the AppStream metadata,
# the desktop entry, and that the changelog and metainfo name this version.
#   scripts/package.sh          the .deb alone (DEB_BUILD_OPTIONS=nocheck: no test build)
#   scripts/package.sh --check  the package build also builds and runs the suite (dh_auto_test)
# The tree is copied to $out/src/ (git's files, as they are in the working tree) with
# packaging/debian as debian/, and the changelog gains an entry for this release, so the
# version says what it was built for: 0.1.0-1~deb12u1, 0.1.0-1~deb13u1, 0.1.0-1~ubuntu24.04.1.
# The .debs land in $DINGRELAY_PKG_OUT (default build/deb); the .deb's path is the last line.
# Install it with: sudo apt-get install ./build/deb/dingrelay_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
[ "${1:-}" = "--check" ] && check=1
out=${DINGRELAY_PKG_OUT:-build/deb}
if [ "$check" -eq 1 ]; then
    scripts/install-deps.sh --package --test
else
    scripts/install-deps.sh --package
fi

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

# shellcheck disable=SC1091
. /etc/os-release
case "$ID" in
debian) release="~deb${VERSION_ID}u1" ;;
ubuntu) release="~ubuntu${VERSION_ID}.1" ;;
*) release="~${ID}${VERSION_ID:-}" ;;
esac
full="$version-1$release"
echo "== dingrelay $full for $PRETTY_NAME (${VERSION_CODENAME:-unstable})"

# A fixed path, so that ccache finds the previous run's objects.
src="$out/src/dingrelay-$version"
rm -rf "$out"
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$src"
mv "$src/packaging/debian" "$src/debian"
{
    printf 'dingrelay (%s) %s; urgency=medium\n\n' "$full" "${VERSION_CODENAME:-unstable}"
    printf '  * Built for %s.\n\n' "$PRETTY_NAME"
    # The commit's date: newer than the upstream entry (lintian checks), and the same for two
    # builds of one commit, so they make the same package.
    printf ' -- %s  %s\n' "$(sed -n '0,/^ -- /s/^ -- \(.*>\).*/\1/p' "$src/debian/changelog")" \
        "$(date -R -d "@$(git log -1 --format=%ct)")"
    echo
    cat "$src/debian/changelog"
} >"$src/debian/changelog.new"
mv "$src/debian/changelog.new" "$src/debian/changelog"

options=(parallel="$(nproc)")
profiles=()
if [ "$check" -eq 0 ]; then
    options+=(nocheck)
    profiles=(nocheck)
fi
# install-deps.sh installs every build dependency; this says which one it missed, if any.
(cd "$src" && DEB_BUILD_PROFILES="${profiles[*]}" dpkg-checkbuilddeps)
echo "== dpkg-buildpackage -b (DEB_BUILD_OPTIONS=${options[*]})"
launcher=()
if command -v ccache >/dev/null; then
    export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_BASEDIR=$PWD/$src
    launcher=(DINGRELAY_CMAKE_EXTRA=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
(cd "$src" && env "${launcher[@]}" DEB_BUILD_OPTIONS="${options[*]}" \
    DEB_BUILD_PROFILES="${profiles[*]}" dpkg-buildpackage -b -uc -us --no-sign)
mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out"/
deb=$(ls "$out"/dingrelay_"${full}"_*.deb)
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

echo "== lintian"
# Warnings fail too. There are no overrides: a tag that is accepted goes into
# packaging/debian/dingrelay.lintian-overrides, with the reason.
lintian --fail-on error,warning --display-info --allow-root "$deb"
echo "$deb"
