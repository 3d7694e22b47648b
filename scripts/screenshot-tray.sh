#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The README's pictures of the tray icon and a notification, from the real program on a virtual X display:
# a private D-Bus session (dbus-run-session), Xvfb (xvfb-run), a tint2 panel with a system tray, and dunst.
# test_traytoclose's screenshot case (built: ninja -C build test_traytoclose) shows a connected window's tray icon
# with its tooltip, sends a grouped notification through the real D-Bus sender, and takes each picture with
# `import -window root`.
#   scripts/screenshot-tray.sh [OUT_DIR]     (default: resources/screenshots)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/resources/screenshots}")"
test_bin="$root/build/tests/gui/test_traytoclose"
[ -x "$test_bin" ] || { echo "screenshot-tray.sh: build test_traytoclose first (ninja -C build test_traytoclose)" >&2; exit 1; }
for tool in dbus-run-session xvfb-run tint2 dunst dunstctl import dbus-send; do
    command -v "$tool" >/dev/null || { echo "screenshot-tray.sh: $tool is not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/scaledeck-tray.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# A panel along the bottom with only a system tray and a clock.
cat >"$work/tint2rc" <<'RC'
rounded = 0
border_width = 0
background_color = #2b2f36 100
border_color = #2b2f36 0
panel_items = SC
panel_position = bottom right horizontal
panel_size = 40% 40
panel_background_id = 1
panel_padding = 8 4 8
systray_padding = 4 4 6
systray_icon_size = 32
systray_background_id = 0
time1_format = %H:%M
clock_font_color = #ffffff 100
clock_padding = 4 0
RC
export SCALEDECK_TRAY_SCREENSHOT_DIR="$out" QT_QPA_PLATFORM=xcb
# shellcheck disable=SC2016
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x720x24" bash -c '
    set -euo pipefail
    tint2 -c "$1/tint2rc" >"$1/tint2.log" 2>&1 &
    tint2_pid=$!
    dunst >"$1/dunst.log" 2>&1 &
    dunst_pid=$!
    trap "kill \$tint2_pid \$dunst_pid 2>/dev/null; wait 2>/dev/null || true" EXIT
    owned() {
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true"
    }
    for _ in $(seq 100); do owned && break; sleep 0.1; done  # up to 10 s
    owned || { echo "screenshot-tray.sh: dunst did not start" >&2; cat "$1/dunst.log" >&2; exit 1; }
    "$2" screenshotTrayAndNotification' screenshot-tray "$work" "$test_bin"
echo "screenshot-tray.sh: wrote $out/tray.png and $out/notification.png"
