// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetrow.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace scaledeck {

// `scaledeckctl fleet --json` (pinned): {"clusters": [{"name", "address", "reachable", "error", "ray_version",
// "deployments", "replicas_running", "replicas_target", "gpus_held", "gpus_total", "cost_per_hour"}]}, a figure
// nobody knows null and "error" null when reachable; then, added after those: "kind", "state", "currency",
// "deployments_pending", "deployments_unplaceable", "parked_apps", "answered_at" (the figures' time, null before
// the first answer) and, for a controller, "controller" {"healthy", "holds_lock", "lock_holder", "last_tick_at",
// "active_overrides", "error"}.
nlohmann::ordered_json fleetJson(const std::vector<FleetRow> &rows);

} // namespace scaledeck
