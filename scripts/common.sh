# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# Shared settings for ScaleDeck's Ray helper scripts. Source it; do not run it.
#
# The Ray version pin lives in scripts/ray-version.txt (one line) and nowhere else.

SCALEDECK_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCALEDECK_REPO_ROOT="$(cd "$SCALEDECK_SCRIPTS_DIR/.." && pwd)"
SCALEDECK_RAY_VERSION="$(tr -d '[:space:]' < "$SCALEDECK_SCRIPTS_DIR/ray-version.txt")"
SCALEDECK_VENV="${SCALEDECK_VENV:-$HOME/.cache/scaledeck/venv-ray-$SCALEDECK_RAY_VERSION}"
SCALEDECK_VENV_STAMP="$SCALEDECK_VENV/.scaledeck-ray-$SCALEDECK_RAY_VERSION.stamp"
SCALEDECK_EXAMPLES_DIR="$SCALEDECK_REPO_ROOT/examples"

# The User-Agent for every HTTP call we make: Ray refuses PUT/POST from "Mozilla".
SCALEDECK_UA="scaledeck-scripts/1"

log() { printf '[ray-cluster] %s\n' "$*" >&2; }
die() { printf '[ray-cluster] error: %s\n' "$*" >&2; exit 1; }

venv_bin() { printf '%s/bin/%s' "$SCALEDECK_VENV" "$1"; }

# For scripts that start a throw-away cluster: makes a work dir ($work) with the env file path ($env_file)
# and traps every exit path to stop that cluster (only if `start` wrote the env file), the Prometheus
# scripts/prometheus.sh started beside it ($work/prometheus.env) and the PostgreSQL scripts/postgres.sh started
# ($work/postgres.env), and remove the dir.
# Only the cluster the calling script started is stopped, never another one on this machine.
own_cluster_workdir() {
    work="$(mktemp -d "/tmp/$1.XXXXXX")"
    env_file="$work/ray.env"
    trap '_own_cluster_cleanup' EXIT
    trap 'exit 130' INT TERM
}
_own_cluster_cleanup() {
    local rc=$?
    # A Prometheus that scripts/prometheus.sh started beside the cluster writes its PID here.
    if [[ -f "$work/prometheus.env" ]]; then
        "$SCALEDECK_SCRIPTS_DIR/prometheus.sh" stop "$work/prometheus.env" || true
    fi
    # A PostgreSQL that scripts/postgres.sh started beside it (scripts/test.sh) writes its PID and dir here.
    if [[ -f "$work/postgres.env" ]]; then
        "$SCALEDECK_SCRIPTS_DIR/postgres.sh" stop "$work/postgres.env" || true
    fi
    # Its head, and any other head started in the same directory (scripts/test.sh's second, ray-*.env). A head
    # still being started in the background (its starter's PID in background_head_starter) finishes starting
    # first: its env file, and so its PIDs, exist only then. ray-cluster.sh bounds each of its steps.
    if [[ -n "${background_head_starter:-}" ]]; then
        wait "$background_head_starter" 2>/dev/null || true
    fi
    local head
    for head in "$env_file" "$work"/ray-*.env; do
        if [[ -f "$head" ]]; then
            "$SCALEDECK_SCRIPTS_DIR/ray-cluster.sh" stop "$head" || true
        fi
    done
    rm -rf "$work"
    exit "$rc"
}
