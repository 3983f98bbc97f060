#!/usr/bin/env bash
# Regenerates docs/screenshots/zh_CN-*.png: DingRelay in Chinese (LANG=zh_CN.UTF-8), to look at
# for cut or overflowing text. Under a private Xvfb (:57) with a dark tray host (trayer):
# the real app's tray menu and settings dialog, then its status window (no tray), then every
# settings section through tests/tools/settings_screenshots. Nothing leaves the machine: the
# model and DingTalk URLs are closed loopback ports.
#   scripts/zh-screenshots.sh      (a build with tests in BUILD_DIR, default build)
# Needs Xvfb, trayer, xdotool, ImageMagick, dbus and gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
display=:${SCREENSHOT_DISPLAY:-57}
out=docs/screenshots
if [[ -z ${NO_BUILD:-} ]]; then
    scripts/configure.sh "$build"
    cmake --build "$build" --target dingrelay settings_screenshots
fi

# A throwaway HOME with a private D-Bus session and an unlocked keyring, as the tests have.
if [[ -z ${ZH_SHOTS_TMP:-} ]]; then
    ZH_SHOTS_TMP=$(mktemp -d)
    export ZH_SHOTS_TMP HOME=$ZH_SHOTS_TMP XDG_CONFIG_HOME=$ZH_SHOTS_TMP/config \
        XDG_DATA_HOME=$ZH_SHOTS_TMP/share XDG_RUNTIME_DIR=$ZH_SHOTS_TMP
    NO_BUILD=1 exec dbus-run-session -- "$0" "$@"
fi
tmp=$ZH_SHOTS_TMP
echo -n screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
export DISPLAY=$display QT_QPA_PLATFORM=xcb QT_LOGGING_RULES='*.debug=false'
export LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE=
# The relay takes its secrets from the environment.
export DINGRELAY_SECRET_MODEL_API_KEY=sk-screenshot
export DINGRELAY_SECRET_ROBOT_SALES_APP_SECRET=screenshot-secret

Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xdpyinfo >/dev/null 2>&1 && break
    sleep 0.1
done
convert -size 1280x900 gradient:'#dfe6ee-#b8c4d2' "$tmp/desktop.png"
display -window root "$tmp/desktop.png" 2>/dev/null &
pids+=($!)

cat >"$tmp/relay.ini" <<'EOF'
[relay]
address=127.0.0.1
port=0
[storage]
data_dir=data
[model]
preset=custom
base_url=http://127.0.0.1:9/v1
model=qwen2.5:7b
[dingtalk]
session_webhook_prefix=http://127.0.0.1:9/
openapi_base_url=http://127.0.0.1:9
stream_gateway_url=http://127.0.0.1:9
custom_webhook_url=http://127.0.0.1:9/send
[tunnel]
mode=fixed
public_url=https://relay.example.com
[robot.sales]
mode=http
callback_path=/dingtalk/sales
language=zh
EOF

mkdir -p "$out"
app_pid=
start_app() {
    "$build/bin/dingrelay" --config "$tmp/relay.ini" >"$tmp/app.log" 2>&1 &
    app_pid=$!
    pids+=("$app_pid")
}
stop_app() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
}

# 1. The tray menu on a dark panel, then the settings dialog opened from it.
trayer --edge top --align right --widthtype request --height 28 --transparent true --alpha 0 \
    --tint 0x2b2b2b --SetDockType true >/dev/null 2>&1 &
trayer_pid=$!
pids+=("$trayer_pid")
sleep 1
start_app
icon=
for _ in $(seq 100); do
    for w in $(xdotool search --classname '^dingrelay$' 2>/dev/null); do
        geometry=$(xdotool getwindowgeometry "$w" | awk '/Geometry/ {print $2}')
        [[ $geometry == 22x* || $geometry == 24x* || $geometry == 28x* ]] && icon=$w && break
    done
    [[ -n $icon ]] && break
    sleep 0.2
done
[[ -n $icon ]] || { cat "$tmp/app.log"; echo "zh-screenshots: no tray icon" >&2; exit 1; }
sleep 2 # the relay starts, the menu's state line follows
eval "$(xdotool getwindowgeometry --shell "$icon")"
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT - 1)) click 3
sleep 1
import -window root "$tmp/root.png"
convert "$tmp/root.png" -crop 620x300+660+0 +repage "$out/zh_CN-tray-menu.png"
echo "$out/zh_CN-tray-menu.png"
xdotool key s # 设置(&S)…
dialog=$(xdotool search --sync --onlyvisible --name '^DingRelay 设置$' | tail -1)
sleep 2
import -window "$dialog" "$out/zh_CN-settings.png"
echo "$out/zh_CN-settings.png"
stop_app
kill "$trayer_pid" 2>/dev/null || true
sleep 1

# 2. Without a tray the status window stands in for it.
start_app
window=$(xdotool search --sync --onlyvisible --name '^DingRelay$' | tail -1)
sleep 2
import -window "$window" "$out/zh_CN-status-window.png"
echo "$out/zh_CN-status-window.png"
stop_app

# 3. Every settings section, with the settings tool's sample robots.
for section in model robots relay network conversations general; do
    "$build/tests/settings_screenshots" --section "$section" --out "$out/zh_CN-settings-$section.png"
    echo "$out/zh_CN-settings-$section.png"
done
