// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QDateTime>

namespace scaledeck {

// The pinned JSON shape of a cluster snapshot (GET /api/v1/snapshot; documented in docs/readme-ctlapi.md). Keys
// keep this order; new keys are only ever added.
//   {"version": 7, "tickAt": "...Z", "takenAt": "...Z", "rayVersion": "2.49.0", "nodesAlive": 2,
//    "gpusTotal": 4, "cpusTotal": 32, "gpusHeld": 2, "targetCapacity": null,
//    "applications": [{"name", "status", "message", "routePrefix", "source", "parked",
//                      "deployments": [{"name", "status", "message", "targetReplicas", "runningReplicas",
//                                       "replicasByState": {"RUNNING": 2}, "configuredReplicas": 2 | null,
//                                       "autoscaling": {"min", "max"} | null, "gpusPerReplica",
//                                       "cpusPerReplica", "acceleratorType",
//                                       "replicas": [{"id", "state", "nodeId"}]}]}]}
OrderedJson snapshotJson(const ClusterSnapshot &snapshot, qint64 version, const QDateTime &tickAt);

} // namespace scaledeck
