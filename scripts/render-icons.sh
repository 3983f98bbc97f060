#!/usr/bin/env bash
# Renders packaging/icons/org.dingrelay.DingRelay.svg to the hicolor PNG sizes, into
# packaging/icons/hicolor/<size>x<size>/apps/. The PNGs are committed, so building the package
# needs no SVG renderer; run this after changing the SVG (needs rsvg-convert: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."

svg=packaging/icons/org.dingrelay.DingRelay.svg
command -v rsvg-convert >/dev/null || {
    echo "render-icons.sh: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2
    exit 2
}
for size in 16 22 24 32 48 64 128 256; do
    dir=packaging/icons/hicolor/${size}x${size}/apps
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" "$svg" --output "$dir/org.dingrelay.DingRelay.png"
done
echo "rendered $svg to packaging/icons/hicolor/*/apps/"
