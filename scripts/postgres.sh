#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# postgres.sh: a throw-away PostgreSQL 15 server (Debian's `postgresql-15`) on loopback, for the tests of the
# PostgreSQL store.
#
#   scripts/postgres.sh start [--port-file FILE]
#       initdb into a new temporary dir (C locale, UTF-8, password authentication with a random password),
#       start the server on a free 127.0.0.1 port and create the database `scaledeck` owned by the role
#       `scaledeck`. The password goes into a pgpass file in that dir (mode 600), never into the URL.
#       Writes SCALEDECK_PG_URL (postgresql://scaledeck@127.0.0.1:PORT/scaledeck), PGPASSFILE, SCALEDECK_PG_PID
#       and SCALEDECK_PG_DIR to FILE (default: SCALEDECK_PG_DIR/postgres.env) and prints FILE.
#       initdb refuses to run as root: as root the server runs as the user `postgres` (the Debian package's),
#       or, when there is none, as a system user `scaledeck-pg` made for it.
#   scripts/postgres.sh stop FILE
#       Stop that server only (pg_ctl on its data dir, then its PID if it is still there) and remove its dir.
#       Never any other PostgreSQL server on the machine.
set -euo pipefail

pglog() { printf '[postgres] %s\n' "$*" >&2; }
pgdie() { printf '[postgres] error: %s\n' "$*" >&2; exit 1; }

pg_bin="${SCALEDECK_PG_BIN:-/usr/lib/postgresql/15/bin}"

usage() {
    sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    exit "${1:-0}"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The user the server runs as: ourselves, or when we are root an unprivileged one.
server_user() {
    if ((EUID != 0)); then
        id -un
    elif getent passwd postgres >/dev/null; then
        echo postgres
    else
        getent passwd scaledeck-pg >/dev/null ||
            useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin scaledeck-pg
        echo scaledeck-pg
    fi
}

as_server() {
    local user="$1"
    shift
    if [[ "$user" == "$(id -un)" ]]; then
        "$@"
    else
        runuser -u "$user" -- "$@"
    fi
}

start() {
    local port_file=""
    while (($#)); do
        case "$1" in
            --port-file) port_file="$2"; shift 2 ;;
            -h|--help) usage ;;
            *) pgdie "unknown option $1" ;;
        esac
    done
    [[ -x "$pg_bin/initdb" ]] || pgdie "no PostgreSQL 15 in $pg_bin (apt-get install postgresql-15)"
    local user dir port password
    user="$(server_user)"
    dir="$(mktemp -d /tmp/scaledeck-pg.XXXXXX)"
    port_file="${port_file:-$dir/postgres.env}"
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    mkdir "$dir/data" "$dir/socket"
    # The password file for initdb is the server user's, only while initdb reads it.
    printf '%s\n' "$password" >"$dir/initdb-password"
    chmod 700 "$dir"
    chown "$user" "$dir" "$dir/data" "$dir/socket" "$dir/initdb-password"
    chmod 600 "$dir/initdb-password"
    as_server "$user" "$pg_bin/initdb" -D "$dir/data" -U scaledeck --auth=scram-sha-256 \
        --pwfile="$dir/initdb-password" --locale=C --encoding=UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; pgdie "initdb failed"; }
    rm -f "$dir/initdb-password"
    # The caller's pgpass file: libpq reads the password from it, so it is in no URL, command line or log.
    local pgpass="$dir/pgpass"
    port="$(free_port)"
    printf '127.0.0.1:%s:*:scaledeck:%s\n' "$port" "$password" >"$pgpass"
    chmod 600 "$pgpass"
    as_server "$user" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/socket" start >/dev/null ||
        { cat "$dir/data/server.log" >&2; pgdie "the server did not start"; }
    PGPASSFILE="$pgpass" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U scaledeck scaledeck ||
        pgdie "cannot create the database"
    local pid
    pid="$(head -1 "$dir/data/postmaster.pid")"
    {
        echo "SCALEDECK_PG_URL=postgresql://scaledeck@127.0.0.1:$port/scaledeck"
        echo "PGPASSFILE=$pgpass"
        echo "SCALEDECK_PG_PID=$pid"
        echo "SCALEDECK_PG_DIR=$dir"
        echo "SCALEDECK_PG_USER=$user"
    } >"$port_file"
    pglog "PostgreSQL $pid on 127.0.0.1:$port (data in $dir)"
    echo "$port_file"
}

stop() {
    local file="${1:-}"
    [[ -f "$file" ]] || pgdie "usage: postgres.sh stop FILE (the file start wrote)"
    local pid dir user
    pid="$(sed -n 's/^SCALEDECK_PG_PID=//p' "$file")"
    dir="$(sed -n 's/^SCALEDECK_PG_DIR=//p' "$file")"
    user="$(sed -n 's/^SCALEDECK_PG_USER=//p' "$file")"
    [[ "$dir" == /tmp/scaledeck-pg.* && -d "$dir/data" ]] || pgdie "$file names no server this script started"
    as_server "$user" "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    # Only that PID, and only while it is still the postmaster of that data dir.
    if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/data"; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    pglog "stopped $pid"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    -h|--help) usage ;;
    *) usage 2 >&2 ;;
esac
