// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QStringList>

namespace scaledeck {

// What differs between two snapshots, by application name, so views touch only the rows that changed.
struct SnapshotDiff {
    QStringList addedApps;
    QStringList removedApps;
    QStringList changedApps;     // present in both, with anything visible or the config different
    bool summaryChanged = false; // version, totals or capacity

    bool isEmpty() const
    {
        return addedApps.isEmpty() && removedApps.isEmpty() && changedApps.isEmpty() && !summaryChanged;
    }
};

// Both snapshots' applications are sorted by name, so this is one merge walk. `before` may be null.
SnapshotDiff diffSnapshots(const ClusterSnapshot *before, const ClusterSnapshot &after);

} // namespace scaledeck
