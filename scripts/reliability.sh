#!/usr/bin/env bash
# The reliability suites that run outside CTest (docs/RELIABILITY.md): load, crash and fuzzing.
#   scripts/reliability.sh          full size: 10,000 callbacks a run, 300 s of fuzzing a target
#   scripts/reliability.sh --short  what CI runs: 2,000 callbacks a run, 15 s a target
# Load and crash drive the normal build's relay (build/, which scripts/test.sh also builds);
# fuzzing builds its own targets with clang in build-fuzz/. A lost or repeated answer, a relay
# that does not exit cleanly, or a fuzzer finding fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

messages=10000 settle=300 fuzz_seconds=300
if [ "${1:-}" = "--short" ]; then
    messages=2000 settle=120 fuzz_seconds=15
fi

scripts/configure.sh build
cmake --build build --target dingrelay dingrelay_loadgen dingrelay_crashtest

export QT_LOGGING_RULES='*.debug=false'
for latency in 0 500; do
    echo "== load: $messages callbacks, 200 conversations, model ${latency} ms"
    build/bin/dingrelay_loadgen --messages "$messages" --conversations 200 \
        --model-latency-ms "$latency" --settle-seconds "$settle"
done
echo "== crash: SIGKILL after half of $messages callbacks, restart"
build/bin/dingrelay_crashtest --messages "$messages" --model-latency-ms 0 --settle-seconds "$settle"

echo "== fuzz: ${fuzz_seconds} s a target"
scripts/fuzz.sh "$fuzz_seconds"
