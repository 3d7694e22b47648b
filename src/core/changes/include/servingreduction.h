// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"

#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// A target a change takes serving capacity from: an application it parks (deployment empty), or a deployment
// it scales below the replicas it runs now. Whoever confirms such a change should see the traffic it served lately.
struct ReducedServing {
    QString app;
    QString deployment; // empty: the whole application is parked
    int runningNow = 0;
    int after = 0; // 0 for a park

    QString target() const; // "app" or "app/deployment"
};

// Sorted by target; a change that adds or keeps replicas is not listed.
std::vector<ReducedServing> reducedServing(const ClusterSnapshot &snapshot, const ChangeSet &changes);

// One target set to `replicas` (deployment empty: the application, 0 parks it), as an override of its schedule
// does; nothing when that takes no serving capacity from it.
std::optional<ReducedServing> reducedServingOf(const ClusterSnapshot &snapshot, const QString &app,
                                               const QString &deployment, int replicas);

} // namespace scaledeck
