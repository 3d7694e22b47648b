// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A single-user store holding some of every kind a store bundle carries (schedules, an override, a parked app
// whose config has what a careless copy would lose, prices and an always-on count, audit rows, GPU leases and
// usage history), for the import tests.

#include "historystore.h"
#include "leasetracker.h"
#include "parkedstore.h"
#include "pricestore.h"
#include "schedulestore.h"

#include <QDateTime>
#include <QString>

namespace scaledeck::testing {

inline const QDateTime bundleT0 = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC);
// The cluster of the single-user store (a laptop's), as its store names it.
inline const QString bundleLaptop = QStringLiteral("http://127.0.0.1:8265");

// Key order, spacing, escapes and non-ASCII as Ray echoed them: unpark must put back exactly this.
inline QByteArray parkedConfigBytes()
{
    return QByteArrayLiteral("{\"name\": \"llm\", \"route_prefix\": \"/llm\",  \"import_path\": \"app:build\","
                             " \"runtime_env\": {\"env_vars\": {\"GREETING\": \"gr\xc3\xbc\xc3\x9f \\u00e9\\n\"}},"
                             " \"deployments\": [{\"name\": \"LLM\", \"num_replicas\": 2,"
                             " \"ray_actor_options\": {\"num_gpus\": 1.0}}], \"zeta\": 1e-7, \"alpha\": null}");
}

inline ClusterSnapshot bundleSnapshotAt(const QDateTime &at, double capacity, double held)
{
    ClusterSnapshot snapshot;
    snapshot.takenAt = at;
    snapshot.gpusTotal = capacity;
    ApplicationSnapshot app;
    app.name = QStringLiteral("llm");
    app.status = QStringLiteral("RUNNING");
    DeploymentSnapshot deployment;
    deployment.name = QStringLiteral("LLM");
    deployment.status = QStringLiteral("HEALTHY");
    deployment.gpusPerReplica = 1;
    deployment.gpusHeld = held;
    app.deployments.push_back(deployment);
    snapshot.applications.push_back(app);
    return snapshot;
}

inline GpuLease bundleLease(const char *replica, const QDateTime &start, const QDateTime &end = QDateTime())
{
    GpuLease lease;
    lease.app = QStringLiteral("llm");
    lease.deployment = QStringLiteral("LLM");
    lease.replicaId = QString::fromUtf8(replica);
    lease.gpus = 1;
    lease.cpus = 2;
    lease.accelerator = QStringLiteral("A100");
    lease.startUtc = start;
    lease.endUtc = end;
    return lease;
}

// Fills `path` (an SQLite file) for `cluster`; false when a store refused.
inline bool fillSingleUserStore(const QString &path, const QString &cluster)
{
    ScheduleStore schedules(path);
    ParkedStore parked(path);
    PriceStore prices(path);
    HistoryStore history(path);
    if (!schedules.open() || !parked.open() || !prices.open() || !history.open())
        return false;
    const QDateTime t0 = bundleT0;
    bool ok =
        schedules
            .saveSchedule(cluster, StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                                  QStringLiteral("tz UTC\ndefault 0\nmon-fri 08:00-18:00 2\n"), t0})
            .ok() &&
        schedules
            .saveSchedule(cluster, StoredSchedule{ScheduleTarget{QStringLiteral("embedder"), QString()},
                                                  QStringLiteral("tz Europe/Ljubljana\ndefault 1\n"), t0.addSecs(60)})
            .ok() &&
        schedules
            .setOverride(cluster, ScheduleOverride{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")}, 4,
                                                   t0.addYears(5), t0, QStringLiteral("ann@laptop"),
                                                   QStringLiteral("demo week")})
            .ok();
    ok = ok && schedules
                   .appendAudit(cluster, AuditEntry{.atUtc = t0,
                                                    .target = QStringLiteral("llm/LLM"),
                                                    .before = QStringLiteral("2"),
                                                    .after = QStringLiteral("0"),
                                                    .result = AuditResult::Sent,
                                                    .detail = QStringLiteral("mon-fri 08:00-18:00"),
                                                    .holder = QStringLiteral("ScaleDeck GUI on laptop (pid 7)")})
                   .ok();
    ok = ok && schedules
                   .appendAudit(cluster, AuditEntry{.atUtc = t0.addSecs(5),
                                                    .target = QStringLiteral("embedder"),
                                                    .cause = AuditCause::Operator,
                                                    .result = AuditResult::OverrideSet,
                                                    .holder = QStringLiteral("ann")})
                   .ok();
    ok = ok &&
         parked
             .save(cluster, ParkedApp{QStringLiteral("llm"), parkedConfigBytes(),
                                      QByteArrayLiteral("{\"deployments\": [{\"name\": \"LLM\"}]}"), t0.addSecs(30)})
             .ok();
    PriceList list;
    list.currency = QStringLiteral("EUR");
    list.gpuHour = 2.5;
    list.gpuHourByAccelerator[QStringLiteral("A100")] = 3.25;
    list.cpuHour = 0.04;
    ok = ok && prices.setPrices(cluster, list).ok() &&
         prices.setAlwaysOnCount(cluster, QStringLiteral("llm/LLM"), 1).ok();
    // An hour of history: two leases (one ended, one still active), capacity 4, held 2 then 1.
    const GpuLease first = bundleLease("r1", t0);
    const GpuLease second = bundleLease("r2", t0);
    ok = ok && history.record(cluster, bundleSnapshotAt(t0, 4, 2), LeaseTracker::Update{{first, second}, {}}).ok();
    for (int s = 30; s <= 1800; s += 30)
        ok = ok && history.record(cluster, bundleSnapshotAt(t0.addSecs(s), 4, 2), {}).ok();
    GpuLease ended = second;
    ended.endUtc = t0.addSecs(1830);
    ok =
        ok && history.record(cluster, bundleSnapshotAt(t0.addSecs(1830), 4, 1), LeaseTracker::Update{{}, {ended}}).ok();
    for (int s = 1860; s <= 3600; s += 30)
        ok = ok && history.record(cluster, bundleSnapshotAt(t0.addSecs(s), 4, 1), {}).ok();
    return ok;
}

} // namespace scaledeck::testing
