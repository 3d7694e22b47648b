#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The README's second command: installs what is missing, builds, starts a real Ray head (token auth on,
# free loopback ports, 4 logical GPUs) with the example apps and a Prometheus scraping it, runs every test (unit, integration, GUI) with
# CTest, all built with ASan/UBSan (the parsers also under libFuzzer), builds and checks the Debian package
# (scripts/check-package.sh, from an optimised build of its own), and stops Ray on every exit path.
# Exits non-zero on any failure.
#   scripts/test.sh [extra ctest arguments, e.g. -L unit]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"

"$root/scripts/install-deps.sh"

# Every C++ file matches the committed .clang-format (scripts/format.sh fixes what differs).
"$root/scripts/format.sh" --check

# One build for every test: Debug with AddressSanitizer and UBSan (any UB fatal), GUI included, so the unit,
# GUI and integration tests all run sanitized and the suite compiles once (scripts/build.sh's optimised build
# is the demo's and the package's). Leak checking is off: Qt keeps process-lifetime allocations that
# LeakSanitizer would report. The project's libraries are shared in this build only (SCALEDECK_SHARED_LIBS): linked
# statically into each of ~90 test executables they filled 9.5 GB of disk.
checked="${build}-asan"
# Compiled with clang: the same file under the same sanitizers compiles in half GCC's time (one test measured
# 11.9 s against 23.1 s), and the build is the largest part of this command. GCC still compiles the whole product
# in the package's build (scripts/check-package.sh), so both compilers see every source file.
# The PostgreSQL store's tests (label postgres) are registered too; they need the server started below.
SCALEDECK_BUILD_DIR="$checked" SCALEDECK_BUILD_TYPE=Debug "$root/scripts/build.sh" -DSCALEDECK_SANITIZE=ON \
    -DSCALEDECK_BENCH=OFF -DSCALEDECK_POSTGRES_TESTS=ON -DSCALEDECK_SHARED_LIBS=ON \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1

# Each parser of outside input under libFuzzer (clang, ASan, UBSan) for a bounded while, seeded with the
# fixtures: scripts/fuzz.sh --long is the 1,000,000-input run.
"$root/scripts/fuzz.sh" --short

# shellcheck source=scripts/common.sh
. "$root/scripts/common.sh"
own_cluster_workdir scaledeck-test

# Two alike heads: the integration tests labelled second-head run on the second, beside the others on the first
# (tests/integration/CMakeLists.txt). The second starts and deploys in the background meanwhile; common.sh's
# cleanup stops both, each by its own PIDs.
second_env_file="$work/ray-second.env"
start_second_head() {
    "$root/scripts/ray-cluster.sh" start --gpus 4 --cpus 8 --auth token --accelerator-type L4 \
        --port-file "$second_env_file" >/dev/null
    "$root/scripts/ray-cluster.sh" deploy "$second_env_file"
}
start_second_head >"$work/second-head.log" 2>&1 &
background_head_starter=$!
"$root/scripts/ray-cluster.sh" start --gpus 4 --cpus 8 --auth token --accelerator-type L4 --port-file "$env_file" >/dev/null
"$root/scripts/ray-cluster.sh" deploy "$env_file"
if ! wait "$background_head_starter"; then
    cat "$work/second-head.log" >&2
    echo "FAILED: the second Ray head did not start" >&2
    exit 1
fi
background_head_starter=""
# A real Prometheus scraping that head, for the traffic tests; RAY_PROMETHEUS_HOST is where Ray's own dashboard
# and scaledeckctl look for it.
# Four weeks of embedder/Embedder's requests before now, for the suggestion test (test_live_suggest).
python3 "$root/scripts/traffic-history.py" --app embedder --deployment Embedder --tz Europe/Ljubljana \
    --out "$work/traffic-history.om"
"$root/scripts/prometheus.sh" start "$env_file" --port-file "$work/prometheus.env" \
    --backfill "$work/traffic-history.om" >/dev/null
RAY_PROMETHEUS_HOST="$(sed -n 's/^PROMETHEUS_URL=//p' "$work/prometheus.env")"
export RAY_PROMETHEUS_HOST

# A throw-away PostgreSQL 15 on loopback for the PostgreSQL store's tests (label postgres), stopped on every exit
# path with the cluster (common.sh's cleanup). It exports SCALEDECK_PG_URL and PGPASSFILE (the password is in
# that file only, never in the URL).
"$root/scripts/postgres.sh" start --port-file "$work/postgres.env" >/dev/null

set -a
# shellcheck disable=SC1090
. "$env_file"
# shellcheck disable=SC1091
. "$work/postgres.env"
set +a
export SCALEDECK_SERVE_BIN="$SCALEDECK_VENV/bin/serve"
export SCALEDECK_SERVE_CONFIG="$SCALEDECK_RAY_DIR/serve_config.yaml"
export SCALEDECK_STORE="$work/store.sqlite"   # never touch the user's own store

if (($#)); then
    ctest --test-dir "$checked" --output-on-failure --timeout 900 "$@"
    exit
fi
# The unit and GUI tests (no Ray) run beside the integration tests, which run one at a time on the shared
# head: the suite takes the integration tests' time, not the sum. Their output follows the integration run's.
unit_log="$work/unit-tests.log"
ctest --test-dir "$checked" --output-on-failure --timeout 900 -LE integration >"$unit_log" 2>&1 &
unit_pid=$!
# The Debian package (an optimised build of its own, then lintian and the installed files' checks) is built
# and checked beside them too, at the lowest priority: the integration tests mostly wait on Ray, and the
# package's build only takes the CPU they leave. Its log comes before the unit tests', so ctest's stays last.
package_log="$work/check-package.log"
nice -n 19 "$root/scripts/check-package.sh" "${build}-package" >"$package_log" 2>&1 &
package_pid=$!
# The integration tests labelled second-head on the second head, with its address and token, a store of their
# own and no Prometheus (none scrapes that head: a test that needs one fails there rather than reading the first's).
second_log="$work/integration-second-head.log"
(
    set -a
    # shellcheck disable=SC1090
    . "$second_env_file"
    set +a
    unset RAY_PROMETHEUS_HOST
    export SCALEDECK_STORE="$work/store-second.sqlite"
    exec ctest --test-dir "$checked" --output-on-failure --timeout 900 -L second-head
) >"$second_log" 2>&1 &
second_pid=$!
integration_status=0
ctest --test-dir "$checked" --output-on-failure --timeout 900 -L integration -LE second-head || integration_status=$?
second_status=0
wait "$second_pid" || second_status=$?
# Both heads stop now, not at exit: idle, they still take a third of a core, and the unit tests and the package's
# build, still running, are what the run waits for.
"$root/scripts/ray-cluster.sh" stop "$second_env_file" >/dev/null 2>&1 || true
"$root/scripts/ray-cluster.sh" stop "$env_file" >/dev/null 2>&1 || true
package_status=0
wait "$package_pid" || package_status=$?
unit_status=0
wait "$unit_pid" || unit_status=$?
echo "== integration tests on the second head (run beside those on the first) =="
cat "$second_log"
echo "== the Debian package (scripts/check-package.sh, run beside the integration tests) =="
cat "$package_log"
echo "== unit, GUI and keychain tests (run beside the integration tests) =="
cat "$unit_log"
if ((integration_status != 0 || second_status != 0 || unit_status != 0 || package_status != 0)); then
    echo "FAILED: integration tests exit $integration_status (first head), $second_status (second head)," \
        "unit/GUI/keychain tests exit $unit_status, package check exit $package_status" >&2
    exit 1
fi
