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

// Stores in `snapshot` (not shared yet) what differs from `previous`, computed now: a producer calls it on its own
// thread so that the GUI thread's refresh costs what changed, not what the cluster holds. A null `previous` notes
// nothing (a first snapshot is all new anyway).
void noteChangesSince(ClusterSnapshot &snapshot, const SnapshotPtr &previous);

// What differs from `shown` to `next`: the changes `next` carries when they were computed against `shown` itself
// (O(1)), else diffSnapshots() (O(applications)).
SnapshotDiff changesBetween(const SnapshotPtr &shown, const ClusterSnapshot &next);

} // namespace scaledeck
