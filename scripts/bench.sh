#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The benchmarks in one command: builds (scripts/build.sh), runs the status-pipeline, schedule-transition,
# schedule-suggestion, controller fan-out (issue 14: one controller, 1,000 apps, 50 long-polling clients, against
# a stand-in dashboard), GUI-refresh, history (30 days), cost-view memory and scale (issue 16: bench_scale at 1,000 and
# 10,000 deployments and a fleet of 50 clusters, each line ending in its JSON figures) benchmarks, then times
# `scaledeckctl status --json` against `serve status` on a real cluster.
#   scripts/bench.sh
# The cluster is $RAY_DASHBOARD_ADDRESS when it is set and answers; otherwise a throw-away demo cluster is
# started (scripts/ray-cluster.sh start + deploy) and stopped again on every exit path.
# Environment: SCALEDECK_BUILD_DIR (default build/), SCALEDECK_BENCH_RUNS (timed runs per CLI, default 5).
# Figures are printed, never judged: a missed target does not fail the script; a failing command does.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"
export SCALEDECK_BUILD_DIR="$build"
runs="${SCALEDECK_BENCH_RUNS:-5}"
# shellcheck source=scripts/common.sh
. "$root/scripts/common.sh"

own_cluster_workdir scaledeck-bench

section() { printf '\n== %s ==\n' "$*"; }

section "build ($build)"
"$root/scripts/build.sh"

section "bench_status_pipeline"
"$build/tests/bench/bench_status_pipeline"

section "bench_schedule_transitions"
"$build/tests/bench/bench_schedule_transitions"

section "bench_schedulesuggest"
"$build/tests/bench/bench_schedulesuggest"

section "bench_controller_fanout"
"$build/tests/bench/bench_controller_fanout"

section "bench_gui_refresh"
if [[ -x "$build/tests/bench/bench_gui_refresh" ]]; then
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$build/tests/bench/bench_gui_refresh"
else
    echo "skipped: $build was configured with SCALEDECK_GUI=OFF"
fi

section "bench_history"
history_db="$work/history.sqlite"   # kept for the memory benchmark below; removed with $work on exit
"$build/tests/bench/bench_history" 30 "$history_db"

section "bench_costview_memory"
if [[ -x "$build/tests/bench/bench_costview_memory" ]]; then
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$build/tests/bench/bench_costview_memory" "$history_db"
else
    echo "skipped: $build was configured with SCALEDECK_GUI=OFF"
fi

section "bench_scale (issue 16): 1,000 and 10,000 deployments in one cluster, 30 days; 50 clusters x 200"
if [[ -x "$build/tests/bench/bench_scale" ]]; then
    for size in "--deployments 1000" "--deployments 10000" "--deployments 10000 --clusters 50"; do
        # shellcheck disable=SC2086 # the size is two or four words on purpose
        QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$build/tests/bench/bench_scale" $size --json
    done
else
    echo "skipped: $build was configured with SCALEDECK_GUI=OFF"
fi

section "scaledeckctl status --json vs serve status"
ctl="$build/app/scaledeckctl"
serve="$(venv_bin serve)"
[[ -x "$serve" ]] || { echo "no serve at $serve: run scripts/ray-cluster.sh venv" >&2; exit 1; }

answers() {
    local -a auth=()
    if [[ -n "${RAY_AUTH_TOKEN:-}" ]]; then
        auth=(-H "Authorization: Bearer $RAY_AUTH_TOKEN")
    elif [[ -n "${RAY_AUTH_TOKEN_PATH:-}" && -r "${RAY_AUTH_TOKEN_PATH:-}" ]]; then
        auth=(-H "Authorization: Bearer $(cat "$RAY_AUTH_TOKEN_PATH")")
    fi
    curl -sf --max-time 5 -A "$SCALEDECK_UA" "${auth[@]}" "$1/api/ray/version" >/dev/null 2>&1
}

if [[ -n "${RAY_DASHBOARD_ADDRESS:-}" ]] && answers "$RAY_DASHBOARD_ADDRESS"; then
    echo "cluster: $RAY_DASHBOARD_ADDRESS (from RAY_DASHBOARD_ADDRESS)"
else
    [[ -n "${RAY_DASHBOARD_ADDRESS:-}" ]] && echo "RAY_DASHBOARD_ADDRESS=$RAY_DASHBOARD_ADDRESS does not answer"
    echo "starting a demo cluster (stopped again when this script exits)"
    "$root/scripts/ray-cluster.sh" start --port-file "$env_file" >/dev/null
    "$root/scripts/ray-cluster.sh" deploy "$env_file"
    # The demo cluster runs without auth: a token from the caller's environment is not for it.
    unset RAY_AUTH_TOKEN RAY_AUTH_TOKEN_PATH
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
    echo "cluster: $RAY_DASHBOARD_ADDRESS (started here)"
fi
export RAY_DASHBOARD_ADDRESS
export SCALEDECK_STORE="$work/store.sqlite"   # never touch the user's own store

# Wall-clock milliseconds of one run of "$@" (output discarded; a failure stops the script).
time_ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    awk -v ns="$((end - start))" 'BEGIN { printf "%.1f", ns / 1e6 }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ctl_cmd=("$ctl" status --json)
serve_cmd=("$serve" status --address "$RAY_DASHBOARD_ADDRESS")
# One untimed run each: checks both work against this cluster and warms the page cache.
"${ctl_cmd[@]}" > "$work/ctl.out"
"${serve_cmd[@]}" > "$work/serve.out"
echo "outputs: scaledeckctl status --json $(wc -c < "$work/ctl.out") bytes, serve status $(wc -c < "$work/serve.out") bytes"

ctl_times=() serve_times=()
for ((i = 1; i <= runs; i++)); do   # interleaved, so drift on the machine hits both alike
    ctl_times+=("$(time_ms "${ctl_cmd[@]}")")
    serve_times+=("$(time_ms "${serve_cmd[@]}")")
done
ctl_median="$(median "${ctl_times[@]}")"
serve_median="$(median "${serve_times[@]}")"
echo "runs: $runs each, wall clock, after one untimed warm-up run each"
printf '%-40s %s\n' "scaledeckctl status --json (ms):" "${ctl_times[*]}"
printf '%-40s %s\n' "serve status --address ... (ms):" "${serve_times[*]}"
printf '%-40s median %8.1f ms\n' "scaledeckctl status --json" "$ctl_median"
printf '%-40s median %8.1f ms\n' "serve status" "$serve_median"
awk -v s="$serve_median" -v c="$ctl_median" \
    'BEGIN { r = s / c; printf "ratio serve/scaledeckctl: %.1fx (target >= 20x) [%s]\n", r, (r >= 20 ? "met" : "MISSED") }'
