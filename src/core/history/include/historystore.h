// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "leasetotals.h"
#include "leasetracker.h"
#include "recordedusage.h"
#include "result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "storeconnection.h"

namespace scaledeck {

// One series of a chart: a deployment's GPUs held (or the cluster's capacity) as (time, value) points, each
// point the time-weighted average of its bucket.
struct UsagePoint {
    qint64 atMs = 0; // bucket start, ms since the epoch (UTC)
    double value = 0;
};
struct UsageSeries {
    QString name; // "app/deployment", or "capacity", or "other" (the deployments beyond the top N, summed)
    std::vector<UsagePoint> points;
};

// What a chart asks for: [fromUtc, toUtc) in at most maxPoints buckets per series, the topN deployments by
// GPU-hours as their own series and the rest summed as "other", plus the capacity series.
struct UsageQuery {
    QDateTime fromUtc;
    QDateTime toUtc;
    int maxPoints = 2000;
    int topN = 12;
};

// The chart's series and each period's recorded usage, from one read of the history (usageAndRecorded).
struct UsageReading {
    std::vector<UsageSeries> series;
    std::vector<RecordedUsage> periods;
};

// The width of the buckets usage() divides [fromMs, toMs) into for `maxPoints` (charts need it to tell a gap from
// the next bucket).
qint64 usageBucketMs(qint64 fromMs, qint64 toMs, int maxPoints);

// What a compact() call left: all that is due is done, or the budget ran out first (call again).
enum class CompactionProgress { Finished, MoreToDo };

// History of one cluster's GPU use in ScaleDeck's SQLite file (its own connection, WAL):
// - leases: one row per replica lifetime, exact (GPU-hours and cost come from these);
// - usage per deployment and capacity: step functions stored as segments (start, end, value) written only when
//   a value changes, kept at full resolution for 48 h, then compacted into 1-minute averages (kept 90 days),
//   then hourly averages. Compaction runs in small steps (compact()), so it never stalls a tick.
// Only the process that holds the cluster's controller lock records, so with a GUI and `scaledeckctl run`
// both running each sample is stored once.
class HistoryStore {
public:
    explicit HistoryStore(const QString &databasePath);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    Result<Done> open();
    QString databasePath() const { return m_store.path(); }

    // One snapshot: lease starts and ends (from LeaseTracker::observe) and the usage/capacity values at
    // snapshot.takenAt, in one transaction.
    Result<Done> record(const QString &clusterKey, const ClusterSnapshot &snapshot, const LeaseTracker::Update &leases);
    // Moves what is older than the tiers allow into the next tier, in units of a few hundred series of one window
    // (each its own transaction), while `budgetMs` lasts; at least one unit per call, so repeated calls finish.
    Result<CompactionProgress> compact(const QString &clusterKey, const QDateTime &nowUtc, int budgetMs = 50);

    // Leases that overlap [fromUtc, toUtc) (active ones included), by start.
    Result<std::vector<GpuLease>> leases(const QString &clusterKey, const QDateTime &fromUtc, const QDateTime &toUtc);
    Result<std::vector<GpuLease>> activeLeases(const QString &clusterKey);
    // The leases that overlap `read` (active ones included) summed per deployment over each of `periods`
    // (leasetotals.h), the deployments by app and name; `visit` (optional) sees each deployment's leases as they are
    // summed. What a cost report needs, without holding a month of leases.
    Result<std::vector<DeploymentLeaseTotals>> leaseTotals(const QString &clusterKey, const TimeRange &read,
                                                           const std::vector<TimeRange> &periods,
                                                           const DeploymentLeaseVisitor &visit = {});
    // Capacity GPU-hours (what the nodes had) within [fromUtc, toUtc).
    Result<double> capacityGpuHours(const QString &clusterKey, const QDateTime &fromUtc, const QDateTime &toUtc);
    // Over the time with history in [fromUtc, toUtc): that time, the capacity (total and by accelerator type)
    // and the GPUs each deployment held. Idle is capacity minus held over this same time.
    Result<RecordedUsage> recordedUsage(const QString &clusterKey, const QDateTime &fromUtc, const QDateTime &toUtc);
    // The same for each of `periods`, the history read once for all of them.
    Result<std::vector<RecordedUsage>> recordedUsage(const QString &clusterKey, const std::vector<TimeRange> &periods);
    // The chart series (deployments stacked, capacity separate), downsampled to at most query.maxPoints.
    Result<std::vector<UsageSeries>> usage(const QString &clusterKey, const UsageQuery &query);
    // usage() and recordedUsage() from one read of the segments: what a cost overview asks for, whose chart and
    // periods cover mostly the same weeks.
    Result<UsageReading> usageAndRecorded(const QString &clusterKey, const UsageQuery &query,
                                          const std::vector<TimeRange> &periods);
    // The first instant with history (for "since" defaults and chart ranges).
    Result<std::optional<QDateTime>> firstRecord(const QString &clusterKey);
    // The last recorded snapshot (what a restarted recorder knows the cluster was last seen at).
    Result<std::optional<QDateTime>> lastRecord(const QString &clusterKey);

private:
    // The first (or last) recorded snapshot's time: firstRecord and lastRecord read the same row.
    Result<std::optional<QDateTime>> recordedEnd(const QString &clusterKey, bool last);
    // The segments over the chart's range (if asked) and every period's, read once in one transaction.
    Result<UsageReading> readUsage(const QString &clusterKey, const std::optional<UsageQuery> &query,
                                   const std::vector<TimeRange> &periods);
    StoreConnection m_store;
    bool m_migrated = false;            // addLeaseColumns ran on this connection
    bool m_checkpointsDeferred = false; // compact() checkpoints this connection's log (walcheckpoint.h)
    // What record() last wrote of each cluster's series (historystore.cpp), so that a poll that changes little
    // reads and writes little.
    struct RecordedSeries;
    std::unique_ptr<RecordedSeries> m_recorded;
};

} // namespace scaledeck
