#!/usr/bin/env bash
# Regenerates docs/screenshots/zh_CN-*.png: DingRelay's windows in Chinese (LANG=zh_CN.UTF-8),
# to look at for cut or overflowing text: every settings section and every wizard step, under
# a private Xvfb, through the same tools scripts/screenshots.sh uses. Nothing leaves the
# machine: the tools point every remote service at closed loopback ports.
#   scripts/zh-screenshots.sh      (BUILD_DIR, default build)
# Needs Xvfb and ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
display=:${SCREENSHOT_DISPLAY:-57}
out=docs/screenshots
if [[ -z ${NO_BUILD:-} ]]; then
    scripts/configure.sh "$build"
    cmake --build "$build" --target settings_screenshots wizard_screenshots
fi

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    xdpyinfo -display "$display" >/dev/null 2>&1 && break
    sleep 0.1
done

mkdir -p "$out"
shot() { # tool file args...
    local tool=$1 file=$2
    shift 2
    DISPLAY=$display QT_QPA_PLATFORM=xcb LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= \
        QT_LOGGING_RULES='*=false' "$build/tests/$tool" --out "$file" "$@"
    echo "$file"
}
for section in model robots relay network conversations general; do
    shot settings_screenshots "$out/zh_CN-settings-$section.png" --section "$section"
done
shot settings_screenshots "$out/zh_CN-settings-keychain-locked.png" --section model --locked-keychain
for step in welcome model model-bad-key robot robot-stream tunnel test done; do
    shot wizard_screenshots "$out/zh_CN-wizard-$step.png" --step "$step"
done
