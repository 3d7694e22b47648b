#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# ray-cluster.sh: a throw-away local Ray head with the ScaleDeck demo Serve apps.
#
#   scripts/ray-cluster.sh venv
#       Create $SCALEDECK_VENV (default ~/.cache/scaledeck/venv-ray-<version>) with
#       ray[serve]==<scripts/ray-version.txt>. Idempotent; instant when the stamp exists.
#   scripts/ray-cluster.sh start [--gpus N] [--cpus N] [--port-file FILE] [--auth token|none] [--dashboard-port P]
#                                [--accelerator-type TYPE]
#       Start a Ray head on 127.0.0.1 on free ports; write KEY=VALUE lines to FILE
#       (default: $SCALEDECK_RAY_ENV, else /tmp/scaledeck-ray-$UID.env) once the
#       dashboard answers. Prints the env file path on stdout. --accelerator-type gives the
#       node the resource "accelerator_type:TYPE", as Ray does for a detected GPU model, so
#       logical GPUs are priced as that type.
#   scripts/ray-cluster.sh start --reuse ENVFILE
#       Start the head that `stop ENVFILE --keep` stopped again: the same ports (so the same
#       dashboard address), token, private dir, CPUs, GPUs and accelerator type. A fresh Ray
#       session: no Serve applications until `deploy`. Fails if one of the ports is taken.
#   scripts/ray-cluster.sh deploy [ENVFILE] [--without APP[,APP...]]
#       `serve deploy examples/serve_config.yaml` (HTTP port taken from ENVFILE),
#       then wait until every application is RUNNING (SCALEDECK_DEPLOY_TIMEOUT, 180 s).
#       --without leaves those applications out of the config (say, one that is parked).
#   scripts/ray-cluster.sh deploy-imperative [ENVFILE]
#       serve.run() examples/imperative_app.py into the running cluster (source "imperative").
#   scripts/ray-cluster.sh status [ENVFILE]
#       One line per application: name, status, replicas per deployment.
#   scripts/ray-cluster.sh stop [ENVFILE] [--all] [--keep]
#       Stop that cluster only (its processes, by PID; TERM then KILL, bounded) and
#       remove its temp files. --all: also `ray stop --force` (every Ray process of the user).
#       --keep: stop its processes and Ray's temp dir only; the env file, the token and the
#       ports stay for `start --reuse ENVFILE` (a head restart); a later `stop` removes them.
#
# The env file holds: RAY_ADDRESS (GCS host:port, for ray.init), RAY_DASHBOARD_ADDRESS
# (http://127.0.0.1:PORT), RAY_DASHBOARD_PORT, RAY_GCS_PORT, RAY_CLIENT_PORT,
# SERVE_HTTP_PORT, RAY_AUTH_MODE (token|disabled), RAY_AUTH_TOKEN_PATH (token mode
# only), SCALEDECK_RAY_DIR (private temp dir, removed by stop), RAY_NUM_CPUS, RAY_NUM_GPUS,
# RAY_ACCELERATOR_TYPE (with --accelerator-type), SCALEDECK_RAY_PORTS (every port `ray start` was
# given, comma-separated, for `start --reuse`).
# It can be sourced by bash (`set -a; . FILE; set +a`) or parsed line by line.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

DEFAULT_ENV_FILE="${SCALEDECK_RAY_ENV:-/tmp/scaledeck-ray-$(id -u).env}"
SERVE_CONFIG="$SCALEDECK_EXAMPLES_DIR/serve_config.yaml"

usage() {
    sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    exit "${1:-0}"
}

# --- venv ---------------------------------------------------------------------

cmd_venv() {
    if [[ -f "$SCALEDECK_VENV_STAMP" ]]; then
        log "venv ready: $SCALEDECK_VENV (ray $SCALEDECK_RAY_VERSION)"
        return 0
    fi
    if [[ ! -x "$(venv_bin python)" ]]; then
        log "creating venv $SCALEDECK_VENV"
        mkdir -p "$(dirname "$SCALEDECK_VENV")"
        python3 -m venv "$SCALEDECK_VENV"
    fi
    # An existing venv made by hand counts if it already has the pinned Ray.
    if ! "$(venv_bin python)" -c "import ray, ray.serve, sys; sys.exit(ray.__version__ != '$SCALEDECK_RAY_VERSION')" 2>/dev/null; then
        log "installing ray[serve]==$SCALEDECK_RAY_VERSION (this takes a few minutes)"
        "$(venv_bin pip)" install --disable-pip-version-check -q "ray[serve]==$SCALEDECK_RAY_VERSION"
    fi
    "$(venv_bin python)" -c "import ray, ray.serve; assert ray.__version__ == '$SCALEDECK_RAY_VERSION', ray.__version__"
    date -u +%FT%TZ > "$SCALEDECK_VENV_STAMP"
    log "venv ready: $SCALEDECK_VENV (ray $SCALEDECK_RAY_VERSION)"
}

