// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Fleet page's search: a deployment, an application, a state or a cluster, across every cluster's last
// snapshot. A plain function of immutable inputs, so it runs off the GUI thread (FleetSearcher).

#include "clustersnapshot.h"
#include "fleetrow.h"

#include <QString>

#include <vector>

namespace scaledeck {

// One cluster as the search sees it: its name, its row's state, and its last snapshot (null: it never answered).
struct FleetSearchCluster {
    QString name;
    FleetState state = FleetState::Waiting;
    SnapshotPtr snapshot;
};

// A match: a deployment (app and deployment set), a parked app without deployments (deployment empty), or a whole
// cluster (both empty: its name or state matched).
struct FleetMatch {
    QString cluster;
    QString app;
    QString deployment;
    QString state; // "parked", "unplaceable", "pending", Ray's status in lower case; a cluster's fleetStateName
    int replicasRunning = 0;
    int replicasTarget = 0;
    bool hasReplicas = false;

    bool operator==(const FleetMatch &) const = default;
};

// A deployment's state as the search names it: "parked" (its app is parked), "unplaceable" (replicas Ray cannot
// place), "pending" (fewer running than the target), else Ray's status in lower case ("healthy").
QString deploymentSearchState(const ApplicationSnapshot &app, const DeploymentSnapshot &deployment);

// The matches of `query` (trimmed, case-insensitive), in the clusters' order, then by app and deployment as the
// snapshots list them. A cluster matches when its name contains the query or its state's name starts with it; a
// deployment when its app's or its own name contains the query or its state starts with it ("pend", "parked"; an
// unplaceable deployment is found as pending too).
// An empty query matches nothing.
std::vector<FleetMatch> fleetMatches(const QString &query, const std::vector<FleetSearchCluster> &clusters);

} // namespace scaledeck
