// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A synthetic fleet of GPU deployments over time, and its history written straight into a history store's tables
// (issue 16: 30 days of 10,000 deployments in minutes, not by replaying every poll through HistoryStore::record()).
// bench_history uses it, and so can any benchmark that needs a store full of history.

#include "clustersnapshot.h"
#include "leasetracker.h"
#include "result.h"

#include <QDateTime>
#include <QString>

#include <deque>
#include <vector>

namespace scaledeck::bench {

struct BenchFleetOptions {
    int deployments = 1000;
    int deploymentsPerApp = 10;
    qint64 startMs = 0;     // the first poll
    qint64 pollMs = 10'000; // the poll grid: startMs + k * pollMs (at most 60 s: history without gaps)
    quint64 seed = 42;
};

// The mix: 70% steady, 20% scaled by a schedule four times a day (some to zero at night), 10% with replica
// churn (a replica restarts every ~6 h: one replica's GPUs missing for 20 s, one lease ended and one started).
// Everything happens on the poll grid, as a poller would see it.
class BenchFleet {
public:
    explicit BenchFleet(const BenchFleetOptions &options);

    // The snapshot at poll time `ms` (on the grid, after the previous one) and the lease starts and ends since the
    // previous poll.
    const ClusterSnapshot &poll(qint64 ms, LeaseTracker::Update &update);
    const BenchFleetOptions &options() const { return m_options; }
    // The first poll of the grid at or after `ms`.
    qint64 pollAtOrAfter(qint64 ms) const;

    // For the generator: deployment i moves to its state at poll `ms`; lease starts and ends go into `update`.
    // Returns whether its GPUs changed.
    bool step(size_t i, qint64 ms, LeaseTracker::Update &update);
    // The next poll after `ms` at which deployment i may change (after step(i, ms)).
    qint64 nextChange(size_t i, qint64 ms) const;
    size_t size() const { return m_deployments.size(); }
    QString seriesName(size_t i) const;
    double gpusHeld(size_t i) const;
    double replicasHeld(size_t i) const;
    double capacity() const; // the nodes' GPUs for what is planned now
    std::vector<GpuLease> activeLeases() const;

private:
    enum class Kind { Steady, Scheduled, Churning };
    struct Deployment {
        Kind kind = Kind::Steady;
        QString app, name;
        double gpusPerReplica = 1;
        int replicas = 1;               // steady and churning
        int low = 0, mid = 1, high = 2; // scheduled
        int offsetMinutes = 0;
        qint64 nextChurnMs = 0;
        qint64 dipUntilMs = 0;
        quint64 random = 0;          // this deployment's own generator: its events do not depend on the others'
        std::deque<GpuLease> leases; // active, oldest first
        int replicaCounter = 0;
        int held = 0;    // replicas holding GPUs after the last step
        int planned = 0; // replicas planned after the last step (capacity follows these)
    };
    int replicasAt(const Deployment &dep, qint64 ms) const;
    int plannedAt(const Deployment &dep, qint64 ms) const;
    double nextChurnGapMs(Deployment &dep) const;

    BenchFleetOptions m_options;
    std::vector<Deployment> m_deployments;
    double m_planned = 0; // sum of planned replicas x GPUs per replica
    ClusterSnapshot m_snapshot;
};

struct GeneratedHistory {
    qint64 polls = 0;    // the polls the history stands for
    qint64 leases = 0;   // lease rows written
    qint64 segments = 0; // usage segment rows written
    double seconds = 0;  // wall time of the writing
};

// Writes the history `fleet` would have recorded from options().startMs to endMs (the last poll at or before it),
// polled every options().pollMs, into the history store at `databasePath` under `clusterKey`: the rows
// HistoryStore::record() writes (leases, usage segments, the cluster's range), all raw (tier 0), written in large
// transactions. The store must not hold history of `clusterKey` yet. The fleet is left at endMs, so polling it on
// continues the history. Compaction is the store's own (HistoryStore::compact()), run by the caller if wanted.
Result<GeneratedHistory> generateBenchHistory(const QString &databasePath, const QString &clusterKey, BenchFleet &fleet,
                                              qint64 endMs);

} // namespace scaledeck::bench
