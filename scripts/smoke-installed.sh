#!/usr/bin/env bash
# Checks an installed DingRelay (the .deb, after apt-get install): the files are in place,
# --version names the version, and the headless relay starts from them, answers GET /healthz
# on loopback, keeps its secrets out of the log, and exits 0 on SIGTERM.
#   scripts/smoke-installed.sh [path of the installed binary, default /usr/bin/dingrelay]
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-/usr/bin/dingrelay}
version=$(sed -n 's/^project(DingRelay VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
command -v curl >/dev/null || scripts/install-deps.sh curl

for f in /usr/share/applications/org.dingrelay.DingRelay.desktop \
    /usr/share/metainfo/org.dingrelay.DingRelay.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.dingrelay.DingRelay.svg \
    /usr/share/icons/hicolor/48x48/apps/org.dingrelay.DingRelay.png \
    /usr/lib/systemd/user/dingrelay.service /usr/share/man/man1/dingrelay.1.gz \
    /usr/share/doc/dingrelay/copyright; do
    [ -f "$f" ] || { echo "smoke: $f is not installed" >&2; exit 1; }
done

echo "== $bin --version"
out=$("$bin" --version)
echo "$out"
[ "$(head -n1 <<<"$out")" = "dingrelay $version" ] || { echo "smoke: expected 'dingrelay $version'" >&2; exit 1; }
grep -q "GPL-3.0-or-later" <<<"$out" || { echo "smoke: --version names no licence" >&2; exit 1; }

echo "== $bin --headless"
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
# port=0: the system picks a free port, which the log names. Every remote service points at
# a closed loopback port, so nothing leaves the machine.
cat >"$tmp/relay.ini" <<'EOF'
[relay]
address=127.0.0.1
port=0
[storage]
data_dir=data
[model]
preset=custom
base_url=http://127.0.0.1:9/v1
model=smoke-model
api_key_required=true
[dingtalk]
session_webhook_prefix=http://127.0.0.1:9/
openapi_base_url=http://127.0.0.1:9
stream_gateway_url=http://127.0.0.1:9
custom_webhook_url=http://127.0.0.1:9/send
[tunnel]
mode=none
[robot.smoke]
mode=http
EOF
api_key="sk-smoke-$RANDOM$RANDOM"
app_secret="smoke-secret-$RANDOM$RANDOM"
# A HOME of its own: the relay must not need (or touch) a keychain or the real user's files.
HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/share" \
    DBUS_SESSION_BUS_ADDRESS=disabled: QT_QPA_PLATFORM=offscreen \
    DINGRELAY_SECRET_MODEL_API_KEY="$api_key" \
    DINGRELAY_SECRET_ROBOT_SMOKE_APP_SECRET="$app_secret" \
    "$bin" --headless --config "$tmp/relay.ini" 2>"$tmp/log" &
pid=$!

port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/log")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/log"; echo "smoke: the relay did not start listening" >&2; exit 1; }

health=$(curl --silent --show-error --fail --max-time 5 "http://127.0.0.1:$port/healthz")
echo "GET /healthz: $health"
case $health in *'"status":"ok"'*) ;; *) echo "smoke: /healthz does not say ok" >&2; exit 1 ;; esac

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=
cat "$tmp/log"
[ "$code" -eq 0 ] || { echo "smoke: exit code $code after SIGTERM, expected 0" >&2; exit 1; }
if grep -q -e "$api_key" -e "$app_secret" "$tmp/log"; then
    echo "smoke: a secret reached the log" >&2
    exit 1
fi
echo "smoke test passed: dingrelay $version installed, served /healthz on port $port, exited 0"