require_venv() {
    [[ -x "$(venv_bin ray)" && -x "$(venv_bin serve)" ]] ||
        die "no Ray venv at $SCALEDECK_VENV: run '$0 venv' first"
}

# --- helpers ------------------------------------------------------------------

# Prints N distinct free TCP ports on 127.0.0.1 (all bound at once, so distinct),
# then a base B such that B..B+WORKER_PORTS-1 are all free (for Ray's worker ports).
free_ports() {
    "$(venv_bin python)" - "$1" <<'PY'
import random, socket, sys
n = int(sys.argv[1])
socks = []
for _ in range(n):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
ports = [s.getsockname()[1] for s in socks]
WORKER_PORTS = 200
def block_free(base):
    held = []
    try:
        for p in range(base, base + WORKER_PORTS):
            if p in ports:
                return False
            s = socket.socket(); s.bind(("127.0.0.1", p)); held.append(s)
        return True
    except OSError:
        return False
    finally:
        for s in held: s.close()
for _ in range(50):
    base = random.randrange(20000, 30000)
    if block_free(base):
        break
else:
    sys.exit("no free block of worker ports found")
for s in socks: s.close()
print(" ".join(map(str, ports + [base, base + WORKER_PORTS - 1])))
PY
}

load_env() {
    local file="${1:-$DEFAULT_ENV_FILE}"
    [[ -f "$file" ]] || die "env file $file not found (did 'start' run?)"
    set -a
    # shellcheck disable=SC1090
    . "$file"
    set +a
    ENV_FILE="$file"
}

# curl against the dashboard with our User-Agent and, in token mode, the token.
dash_curl() {
    local -a auth=()
    if [[ "${RAY_AUTH_MODE:-disabled}" == token && -n "${RAY_AUTH_TOKEN_PATH:-}" ]]; then
        auth=(-H "Authorization: Bearer $(cat "$RAY_AUTH_TOKEN_PATH")")
    fi
    curl -sS --max-time 30 -A "$SCALEDECK_UA" "${auth[@]}" "$@"
}

# --- start --------------------------------------------------------------------

# The value of KEY in an env file, without sourcing it (its RAY_* lines must not reach `ray start`).
env_value() {
    sed -n "s/^$2=//p" "$1" | tail -n 1
}

# Dies naming the first of these ports (and worker ports WMIN..WMAX) that another process holds.
# SO_REUSEADDR as Ray's servers bind: connections left in TIME_WAIT by the stopped head do not count.
require_ports_free() {
    "$(venv_bin python)" - "$@" <<'PY'
import socket, sys
*ports, wmin, wmax = map(int, sys.argv[1:])
for p in ports + list(range(wmin, wmax + 1)):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
    except OSError as e:
        sys.exit(f"port {p} of the stopped head is taken now ({e.strerror}): start a new head instead")
    finally:
        s.close()
PY
}

write_env_file() {
    local env_file="$1" dir="$2"
    local gcs=${START_PORTS[0]} dash=${START_PORTS[1]} client=${START_PORTS[2]} serve_http=${START_PORTS[9]}
    mkdir -p "$(dirname "$env_file")"
    {
        echo "RAY_ADDRESS=127.0.0.1:$gcs"
        echo "RAY_GCS_PORT=$gcs"
        echo "RAY_DASHBOARD_ADDRESS=http://127.0.0.1:$dash"
        echo "RAY_DASHBOARD_PORT=$dash"
        echo "RAY_CLIENT_PORT=$client"
        echo "SERVE_HTTP_PORT=$serve_http"
        echo "RAY_NUM_CPUS=$START_CPUS"
        echo "RAY_NUM_GPUS=$START_GPUS"
        [[ -z "$START_ACCELERATOR" ]] || echo "RAY_ACCELERATOR_TYPE=$START_ACCELERATOR"
        if [[ "$START_AUTH" == token ]]; then
            echo "RAY_AUTH_MODE=token"
            echo "RAY_AUTH_TOKEN_PATH=$dir/auth_token"
        else
            echo "RAY_AUTH_MODE=disabled"
        fi
        echo "SCALEDECK_RAY_DIR=$dir"
        echo "SCALEDECK_RAY_PORTS=$(IFS=,; echo "${START_PORTS[*]}")"
    } > "$env_file.tmp"
    mv "$env_file.tmp" "$env_file"
    cp "$env_file" "$dir/cluster.env"
}

