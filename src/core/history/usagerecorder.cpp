// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "usagerecorder.h"

namespace scaledeck {

namespace {
// Compaction work per tick: small against a 10 s tick.
constexpr int compactBudgetMs = 50;
} // namespace

UsageRecorder::UsageRecorder(HistoryStore *store, QString clusterKey)
    : m_store(store), m_clusterKey(std::move(clusterKey))
{
}

Result<Done> UsageRecorder::record(const ClusterSnapshot &snapshot)
{
    if (!m_restored) {
        auto active = m_store->activeLeases(m_clusterKey);
        if (!active)
            return active.error();
        // Replicas that existed at the last record without a lease were waiting for GPUs then.
        auto lastRecord = m_store->lastRecord(m_clusterKey);
        if (!lastRecord)
            return lastRecord.error();
        m_tracker = LeaseTracker{};
        m_tracker.restore(*active, lastRecord->value_or(QDateTime()));
        m_restored = true;
    }
    const LeaseTracker::Update update = m_tracker.observe(snapshot);
    if (auto recorded = m_store->record(m_clusterKey, snapshot, update); !recorded) {
        m_restored = false; // what the store has is the truth: start again from it
        return recorded.error();
    }
    if (auto compacted = m_store->compact(m_clusterKey, snapshot.takenAt.toUTC(), compactBudgetMs); !compacted)
        return compacted.error();
    return Done{}; // what is left is compacted at the next snapshots
}

} // namespace scaledeck
