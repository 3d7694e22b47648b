#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, starts a real Ray head (token auth on,
# free loopback ports, 4 logical GPUs) with the example apps, runs every test (unit, integration, GUI) with
# CTest (the unit tests also under ASan/UBSan, the parsers under libFuzzer), and stops Ray on every exit path.
# Exits non-zero on any failure.
#   scripts/test.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

# The unit tests once more under AddressSanitizer and UBSan (core and CLI, no GUI), before Ray starts.
# Leak checking is off: Qt keeps process-lifetime allocations that LeakSanitizer would report.
asan="${build}-asan"
cmake -S "$root" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSCALEDECK_GUI=OFF -DSCALEDECK_SANITIZE=ON >/dev/null
cmake --build "$asan" --parallel "$(nproc)"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$asan" -L unit --output-on-failure

# Each parser of outside input under libFuzzer (clang, ASan, UBSan) for a bounded while, seeded with the
# fixtures: scripts/fuzz.sh --long is the 1,000,000-input run.
"$root/scripts/fuzz.sh" --short

# shellcheck source=scripts/common.sh
. "$root/scripts/common.sh"
own_cluster_workdir scaledeck-test

"$root/scripts/ray-cluster.sh" start --gpus 4 --cpus 8 --auth token --accelerator-type L4 --port-file "$env_file" >/dev/null
"$root/scripts/ray-cluster.sh" deploy "$env_file"

set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
export SCALEDECK_SERVE_BIN="$SCALEDECK_VENV/bin/serve"
export SCALEDECK_SERVE_CONFIG="$SCALEDECK_RAY_DIR/serve_config.yaml"
export SCALEDECK_STORE="$work/store.sqlite"   # never touch the user's own store

ctest --test-dir "$build" --output-on-failure --timeout 900 "$@"
