#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Runs a command against a REAL Secret Service: a private D-Bus session bus (dbus-run-session) with
# gnome-keyring-daemon started and its login keyring unlocked, in a throw-away HOME so the operator's own
# keyring is never read or written. Both go away with the bus when the command ends.
#   tests/keychain/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
home="$(mktemp -d "${TMPDIR:-/tmp}/scaledeck-keyring.XXXXXX")"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# shellcheck disable=SC2016
exec dbus-run-session -- bash -c '
    eval "$(printf %s throwaway-password | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
    export GNOME_KEYRING_CONTROL
    exec "$@"' with-keyring "$@"