# Sets START_DIR, START_PORTS, START_CPUS, START_GPUS, START_ACCELERATOR, START_AUTH from the env file of
# a head that `stop --keep` stopped.
load_stopped_head() {
    local file="$1"
    [[ -f "$file" ]] || die "start --reuse: env file $file not found"
    START_DIR="$(env_value "$file" SCALEDECK_RAY_DIR)"
    [[ "$START_DIR" == /tmp/sdray.* && -d "$START_DIR" ]] ||
        die "start --reuse: $file names no kept ray-cluster.sh dir (was it stopped with --keep?)"
    [[ -z "$(cluster_pids "$START_DIR")" ]] || die "start --reuse: the head of $file is still running"
    local ports
    ports="$(env_value "$file" SCALEDECK_RAY_PORTS)"
    [[ "$ports" =~ ^[0-9]+(,[0-9]+){11}$ ]] ||
        die "start --reuse: $file has no SCALEDECK_RAY_PORTS (written by an older ray-cluster.sh)"
    IFS=, read -r -a START_PORTS <<<"$ports"
    START_CPUS="$(env_value "$file" RAY_NUM_CPUS)"
    START_GPUS="$(env_value "$file" RAY_NUM_GPUS)"
    START_ACCELERATOR="$(env_value "$file" RAY_ACCELERATOR_TYPE)"
    START_AUTH=none
    if [[ "$(env_value "$file" RAY_AUTH_MODE)" == token ]]; then
        START_AUTH=token
        [[ -f "$START_DIR/auth_token" ]] || die "start --reuse: the token of $file is gone"
    fi
    require_ports_free "${START_PORTS[@]}" || die "start --reuse: cannot restart on the same ports"
}

# Picks the ports and makes the private dir (with a new token in token mode) of a new head.
prepare_new_head() {
    local fixed_dash="$1"
    # Short path on purpose: Ray puts unix sockets under it (108-byte limit).
    START_DIR="$(mktemp -d /tmp/sdray.XXXXXX)"
    chmod 700 "$START_DIR"
    read -r -a START_PORTS <<<"$(free_ports 10)"
    # The demo wants the dashboard where Ray's own tools look by default (8265).
    [[ -n "$fixed_dash" ]] && START_PORTS[1]="$fixed_dash"
    if [[ "$START_AUTH" == token ]]; then
        "$(venv_bin python)" -c 'import secrets; print(secrets.token_hex(32), end="")' > "$START_DIR/auth_token"
        chmod 600 "$START_DIR/auth_token"
    fi
}

