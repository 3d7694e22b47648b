#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The committed .clang-format over every C++ file git tracks in app/, src/ and tests/.
#   scripts/format.sh          rewrites the files that differ
#   scripts/format.sh --check  changes nothing; lists the files that differ and exits 1 if any does (the test
#                              command runs this, so an unformatted file fails it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mapfile -t files < <(git ls-files 'app/*.cpp' 'app/*.h' 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')
if [[ "${1:-}" != --check ]]; then
    clang-format -i "${files[@]}"
    exit
fi
differ=()
for file in "${files[@]}"; do
    clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || differ+=("$file")
done
if ((${#differ[@]})); then
    echo "[format] ${#differ[@]} of ${#files[@]} files differ from .clang-format (scripts/format.sh fixes them):" >&2
    printf '  %s\n' "${differ[@]}" >&2
    exit 1
fi
echo "[format] ${#files[@]} files match .clang-format"
