// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "result.h"

#include <nlohmann/json.hpp>

namespace scaledeck {

// A cluster snapshot as the controller's API sends it (GET /api/v1/snapshot) and its clients read it back: one
// format, written and read here, so the GUI and the CLI that talk to a controller see what the controller saw
// without asking Ray. Keys keep their order and are only ever added:
//   {"takenAt": "...Z", "rayVersion": "2.49.0", "nodesAlive": 2, "gpusTotal": 4, "cpusTotal": 32, "gpusHeld": 2,
//    "targetCapacity": null,
//    "applications": [{"name", "status", "message", "routePrefix", "source", "parked",
//                      "deployments": [{"name", "status", "message", "targetReplicas", "runningReplicas",
//                                       "replicasByState": {"RUNNING": 2}, "configuredReplicas": 2 | null,
//                                       "autoscaling": {"min", "max"} | null, "gpusPerReplica",
//                                       "cpusPerReplica", "acceleratorType",
//                                       "replicas": [{"id", "state", "nodeId", "startTimeS", "placed"}],
//                                       "statusTrigger", "gpusHeld"}],
//                      "externalScalerEnabled", "keptConfig", "keptConfigAt"}],
//    "gpusByAccelerator": {"L4": 4}, "acceleratorByNode": {"node": "L4"}, "gpusByNode": {"node": 4}}
// An application's deployed config is not sent: its runtime_env may carry secrets a viewer must not read.
nlohmann::ordered_json snapshotToWire(const ClusterSnapshot &snapshot);

// The snapshot back, or an error naming the first field that is missing or of the wrong type
// ("applications[1].deployments[0].targetReplicas is not a number"). Keys it does not know are skipped, so a
// newer controller's additions do not break an older client.
Result<ClusterSnapshot> snapshotFromWire(const nlohmann::json &wire);

} // namespace scaledeck