# Runs `ray start --head` with START_* and waits until the dashboard answers.
launch_head() {
    local dir="$START_DIR"
    local gcs=${START_PORTS[0]} dash=${START_PORTS[1]} client=${START_PORTS[2]} agent_http=${START_PORTS[3]}
    local agent_grpc=${START_PORTS[4]} rtenv=${START_PORTS[5]} metrics=${START_PORTS[6]} nodemgr=${START_PORTS[7]}
    local objmgr=${START_PORTS[8]} serve_http=${START_PORTS[9]} wmin=${START_PORTS[10]} wmax=${START_PORTS[11]}
    local -a resources=()
    [[ -n "$START_ACCELERATOR" ]] && resources=(--resources "{\"accelerator_type:$START_ACCELERATOR\": 1}")

    # Ray's workers hand their metrics (Serve's request counters among them) to the node's exporter every
    # metrics_report_interval_ms, 10 s by default: a counter then moves in 10 s steps, too coarse for a test
    # that checks a rate over one minute within 5%. This throw-away head reports every second.
    # Ray >= 2.5x turns token auth on by itself when it finds a token (RAY_AUTH_TOKEN,
    # RAY_AUTH_TOKEN_PATH, ~/.ray/auth_token) and RAY_AUTH_MODE is unset, and ray.init()
    # of a new local cluster always does. So the mode is always explicit here.
    local -a auth_env=(RAY_AUTH_MODE=disabled)
    [[ "$START_AUTH" == token ]] && auth_env=(RAY_AUTH_MODE=token "RAY_AUTH_TOKEN_PATH=$dir/auth_token")

    log "starting Ray head: gcs=$gcs dashboard=$dash serve-http=$serve_http cpus=$START_CPUS gpus=$START_GPUS auth=$START_AUTH"
    # Ray gives its raylet a fixed 30 s to register with the GCS and its dashboard a fixed while to come up,
    # which a loaded machine (a shared CI box) misses now and then: a failed start is retried once, on the
    # same ports, after stopping what it left.
    local attempt
    for attempt in 1 2; do
        # PYTHONPATH=examples: Serve workers import the demo apps from the checkout
        # (the declarative API accepts only remote working_dir URIs).
        if env -u RAY_AUTH_TOKEN -u RAY_ADDRESS "${auth_env[@]}" \
        PYTHONPATH="$SCALEDECK_EXAMPLES_DIR${PYTHONPATH:+:$PYTHONPATH}" \
        RAY_USAGE_STATS_ENABLED=0 \
        RAY_metrics_report_interval_ms="${SCALEDECK_RAY_METRICS_INTERVAL_MS:-1000}" \
        timeout 120 "$(venv_bin ray)" start --head \
        --node-ip-address 127.0.0.1 \
        --port "$gcs" \
        --num-cpus "$START_CPUS" --num-gpus "$START_GPUS" "${resources[@]}" \
        --include-dashboard=true --dashboard-host 127.0.0.1 --dashboard-port "$dash" \
        --ray-client-server-port "$client" \
        --dashboard-agent-listen-port "$agent_http" \
        --dashboard-agent-grpc-port "$agent_grpc" \
        --runtime-env-agent-port "$rtenv" \
        --metrics-export-port "$metrics" \
        --node-manager-port "$nodemgr" \
        --object-manager-port "$objmgr" \
        --min-worker-port "$wmin" --max-worker-port "$wmax" \
        --temp-dir "$dir/ray" \
        --disable-usage-stats \
        >"$dir/ray-start.log" 2>&1; then
            break
        fi
        if ((attempt == 1)); then
            log "ray start failed ($(grep -m1 '^Exception\|Error' "$dir/ray-start.log" | cut -c1-200));" \
                "stopping what it started and trying once more"
            stop_cluster "$dir" keep
            continue
        fi
        cat "$dir/ray-start.log" >&2
        die "ray start failed"
    done

    local -a auth_hdr=()
    [[ "$START_AUTH" == token ]] && auth_hdr=(-H "Authorization: Bearer $(cat "$dir/auth_token")")
    local deadline=$((SECONDS + 90))
    until curl -sf --max-time 3 -A "$SCALEDECK_UA" "${auth_hdr[@]}" \
        "http://127.0.0.1:$dash/api/ray/version" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "dashboard on port $dash did not answer within 90 s (see $dir/ray)"
        sleep 1
    done
}

cmd_start() {
    local env_file="$DEFAULT_ENV_FILE" fixed_dash= reuse=
    START_GPUS=4 START_CPUS=8 START_AUTH=none START_ACCELERATOR=
    while (($#)); do
        case "$1" in
            --gpus) START_GPUS="$2"; shift 2 ;;
            --cpus) START_CPUS="$2"; shift 2 ;;
            --port-file|--env-file) env_file="$2"; shift 2 ;;
            --auth) START_AUTH="$2"; shift 2 ;;
            --dashboard-port) fixed_dash="$2"; shift 2 ;;
            --accelerator-type) START_ACCELERATOR="$2"; shift 2 ;;
            --reuse) reuse="$2"; shift 2 ;;
            -h|--help) usage ;;
            *) die "start: unknown option $1" ;;
        esac
    done
    case "$START_AUTH" in token|none|disabled) ;; *) die "--auth must be 'token' or 'none'" ;; esac
    [[ -z "$START_ACCELERATOR" || "$START_ACCELERATOR" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] ||
        die "--accelerator-type takes a type such as L4 or A100, not '$START_ACCELERATOR'"
    require_venv

    if [[ -n "$reuse" ]]; then
        load_stopped_head "$reuse"
        env_file="$reuse"
        # On failure, stop what we started but keep the dir, token and env file: `stop ENVFILE` removes them.
        trap 'rc=$?; if ((rc)); then log "start failed, cleaning up"; stop_cluster "$START_DIR" keep; fi' EXIT
    else
        START_DIR="" START_ENV_FILE="$env_file"
        # On failure, undo what we started.
        trap 'rc=$?; if ((rc)); then log "start failed, cleaning up"; [[ -z "$START_DIR" ]] || stop_cluster "$START_DIR"; rm -f "$START_ENV_FILE"; fi' EXIT
        prepare_new_head "$fixed_dash"
    fi
    launch_head
    write_env_file "$env_file" "$START_DIR"
    trap - EXIT
    log "dashboard up at http://127.0.0.1:${START_PORTS[1]}; env file: $env_file"
    echo "$env_file"
}

