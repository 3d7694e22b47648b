#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# The long modes of the test command's bounded loops, run by hand for a note (not by CI): the crash tests
# against a real Ray head with many iterations (SIGKILLed park/unpark: 25 iterations = 50 kills; SIGKILLed
# `scaledeckctl run`: 25 transitions), the property test with 300 random operations (a printed seed; set
# SCALEDECK_PROPERTY_SEED to repeat one), the races test for 5 minutes (two scaledeckctl instances and
# `serve deploy` changing the cluster at once; SCALEDECK_RACE_SEED repeats one), record()'s property test with
# 20,000 polls a seed, then every fuzz target for 1,000,000 inputs.
#   scripts/long-tests.sh [ITERATIONS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SCALEDECK_BUILD_DIR:-$root/build}"
iterations="${1:-25}"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

# shellcheck source=scripts/common.sh
. "$root/scripts/common.sh"
own_cluster_workdir scaledeck-long
"$root/scripts/ray-cluster.sh" start --gpus 4 --cpus 8 --auth token --accelerator-type L4 --port-file "$env_file" >/dev/null
"$root/scripts/ray-cluster.sh" deploy "$env_file"
set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
export SCALEDECK_STORE="$work/store.sqlite"
export SCALEDECK_SERVE_BIN="$SCALEDECK_VENV/bin/serve"
export SCALEDECK_SERVE_CONFIG="$SCALEDECK_RAY_DIR/serve_config.yaml"
SCALEDECK_KILL_ITERATIONS="$iterations" ctest --test-dir "$build" --output-on-failure --timeout 7200 \
    -R '^test_live_kill_(park|run)$'
# Run directly, not through ctest, whose per-test environment pins the function timeout to 15 minutes.
QTEST_FUNCTION_TIMEOUT=7200000 SCALEDECK_PROPERTY_OPS="${SCALEDECK_PROPERTY_OPS:-300}" \
    "$build/tests/integration/test_live_property"
QTEST_FUNCTION_TIMEOUT=7200000 SCALEDECK_RACE_SECONDS=300 "$build/tests/integration/test_live_races"
# record()'s sampling of only what changed against comparing every series: 20,000 random polls in each of 3 seeds.
QTEST_FUNCTION_TIMEOUT=7200000 SCALEDECK_RECORD_PROPERTY_POLLS=20000 "$build/tests/unit/test_usagesamples"
"$root/scripts/fuzz.sh" --long
