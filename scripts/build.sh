#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Configures and builds ScaleDeck into build/ (or $SCALEDECK_BUILD_DIR) with Ninja.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"
# When ccache is the compiler launcher (CMAKE_CXX_COMPILER_LAUNCHER), it caches the files compiled with the
# precompiled header only with this sloppiness (cmake/PrecompiledHeaders.cmake); without ccache it means nothing.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SCALEDECK_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
