// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A bundle's history into a store's: leases already there (the same key and start) are skipped, and so is a
// usage segment whose time the store's series already covers, so that no GPU-hour is ever counted twice.
#include "bundleimport_p.h"

#include <QHash>
#include <QSqlError>

namespace scaledeck::importdetail {

namespace {

Result<Done> importLeases(ImportRun &run, const StoreBundle &bundle)
{
    QSqlQuery insert(run.db);
    insert.prepare(QStringLiteral("INSERT INTO history_leases (cluster_key, lease_key, app, deployment, replica_id,"
                                  " gpus, start_ms, end_ms, start_from_ray, cpus, accelerator)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    for (const BundleLease &lease : bundle.leases) {
        if (!execBound(insert,
                       {run.cluster, textValue(lease.leaseKey), textValue(lease.app), textValue(lease.deployment),
                        textValue(lease.replicaId), lease.gpus, lease.startMs, msValue(lease.endMs),
                        lease.startFromRay ? 1 : 0, lease.cpus, textValue(lease.accelerator)}))
            return run.error(QStringLiteral("lease %1").arg(lease.leaseKey), insert.lastError());
        ImportCount &count = run.count(BundleKind::Leases);
        (insert.numRowsAffected() > 0 ? count.added : count.alreadyThere) += 1;
    }
    return Done{};
}

// The store's history row for the cluster, created with the bundle's range or widened to take it in; its id.
Result<qint64> historyCluster(ImportRun &run, const BundleHistoryRange &range)
{
    const QString what = QStringLiteral("the history's range");
    QSqlQuery query(run.db);
    if (!runQuery(query, QStringLiteral("SELECT id FROM history_clusters WHERE cluster_key = ?"), {run.cluster}))
        return run.error(what, query.lastError());
    if (!query.next()) {
        if (!runQuery(query,
                      QStringLiteral("INSERT INTO history_clusters (cluster_key, first_ms, last_ms, minute_mark_ms)"
                                     " VALUES (?, ?, ?, ?) RETURNING id"),
                      {run.cluster, range.firstMs, range.lastMs, msValue(range.minuteMarkMs)}) ||
            !query.next())
            return run.error(what, query.lastError());
        const qint64 id = query.value(0).toLongLong();
        query.finish();
        return id;
    }
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    // first_ms goes back to the bundle's first snapshot. last_ms only moves on when no segment is open: an open
    // segment of the store ends at last_ms, and moving it would stretch the store's own history over the import.
    if (!runQuery(query,
                  QStringLiteral("UPDATE history_clusters SET first_ms = CASE WHEN first_ms < ? THEN first_ms ELSE ?"
                                 " END, last_ms = CASE WHEN last_ms > ? OR EXISTS (SELECT 1 FROM history_segments"
                                 " WHERE cluster_id = ? AND end_ms IS NULL) THEN last_ms ELSE ? END WHERE id = ?"),
                  {range.firstMs, range.firstMs, range.lastMs, id, range.lastMs, id}))
        return run.error(what, query.lastError());
    return id;
}

Result<Done> importSegments(ImportRun &run, const StoreBundle &bundle)
{
    if (!bundle.historyRange)
        return Done{};
    auto clusterId = historyCluster(run, *bundle.historyRange);
    if (!clusterId)
        return clusterId.error();
    const QString what = QStringLiteral("the usage history");
    QSqlQuery query(run.db);
    if (!runQuery(query, QStringLiteral("SELECT id, name FROM history_series WHERE cluster_id = ?"), {*clusterId}))
        return run.error(what, query.lastError());
    QHash<QString, qint64> series;
    while (query.next())
        series.insert(query.value(1).toString(), query.value(0).toLongLong());
    query.finish();
    QSqlQuery covered(run.db);
    // Any segment of the series over part of that time (an open one: from its start on).
    covered.prepare(QStringLiteral("SELECT 1 FROM history_segments WHERE series_id = ? AND start_ms < ?"
                                   " AND (end_ms IS NULL OR end_ms > ?) LIMIT 1"));
    QSqlQuery insert(run.db);
    insert.prepare(QStringLiteral("INSERT INTO history_segments (series_id, start_ms, end_ms, value, replicas, tier,"
                                  " cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const BundleSegment &segment : bundle.segments) {
        qint64 id = series.value(segment.series, -1);
        if (id < 0) {
            if (!runQuery(query,
                          QStringLiteral("INSERT INTO history_series (cluster_id, name) VALUES (?, ?) RETURNING id"),
                          {*clusterId, segment.series}) ||
                !query.next())
                return run.error(what, query.lastError());
            id = query.value(0).toLongLong();
            query.finish();
            series.insert(segment.series, id);
        }
        if (!execBound(covered, {id, segment.endMs, segment.startMs}))
            return run.error(what, covered.lastError());
        const bool there = covered.next();
        covered.finish();
        ImportCount &count = run.count(BundleKind::Usage);
        if (there) {
            ++count.alreadyThere;
            continue;
        }
        if (!execBound(insert,
                       {id, segment.startMs, segment.endMs, segment.value, segment.replicas, segment.tier, *clusterId}))
            return run.error(what, insert.lastError());
        ++count.added;
    }
    return Done{};
}

} // namespace

Result<Done> importHistory(ImportRun &run, const StoreBundle &bundle)
{
    if (auto leases = importLeases(run, bundle); !leases)
        return leases;
    return importSegments(run, bundle);
}

} // namespace scaledeck::importdetail
