#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan, any UB fatal) into build-fuzz/ (or
# $SCALEDECK_BUILD_DIR-fuzz) and runs each on its seeds (the Ray fixtures, the example schedules, the seeds
# and crash regressions in tests/fuzz/seeds/).
#   scripts/fuzz.sh --short [TARGET...]   each target for $SCALEDECK_FUZZ_RUNS (default 5,000) inputs from a
#                                         fixed seed, so the test command's run is the same on every machine
#   scripts/fuzz.sh --long  [TARGET...]   each target for 1,000,000 inputs (of at most 4 KiB)
# Prints runs, seconds and the outcome of each target; exits non-zero on the first crash, with the input
# that caused it saved under build-fuzz/artifacts/. The corpus each run grows is kept in build-fuzz/corpus/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}-fuzz"
all_targets=(fuzz_servestate fuzz_incrementalserve fuzz_nodes fuzz_scheduletext fuzz_schedulejson fuzz_profiles
    fuzz_metricsexposition)

mode="${1:-}"
case "$mode" in
    # A fixed seed and a count of inputs, not a time: CI runs the same inputs every time, so it never fails
    # on a new finding by chance; --long is where new findings are looked for.
    --short) limit=(-seed=1 -runs="${SCALEDECK_FUZZ_RUNS:-5000}") ;;
    # Inputs up to 4 KiB: a mutation of a whole 35 KB fixture costs ten times as much under ASan, and the
    # unit tests read the whole fixtures already.
    --long) limit=(-runs=1000000 -max_len=4096) ;;
    *) echo "usage: scripts/fuzz.sh --short|--long [TARGET...]" >&2; exit 2 ;;
esac
shift
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DSCALEDECK_GUI=OFF -DBUILD_TESTING=OFF -DSCALEDECK_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

fixtures="$root/tests/fixtures"
# Fills directory $2 with the seeds of target $1.
seed() {
    local target="$1" dir="$2" a b
    mkdir -p "$dir"
    if [[ -d "$root/tests/fuzz/seeds/$target" ]]; then cp "$root/tests/fuzz/seeds/$target"/* "$dir"/; fi
    case "$target" in
        fuzz_servestate) cp "$fixtures"/applications_*.json "$dir"/ ;;
        fuzz_incrementalserve)
            # Every ordered pair of fixtures: the second body is read against what the first left behind.
            for a in "$fixtures"/applications_*.json; do
                for b in "$fixtures"/applications_*.json; do
                    { cat "$a"; printf '\n#next#\n'; cat "$b"; } >"$dir/$(basename "$a" .json)+$(basename "$b" .json)"
                done
            done ;;
        fuzz_nodes) cp "$fixtures"/nodes*.json "$fixtures"/cluster_status.json "$dir"/ ;;
        fuzz_scheduletext) cp "$root"/examples/schedules/*.txt "$dir"/ ;;
        fuzz_schedulejson) cp "$root"/examples/schedules/*.json "$dir"/ ;;
        fuzz_profiles) ;;  # tests/fuzz/seeds only
        fuzz_metricsexposition) cp "$fixtures"/node_metrics_*.txt "$dir"/ ;;
    esac
}

summary=()
status=0
for target in "${targets[@]}"; do
    seeds="$build/seeds/$target"
    rm -rf "$seeds"
    seed "$target" "$seeds"
    mkdir -p "$build/corpus/$target" "$build/artifacts"
    log="$build/$target.log"
    echo "[fuzz] $target ${limit[*]}" >&2
    start=$SECONDS
    # Leak checking is off: Qt keeps process-lifetime allocations (time zone and codec caches) that
    # LeakSanitizer would report on every input that first touches them.
    if ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/tests/fuzz/$target" "${limit[@]}" -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        "$build/corpus/$target" "$seeds" >"$log" 2>&1; then
        outcome="no crash"
    else
        outcome="FAILED (see $log; input in $build/artifacts/)"
        status=1
        tail -40 "$log" >&2
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    summary+=("$(printf '%-24s %9s runs %6ss  %s' "$target" "${runs:-?}" "$((SECONDS - start))" "$outcome")")
    ((status == 0)) || break
done
printf '[fuzz] %s\n' "${summary[@]}" >&2
exit "$status"
