#!/usr/bin/env bash
# Regenerates docs/screenshots/tray-*.png, test-console.png, status-window.png and about.png:
# the tray menu in a real tray host (trayer) under a private Xvfb, the test console after a
# round trip, the status window with a problem and the About box, at 100 % and 200 %. Needs Xvfb, trayer, xdotool and
# ImageMagick's import (apt-get install xvfb trayer xdotool imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
display=:${SCREENSHOT_DISPLAY:-56}
out=docs/screenshots
large=$out/200

if [[ ! -f "$build/build.ninja" ]]; then
    scripts/configure.sh "$build"
fi
[[ -n ${NO_BUILD:-} ]] || cmake --build "$build" --target dingrelay_traydemo
demo=$build/bin/dingrelay_traydemo
runtime=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$runtime"
}
trap cleanup EXIT
export DISPLAY=$display XDG_RUNTIME_DIR=$runtime QT_QPA_PLATFORM=xcb
export QT_LOGGING_RULES='*.debug=false'

# Large enough for the 200 % windows.
width=2560
Xvfb "$display" -screen 0 ${width}x1600x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xdpyinfo >/dev/null 2>&1 && break
    sleep 0.1
done
# A light desktop, and a dark panel at its top right, as many desktops have.
convert -size ${width}x1600 gradient:'#dfe6ee-#b8c4d2' "$runtime/desktop.png"
display -window root "$runtime/desktop.png" 2>/dev/null || true
trayer --edge top --align right --widthtype request --height 28 --transparent true --alpha 0 \
    --tint 0x2b2b2b --SetDockType true >/dev/null 2>&1 &
pids+=($!)
sleep 1

mkdir -p "$out" "$large"
start_demo() { # log args...
    local log=$1
    shift
    "$demo" "$@" >"$log" 2>&1 &
    demo_pid=$!
    pids+=("$demo_pid")
    for _ in $(seq 100); do
        grep -q "desktop app ready" "$log" && return 0
        sleep 0.1
    done
    cat "$log" >&2
    return 1
}
stop_demo() {
    kill "$demo_pid"
    wait "$demo_pid" 2>/dev/null || true
}
window_shot() { # title file
    local id
    id=$(xdotool search --sync --onlyvisible --name "^$1\$" | tail -1)
    sleep 2 # the answer, the timings, the first paint
    import -window "$id" "$2"
    echo "$2"
}

# The tray menu, its "Copy callback URL" submenu open, on the dark panel.
start_demo "$runtime/menu.log" --robots 2
icon=$(xdotool search --sync --classname '^dingrelay_traydemo$' | while read -r w; do
    geometry=$(xdotool getwindowgeometry "$w" | awk '/Geometry/ {print $2}')
    [[ $geometry == 22x* || $geometry == 24x* ]] && echo "$w" && break
done)
eval "$(xdotool getwindowgeometry --shell "$icon")"
# Clicked at its lower edge, so the menu opens below the icon and leaves it in sight.
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT - 1)) click 3
sleep 1
# Down to "Copy callback URL" (state line, History, Settings, Test console, Check the
# database, Stop relay, Copy).
xdotool key Down Down Down Down Down Down Down Right
sleep 1
import -window root "$runtime/root.png"
convert "$runtime/root.png" -crop 760x268+$((width - 760))+0 +repage "$out/tray-menu.png"
echo "$out/tray-menu.png"
xdotool key Escape Escape
stop_demo

"$demo" --icon-sheet "$out/tray-icons.png"
echo "$out/tray-icons.png"

for scale in 1 2; do
    dir=$out
    [[ $scale == 2 ]] && dir=$large
    export QT_SCALE_FACTOR=$scale
    start_demo "$runtime/console.log" --console "帮我总结一下本周的工作"
    window_shot "DingRelay test console" "$dir/test-console.png"
    stop_demo
    start_demo "$runtime/status.log" --status --bad-key
    window_shot "DingRelay" "$dir/status-window.png"
    stop_demo
    start_demo "$runtime/about.log" --about
    window_shot "About DingRelay" "$dir/about.png"
    stop_demo
done