# --- deploy -------------------------------------------------------------------

# Prints one line per application, then ALL_RUNNING / FAILED <app> / NOT_READY <n>.
apps_summary() {
    "$(venv_bin python)" "$SCALEDECK_SCRIPTS_DIR/serve_apps.py" summary "${1:-}"
}

wait_apps_running() {
    local want="$1" timeout="$2" json out last=""
    local deadline=$((SECONDS + timeout))
    while :; do
        if json="$(dash_curl -f "$RAY_DASHBOARD_ADDRESS/api/serve/applications/")"; then
            out="$(apps_summary "$want" <<<"$json")" || die "cannot parse GET /api/serve/applications/"
            if [[ "$out" != "$last" ]]; then
                log "after $((timeout - (deadline - SECONDS))) s:"
                printf '%s\n' "$out" | sed '$d' >&2
                last="$out"
            fi
            case "$(tail -n 1 <<<"$out")" in
                ALL_RUNNING) return 0 ;;
                FAILED*) log "application failed to deploy"; return 1 ;;
            esac
        fi
        ((SECONDS < deadline)) || { log "not all applications RUNNING after $timeout s"; return 1; }
        sleep 2
    done
}

cmd_deploy() {
    local file="" without=""
    while (($#)); do
        case "$1" in
            --without) without="$2"; shift 2 ;;
            -h|--help) usage ;;
            *) file="$1"; shift ;;
        esac
    done
    load_env "$file"
    require_venv
    local rendered="$SCALEDECK_RAY_DIR/serve_config.yaml"
    # Same config, with the Serve HTTP proxy on this cluster's free port.
    "$(venv_bin python)" "$SCALEDECK_SCRIPTS_DIR/serve_apps.py" render-config \
        "$SERVE_CONFIG" "$rendered" "$SERVE_HTTP_PORT" "$without"
    local apps
    apps="$("$(venv_bin python)" "$SCALEDECK_SCRIPTS_DIR/serve_apps.py" app-names "$rendered")"
    log "serve deploy $SERVE_CONFIG -> $RAY_DASHBOARD_ADDRESS (apps: $apps, http port $SERVE_HTTP_PORT)"
    timeout 120 "$(venv_bin serve)" deploy "$rendered" --address "$RAY_DASHBOARD_ADDRESS"
    wait_apps_running "$apps" "${SCALEDECK_DEPLOY_TIMEOUT:-180}"
    log "all applications RUNNING; try: curl 'http://127.0.0.1:$SERVE_HTTP_PORT/gateway?q=hi'"
}

cmd_deploy_imperative() {
    load_env "${1:-}"
    require_venv
    log "serve.run examples/imperative_app.py -> $RAY_ADDRESS"
    timeout 180 "$(venv_bin python)" "$SCALEDECK_EXAMPLES_DIR/imperative_app.py"
    wait_apps_running "${IMPERATIVE_APP_NAME:-imperative}" "${SCALEDECK_DEPLOY_TIMEOUT:-180}"
}

cmd_status() {
    load_env "${1:-}"
    require_venv
    local json
    json="$(dash_curl -f "$RAY_DASHBOARD_ADDRESS/api/serve/applications/")"
    apps_summary "" <<<"$json" | sed '$d'
}

# --- stop ---------------------------------------------------------------------

