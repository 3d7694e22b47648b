#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Installs what ScaleDeck needs on Debian 12 and is not there yet: the compiler and CMake, Qt 6.4 (Widgets,
# Charts (which needs the OpenGL module's CMake files), Network, Sql with the SQLite driver, Test), nlohmann-json, SQLite's headers (the stores read large tables through its C API), Xvfb for running the GUI without a
# display, QtKeychain (tokens in the OS keychain) with gnome-keyring and dbus-run-session for its tests against a
# real Secret Service, openssl (the TLS tests make their own CA), clang with libFuzzer and the sanitizer runtimes
# (scripts/fuzz.sh), clang-format and clang-tidy (scripts/format.sh, scripts/tidy.sh), Prometheus and promtool
# (the traffic tests scrape the real head with it: scripts/prometheus.sh), Qt HTTP Server (`scaledeckctl run
# --metrics-listen`), lintian, desktop-file-utils and appstream (the package's checks: scripts/check-package.sh),
# librsvg2-bin (scripts/render-icons.sh), the Qt SVG plugins (the window icon is an SVG resource),
# dunst (a real freedesktop notification service for the notification tests) and tint2 (a panel with a system tray,
# so the tray icon can be seen under Xvfb), Qt's PostgreSQL driver and PostgreSQL 15 (a store on a PostgreSQL
# server; its tests start a throw-away one: scripts/postgres.sh), and the project's Ray virtualenv (ray[serve] pinned in scripts/ray-version.txt).
# Idempotent and quick when everything is present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

packages=(
    build-essential cmake ninja-build pkg-config curl ca-certificates
    qt6-base-dev qt6-base-dev-tools qt6-l10n-tools qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite libgl-dev
    nlohmann-json3-dev libsqlite3-dev
    python3 python3-venv
    xvfb xauth x11-utils imagemagick fonts-dejavu-core
    qtkeychain-qt6-dev openssl
    gnome-keyring dbus-bin libsecret-1-0 libsecret-tools
    clang libclang-rt-14-dev clang-format clang-tidy
    prometheus
    qt6-httpserver-dev qt6-websockets-dev
    lintian desktop-file-utils appstream fakeroot librsvg2-bin libqt6svg6
    dunst tint2
    libqt6sql6-psql postgresql-15
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
    echo "[install-deps] installing: ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

"$here/ray-cluster.sh" venv
