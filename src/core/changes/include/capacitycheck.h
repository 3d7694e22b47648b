// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"
#include "pricelist.h"
#include "statusreport.h" // gpuCount

#include <QStringList>

#include <optional>
#include <vector>

namespace scaledeck {

// One deployment whose replica count a change alters, weighed against the cluster's GPUs.
struct DeploymentDemand {
    QString app;
    QString deployment;
    int before = 0;   // replicas Ray targets now (0 for a parked app)
    int after = 0;    // replicas once the change is applied (an autoscaling range: where Ray starts it)
    int upTo = 0;     // the most it may reach (an autoscaling range's maximum, else `after`)
    int unplaced = 0; // of the replicas the change adds, those no current node has room for
    double gpusPerReplica = 0;
    QString accelerator;                     // the GPU type its replicas need; empty: any
    std::optional<double> costPerHourBefore; // at the configured prices; nullopt when no price is set
    std::optional<double> costPerHourAfter;

    QString target() const { return app + QLatin1Char('/') + deployment; }
};

// What a change asks of the cluster's GPUs, and what it costs per hour, before it is sent. The check places the
// replicas it adds on the nodes' free GPUs (whole replicas, a node at a time, the deployment's GPU type only);
// replicas Ray already waits to place go first, as Ray queued them first. It is advice: a change that does not fit
// may still be sent, since an autoscaler may add nodes.
struct CapacityCheck {
    std::vector<DeploymentDemand> deployments; // the deployments whose count changes, in the change set's order
    double gpusTotal = 0;                      // the alive nodes' GPUs
    double gpusFree = 0;                       // of those, held by no Serve replica now
    double gpusAdded = 0;                      // GPUs the replicas the change adds need
    double gpusReleased = 0;                   // GPUs the replicas the change removes give back
    QString currency;

    bool fits() const;
    int unplacedReplicas() const;
    std::optional<double> costPerHourBefore() const; // of the changed deployments; nullopt without prices
    std::optional<double> costPerHourAfter() const;
    // "needs 4 more GPUs; 2 of 4 free" or "gives back 2 GPUs; 2 of 4 free".
    QString gpuSummary() const;
    // "1.60 USD → 4.80 USD per hour for the changed deployments", or empty when no price is set.
    QString costSummary() const;
    // One line per deployment that cannot be placed: "search/Embedder: 2 of 4 new replicas cannot be placed on
    // the current nodes (1 GPU each, 2 GPUs free)". Empty when the change fits.
    QStringList warnings() const;
};

// Weighs `changes` against `now`, the latest snapshot of the cluster, at `prices`.
CapacityCheck checkCapacity(const ClusterSnapshot &now, const ChangeSet &changes, const PriceList &prices);

} // namespace scaledeck
