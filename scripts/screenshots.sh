#!/usr/bin/env bash
# Regenerates docs/screenshots/settings-*.png, wizard-*.png and tunnel-output.png: each settings
# section, each step of the first-run wizard and the tunnel output window under a private Xvfb,
# at 100 % and (for a look at large scaling) 200 %. Needs Xvfb and ImageMagick's import.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
display=:${SCREENSHOT_DISPLAY:-55}
out=docs/screenshots
large=${LARGE_DIR:-$out/200}

if [[ ! -f "$build/build.ninja" ]]; then
    scripts/configure.sh "$build"
fi
cmake --build "$build" --target settings_screenshots wizard_screenshots tunnel_screenshots

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    xdpyinfo -display "$display" >/dev/null 2>&1 && break
    sleep 0.1
done

mkdir -p "$out" "$large"
shot() { # scale file args...
    local scale=$1 file=$2
    shift 2
    DISPLAY=$display QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=$scale QT_LOGGING_RULES='*=false' \
        "$build/tests/${tool:-settings_screenshots}" --out "$file" "$@"
    echo "$file"
}
for section in model robots relay network conversations general; do
    shot 1 "$out/settings-$section.png" --section "$section"
    shot 2 "$large/settings-$section.png" --section "$section"
done
shot 1 "$out/settings-keychain-locked.png" --section model --locked-keychain
shot 1 "$out/settings-robots-invalid.png" --section robots --invalid
tool=wizard_screenshots
for step in welcome model model-bad-key robot robot-stream tunnel test done; do
    shot 1 "$out/wizard-$step.png" --step "$step"
done
for step in model robot test; do
    shot 2 "$large/wizard-$step.png" --step "$step"
done
tool=tunnel_screenshots
shot 1 "$out/tunnel-output.png"
shot 2 "$large/tunnel-output.png"
