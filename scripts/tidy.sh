#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# clang-tidy (the committed .clang-tidy) on the C++ files changed since a base (default: main), for a developer
# before a commit; it needs a build folder's compile_commands.json (scripts/build.sh writes one).
#   scripts/tidy.sh [BASE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"
base="${1:-main}"
cd "$root"
if [[ ! -f "$build/compile_commands.json" ]]; then
    echo "[tidy] no $build/compile_commands.json: run scripts/build.sh first" >&2
    exit 2
fi
mapfile -t files < <(git diff --name-only --diff-filter=AM "$base" -- 'app/*.cpp' 'src/*.cpp' 'tests/*.cpp')
if ((${#files[@]} == 0)); then
    echo "[tidy] no C++ source changed since $base"
    exit 0
fi
echo "[tidy] ${#files[@]} files changed since $base" >&2
# The commands without the precompiled header (cmake/PrecompiledHeaders.cmake): clang-tidy would read the header's
# source text with each file's own include paths, in which its Qt modules may be missing. Each file includes what it
# uses (the package's build checks that), so it is read as written.
commands="$(mktemp -d)"
trap 'rm -rf "$commands"' EXIT
python3 - "$build/compile_commands.json" "$commands/compile_commands.json" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
pch = re.compile(r" -Xclang -include-pch -Xclang \S+ -Xclang -include -Xclang \S+| -include \S+cmake_pch\.hxx| -Winvalid-pch")
for entry in entries:
    entry["command"] = pch.sub("", entry["command"])
json.dump(entries, open(sys.argv[2], "w"))
PY
clang-tidy -p "$commands" --quiet "${files[@]}"
