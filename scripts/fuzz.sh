#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (in build-fuzz/) and runs each for N seconds.
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]
# Seeds come from tests/data/fuzz/<target>/; what a run adds to the corpus stays in
# build-fuzz/corpus/<target>/. A crash leaves its input in build-fuzz/crashes/ and the
# script exits non-zero. The last lines of each run go to build-fuzz/fuzz-summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(callback sse markdown streamframe httpguard guardvsqt)
build=${DINGRELAY_FUZZ_BUILD:-build-fuzz}

scripts/install-deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DDINGRELAY_FUZZ=ON -DDINGRELAY_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$build/crashes"
: >"$build/fuzz-summary.txt"
failed=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    log="$build/fuzz-$target.log"
    echo "== fuzz_$target for ${seconds}s"
    # -max_len bounds one input (64 KiB: a callback body's default limit); -rss_limit_mb the
    # memory of one run, so a slow leak or an explosion counts as a finding.
    if "$build/fuzz/fuzz_$target" "$corpus" "tests/data/fuzz/$target" \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        failed=1
        tail -40 "$log"
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    echo "fuzz_$target: $result, $runs executions in ${seconds}s, coverage $cov edges, corpus $(ls "$corpus" | wc -l) files" |
        tee -a "$build/fuzz-summary.txt"
done
exit $failed
