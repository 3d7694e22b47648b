#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The README's first command: installs what is missing, builds, starts a local Ray head on 127.0.0.1:8265
# (4 logical GPUs, 8 logical CPUs) with the example apps unless a dashboard already answers there, and
# opens ScaleDeck on it. Without a display the GUI runs under Xvfb and a screenshot is saved.
# A cluster that this script started gets the example schedules (examples/schedules/) in a store of its own, a
# Prometheus scraping it (with four weeks of embedder's traffic backfilled) and a trickle of requests, all stopped
# when ScaleDeck closes; one that was already there is left as it is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"
address="${RAY_DASHBOARD_ADDRESS:-http://127.0.0.1:8265}"
port="${address##*:}"; port="${port%%/*}"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

env_file=""
traffic_pid=""
cleanup() {
    [[ -n "$traffic_pid" ]] && kill "$traffic_pid" 2>/dev/null || true
    if [[ -n "$env_file" && -f "${env_file%.env}.prometheus.env" ]]; then
        "$root/scripts/prometheus.sh" stop "${env_file%.env}.prometheus.env" || true
    fi
    if [[ -n "$env_file" && -f "$env_file" ]]; then
        echo "[demo] stopping the demo Ray cluster" >&2
        "$root/scripts/ray-cluster.sh" stop "$env_file" || true
        rm -f "$env_file" "${env_file%.env}.sqlite" "${env_file%.env}.sqlite-wal" "${env_file%.env}.sqlite-shm" \
            "${env_file%.env}.history.om"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 3 -A scaledeck-demo "$address/api/ray/version"; then
    echo "[demo] a Ray dashboard already answers at $address: using it" >&2
else
    env_file="$(mktemp /tmp/scaledeck-demo.XXXXXX.env)"
    # The head's logical GPUs are named L4s, as Ray names a node's detected GPU model, so they have a type to price.
    "$root/scripts/ray-cluster.sh" start --gpus 4 --cpus 8 --accelerator-type L4 --dashboard-port "$port" \
        --port-file "$env_file" >/dev/null
    "$root/scripts/ray-cluster.sh" deploy "$env_file"
    # A Prometheus scraping the head, with four weeks of embedder's office-hours traffic before now (so a schedule
    # can be suggested from it), and a trickle of real requests: the traffic columns have live figures.
    python3 "$root/scripts/traffic-history.py" --app embedder --deployment Embedder --tz Europe/Ljubljana \
        --out "${env_file%.env}.history.om"
    "$root/scripts/prometheus.sh" start "$env_file" --port-file "${env_file%.env}.prometheus.env" \
        --backfill "${env_file%.env}.history.om" >/dev/null
    RAY_PROMETHEUS_HOST="$(sed -n 's/^PROMETHEUS_URL=//p' "${env_file%.env}.prometheus.env")"
    export RAY_PROMETHEUS_HOST
    python3 "$root/scripts/demo-traffic.py" --port "$(sed -n 's/^SERVE_HTTP_PORT=//p' "$env_file")" &
    traffic_pid=$!
    # The demo's own store (its cluster is thrown away too), with the example schedules: ScaleDeck's controller
    # enforces them from the first tick, so outside 07:00-17:00 on weekdays (Ljubljana time) llm is parked.
    export SCALEDECK_STORE="${env_file%.env}.sqlite"
    for schedule in "llm/LLM:$root/examples/schedules/llm-business-hours.txt" \
                    "batch/BatchWorker:$root/examples/schedules/batch-weekly.json"; do
        "$build/app/scaledeckctl" --address "$address" schedule set "${schedule%%:*}" "${schedule#*:}" >&2
    done
    # Example prices (list prices of the day, roughly): the Cost tab shows money from the first tick.
    "$build/app/scaledeckctl" --address "$address" prices --gpu-hour 2.50 --currency USD --cpu-hour 0.04 >&2
    "$build/app/scaledeckctl" --address "$address" prices --accelerator L4 --gpu-hour 0.80 >&2
fi

export RAY_DASHBOARD_ADDRESS="$address"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    "$build/app/scaledeck" --address "$address" "$@"
else
    shot="$build/demo-screenshot.png"
    # SCALEDECK_DEMO_SHOT_AFTER: seconds before the screenshot (the traffic columns fill within a minute or so).
    after="${SCALEDECK_DEMO_SHOT_AFTER:-20}"
    echo "[demo] no display: running ScaleDeck under Xvfb; a screenshot goes to $shot in $after s. Ctrl-C ends the demo." >&2
    xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
        "$1" --address "$2" "${@:5}" & app=$!
        sleep "$4" && import -window root "$3" && echo "[demo] screenshot: $3" >&2
        wait "$app"' _ "$build/app/scaledeck" "$address" "$shot" "$after" "$@"
fi
