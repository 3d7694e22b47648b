// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "historystore.h"
#include "leasetracker.h"

namespace scaledeck {

// Records GPU leases and usage from the snapshots a controller takes, into the history store. Only the
// process holding the cluster's controller lock records (the controller calls record() only then), so history
// has no gaps while the GUI is closed (`scaledeckctl run` records) and no duplicates when both run.
class UsageRecorder {
public:
    UsageRecorder(HistoryStore *store, QString clusterKey);

    // One snapshot. The first after construction or forget() first restores the active leases from the store,
    // so a lease open when the previous recorder stopped continues (or ends now if its replica is gone).
    // Also compacts old history a little (bounded), so no tick is stalled.
    Result<Done> record(const ClusterSnapshot &snapshot);
    // This process lost (or gave up) the lock: another recorder may write meanwhile, so the leases known
    // here are stale; the next record() restores from the store again.
    void forget() { m_restored = false; }

private:
    HistoryStore *m_store;
    QString m_clusterKey;
    LeaseTracker m_tracker;
    bool m_restored = false;
};

} // namespace scaledeck
