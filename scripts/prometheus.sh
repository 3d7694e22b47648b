#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# prometheus.sh: a throw-away Prometheus (Debian's `prometheus`) on loopback that scrapes a ray-cluster.sh head.
#
#   scripts/prometheus.sh start RAY_ENVFILE [--port-file FILE] [--scrape-interval 1s] [--backfill OPENMETRICS]
#       Start Prometheus on a free 127.0.0.1 port with its own data dir. It finds the head's metrics endpoints
#       through the file Ray writes for Prometheus' file service discovery
#       (<temp dir>/session_latest/prom_metrics_service_discovery.json) and scrapes them on 127.0.0.1 (tests
#       reach loopback only). --backfill first writes the samples of an OpenMetrics file into the data dir
#       with `promtool tsdb create-blocks-from openmetrics`, so range queries see weeks of history at once.
#       Writes PROMETHEUS_URL, PROMETHEUS_PID and PROMETHEUS_DIR to FILE (default RAY_ENVFILE's dir/prometheus.env)
#       once Prometheus is ready, and prints FILE.
#   scripts/prometheus.sh stop FILE
#       Stop that Prometheus only (its PID; TERM, then KILL after 10 s) and remove its dir.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

plog() { printf '[prometheus] %s\n' "$*" >&2; }
pdie() { printf '[prometheus] error: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    exit "${1:-0}"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_config() {
    local config="$1" sd_file="$2" interval="$3"
    cat >"$config" <<EOF
global:
  scrape_interval: $interval
  evaluation_interval: $interval
scrape_configs:
  - job_name: ray
    file_sd_configs:
      - files: ['$sd_file']
        refresh_interval: 5s
    relabel_configs:
      # Ray lists each node by the address it advertises; this Prometheus runs beside a local head.
      - source_labels: [__address__]
        regex: '.*:([0-9]+)'
        replacement: '127.0.0.1:\$1'
        target_label: __address__
EOF
}

backfill() {
    local source="$1" data="$2"
    [[ -f "$source" ]] || pdie "no such OpenMetrics file: $source"
    plog "backfilling $(grep -vc '^#' "$source") samples from $source"
    # Week-long blocks: the default 2 h blocks make hundreds of them for four weeks, slow to write and to load.
    promtool tsdb create-blocks-from openmetrics --max-block-duration=168h "$source" "$data" >"$data/../backfill.log" 2>&1 ||
        { cat "$data/../backfill.log" >&2; pdie "promtool could not backfill $source"; }
}

wait_ready() {
    local url="$1" pid="$2" log="$3" deadline=$((SECONDS + 60))
    until curl -sf --max-time 2 "$url/-/ready" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; pdie "prometheus exited during start-up"; }
        ((SECONDS < deadline)) || { tail -20 "$log" >&2; pdie "prometheus at $url was not ready within 60 s"; }
        sleep 0.5
    done
}

cmd_start() {
    local ray_env="${1:-}" port_file="" interval="1s" backfill_file=""
    [[ -n "$ray_env" && -f "$ray_env" ]] || pdie "start needs the head's env file (scripts/ray-cluster.sh start)"
    shift
    while (($#)); do
        case "$1" in
            --port-file) port_file="$2"; shift 2 ;;
            --scrape-interval) interval="$2"; shift 2 ;;
            --backfill) backfill_file="$2"; shift 2 ;;
            *) pdie "unknown option $1" ;;
        esac
    done
    command -v prometheus >/dev/null || pdie "prometheus is not installed (scripts/install-deps.sh)"
    port_file="${port_file:-$(dirname "$ray_env")/prometheus.env}"
    local ray_dir
    ray_dir="$(sed -n 's/^SCALEDECK_RAY_DIR=//p' "$ray_env")"
    [[ -d "$ray_dir" ]] || pdie "the head of $ray_env has no private dir (is it running?)"

    local dir port url
    dir="$(mktemp -d /tmp/sdprom.XXXXXX)"
    mkdir -p "$dir/data"
    write_config "$dir/prometheus.yml" "$ray_dir/ray/session_latest/prom_metrics_service_discovery.json" "$interval"
    [[ -n "$backfill_file" ]] && backfill "$backfill_file" "$dir/data"
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --storage.tsdb.retention.time=90d --web.listen-address="127.0.0.1:$port" \
        >"$dir/prometheus.log" 2>&1 &
    local pid=$!
    wait_ready "$url" "$pid" "$dir/prometheus.log"
    printf 'PROMETHEUS_URL=%s\nPROMETHEUS_PID=%s\nPROMETHEUS_DIR=%s\n' "$url" "$pid" "$dir" >"$port_file"
    plog "ready at $url (pid $pid), scraping the head every $interval"
    echo "$port_file"
}

cmd_stop() {
    local file="${1:-}"
    [[ -f "$file" ]] || pdie "stop needs the file that start wrote"
    local pid dir
    pid="$(sed -n 's/^PROMETHEUS_PID=//p' "$file")"
    dir="$(sed -n 's/^PROMETHEUS_DIR=//p' "$file")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + 10))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    [[ "$dir" == /tmp/sdprom.* ]] && rm -rf "$dir"
    rm -f "$file"
    plog "stopped (pid $pid)"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    -h|--help|help) usage 0 ;;
    *) usage 1 ;;
esac
