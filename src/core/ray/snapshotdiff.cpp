// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotdiff.h"

namespace scaledeck {

SnapshotDiff diffSnapshots(const ClusterSnapshot *before, const ClusterSnapshot &after)
{
    SnapshotDiff diff;
    if (!before) {
        diff.summaryChanged = true;
        for (const auto &app : after.applications)
            diff.addedApps.append(app.name);
        return diff;
    }
    diff.summaryChanged = before->rayVersion != after.rayVersion || before->gpusTotal != after.gpusTotal ||
                          before->cpusTotal != after.cpusTotal || before->nodesAlive != after.nodesAlive ||
                          before->targetCapacity != after.targetCapacity ||
                          before->gpusByAccelerator != after.gpusByAccelerator ||
                          before->gpusHeld() != after.gpusHeld();
    auto old = before->applications.cbegin();
    auto neu = after.applications.cbegin();
    while (old != before->applications.cend() || neu != after.applications.cend()) {
        if (neu == after.applications.cend() || (old != before->applications.cend() && old->name < neu->name)) {
            diff.removedApps.append(old->name);
            ++old;
        } else if (old == before->applications.cend() || neu->name < old->name) {
            diff.addedApps.append(neu->name);
            ++neu;
        } else {
            if (!old->sameAs(*neu))
                diff.changedApps.append(neu->name);
            ++old;
            ++neu;
        }
    }
    return diff;
}

void noteChangesSince(ClusterSnapshot &snapshot, const SnapshotPtr &previous)
{
    if (!previous)
        return;
    snapshot.changes = {std::make_shared<const SnapshotDiff>(diffSnapshots(previous.get(), snapshot)), previous,
                        &snapshot};
}

SnapshotDiff changesBetween(const SnapshotPtr &shown, const ClusterSnapshot &next)
{
    const ClusterSnapshot::Changes &noted = next.changes;
    // Same owner: `since` is `shown` itself (the weak pointer keeps the control block, so no other snapshot can
    // take its place at the same address).
    const bool notedAgainstShown = noted.diff && noted.of == &next && shown && !noted.since.owner_before(shown) &&
                                   !shown.owner_before(noted.since);
    return notedAgainstShown ? *noted.diff : diffSnapshots(shown.get(), next);
}

} // namespace scaledeck
