#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Runs a command against a REAL notification service: a private D-Bus session bus (dbus-run-session) and a
# virtual X display (xvfb-run: dunst 1.9 needs one), with dunst started on them, in a throw-away HOME so the
# operator's own dunst configuration and history are never touched. Waits (bounded) until dunst owns
# org.freedesktop.Notifications, runs the command, then stops dunst by its PID. A missing dunst is a failure,
# not a skip: the test it wraps exists to talk to a real service.
#   tests/notify/with-dunst.sh COMMAND [ARGS...]
set -euo pipefail
for tool in dunst dbus-run-session xvfb-run dbus-send; do
    command -v "$tool" >/dev/null || { echo "with-dunst.sh: $tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
home="$(mktemp -d "${TMPDIR:-/tmp}/scaledeck-dunst.XXXXXX")"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/dunst" && chmod 700 "$XDG_RUNTIME_DIR"
# dunst's history does not keep a notification's urgency, but it keeps the text as its format rules made it:
# a critical one is marked there, so a test can see the urgency the service understood.
cat >"$XDG_CONFIG_HOME/dunst/dunstrc" <<'RC'
[global]
    format = "%s\n%b"
[scaledeck_critical]
    msg_urgency = critical
    format = "[critical] %s\n%b"
RC
# shellcheck disable=SC2016
dbus-run-session -- xvfb-run -a bash -c '
    set -euo pipefail
    dunst >"$HOME/dunst.log" 2>&1 &
    dunst_pid=$!
    trap "kill \$dunst_pid 2>/dev/null; wait \$dunst_pid 2>/dev/null || true" EXIT
    owned() {
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true"
    }
    for _ in $(seq 100); do  # up to 10 s
        owned && break
        kill -0 "$dunst_pid" 2>/dev/null || { echo "with-dunst.sh: dunst exited:" >&2; cat "$HOME/dunst.log" >&2; exit 1; }
        sleep 0.1
    done
    owned || { echo "with-dunst.sh: dunst did not take org.freedesktop.Notifications in 10 s" >&2; exit 1; }
    "$@"' with-dunst "$@"