# Prints the PIDs of the cluster whose private dir is $1: the processes `ray start`
# launched (one process group; gcs_server, raylet and fresh workers name the dir on
# their command line) and all their descendants (workers and Serve replicas, which
# the raylet forks into process groups of their own and which rename themselves
# "ray::..."). Never this script's own process group.
cluster_pids() {
    local self_pgid
    self_pgid="$(ps -o pgid= -p $$ | tr -d ' ')"
    # The dir goes through the environment, not argv, so awk does not match itself.
    ps -eo pid=,ppid=,pgid=,args= |
        SD_DIR="$1" SD_VENV="$SCALEDECK_VENV" SD_SELF_PGID="$self_pgid" awk '
        {
            pid[NR] = $1; ppid[NR] = $2; pgid[NR] = $3
            if ($3 != ENVIRON["SD_SELF_PGID"] && index($0, ENVIRON["SD_DIR"]) &&
                (index($0, ENVIRON["SD_VENV"]) || $0 ~ /gcs_server|raylet/)) {
                roots[$1] = 1; groups[$3] = 1
            }
        }
        END {
            for (i = 1; i <= NR; i++) if ((pid[i] in roots) || (pgid[i] in groups)) sel[pid[i]] = 1
            do {
                changed = 0
                for (i = 1; i <= NR; i++)
                    if ((ppid[i] in sel) && !(pid[i] in sel)) { sel[pid[i]] = 1; changed = 1 }
            } while (changed)
            for (p in sel) print p
        }'
}

# stop_cluster DIR [keep]: end this cluster's processes (TERM, then KILL after 8 s) and
# delete DIR (token, Ray temp dir, logs); with "keep" only Ray's temp dir goes, and the token
# and cluster.env stay for a restart. Other Ray clusters on the machine survive.
stop_cluster() {
    local dir="${1:-}" keep="${2:-}" pids alive round p
    [[ -n "$dir" && "$dir" == /tmp/sdray.* ]] || { log "not a ray-cluster.sh dir: '$dir'"; return 1; }
    # Several rounds: a worker the raylet forked just before it died shows up late.
    for round in 1 2 3; do
        pids="$(cluster_pids "$dir" | tr '\n' ' ')"
        [[ -z "${pids// /}" ]] && break
        # shellcheck disable=SC2086
        kill -TERM $pids 2>/dev/null || true
        local deadline=$((SECONDS + 8))
        while :; do
            alive=""
            for p in $pids; do
                # zombies count as gone
                [[ "$(ps -o stat= -p "$p" 2>/dev/null)" == [!Z]* ]] && alive+="$p "
            done
            [[ -z "$alive" ]] && break
            if ((SECONDS >= deadline)); then
                # shellcheck disable=SC2086
                kill -KILL $alive 2>/dev/null || true
                break
            fi
            sleep 0.5
        done
        sleep 1
    done
    if [[ "$keep" == keep ]]; then
        rm -rf "${dir:?}/ray"
    else
        rm -rf "$dir"
    fi
}

cmd_stop() {
    local all=0 keep=0 file="$DEFAULT_ENV_FILE" dir=""
    while (($#)); do
        case "$1" in
            --all) all=1; shift ;;
            --keep) keep=1; shift ;;
            -h|--help) usage ;;
            *) file="$1"; shift ;;
        esac
    done
    if [[ -f "$file" ]]; then
        dir="$(sed -n 's/^SCALEDECK_RAY_DIR=//p' "$file")"
        if ((keep)); then
            stop_cluster "$dir" keep
            log "stopped the cluster of $file; 'start --reuse $file' starts it again"
        else
            stop_cluster "$dir"
            rm -f "$file"
            log "stopped the cluster of $file"
        fi
    elif ((!all)); then
        die "env file $file not found; 'stop --all' runs 'ray stop --force' (every Ray process of this user)"
    fi
    if ((all)); then
        timeout 60 "$(venv_bin ray)" stop --force >/dev/null 2>&1 || log "ray stop --force did not finish cleanly"
        log "ray stop --force done"
    fi
}

# --- main ---------------------------------------------------------------------

main() {
    (($#)) || usage 1
    local cmd="$1"; shift
    case "$cmd" in
        venv) cmd_venv "$@" ;;
        start) cmd_start "$@" ;;
        deploy) cmd_deploy "$@" ;;
        deploy-imperative) cmd_deploy_imperative "$@" ;;
        status) cmd_status "$@" ;;
        stop) cmd_stop "$@" ;;
        -h|--help|help) usage ;;
        *) log "unknown command: $cmd"; usage 1 ;;
    esac
}

main "$@"
