#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Renders resources/icons/scaledeck.svg into the hicolor PNG sizes under resources/icons/hicolor/SIZExSIZE/apps/.
# Run it after changing the SVG and commit the PNGs: they are committed rather than rendered at build time so
# the build (and the package) needs no SVG renderer, and a given SVG always gives the same bytes (rsvg-convert
# writes no timestamp or other varying chunk into a PNG).
#   scripts/render-icons.sh [--check]   --check: fail if a committed PNG differs from a fresh rendering
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
svg="$root/resources/icons/scaledeck.svg"
sizes=(16 22 24 32 48 64 128 256)
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert missing (apt install librsvg2-bin)" >&2; exit 1; }

check=0
[[ "${1:-}" == --check ]] && check=1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
for size in "${sizes[@]}"; do
    out="$root/resources/icons/hicolor/${size}x${size}/apps/scaledeck.png"
    rsvg-convert --width "$size" --height "$size" --format png --output "$tmp/scaledeck.png" "$svg"
    if ((check)); then
        cmp -s "$tmp/scaledeck.png" "$out" || { echo "render-icons: $out differs from the SVG's rendering" >&2; status=1; }
    else
        mkdir -p "$(dirname "$out")"
        cp "$tmp/scaledeck.png" "$out"
    fi
done
exit "$status"
