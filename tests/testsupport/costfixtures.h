// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the cost tests share: a lease, a history recorded minute by minute, and a cluster's prices and one
// schedule in the store. Each returns why it failed ("" when it did not), so a test can QCOMPARE it to "".

#include "costreport.h"
#include "historystore.h"
#include "leasetracker.h"
#include "pricestore.h"
#include "schedulestore.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <map>
#include <vector>

inline scaledeck::GpuLease testLease(const QString &replica, const QString &app, const QString &deployment, double gpus,
                                     const QDateTime &start, const QDateTime &end = {})
{
    scaledeck::GpuLease lease;
    lease.replicaId = replica;
    lease.app = app;
    lease.deployment = deployment;
    lease.gpus = gpus;
    lease.startUtc = start;
    lease.endUtc = end;
    return lease;
}

// What the cluster looked like at an instant while it held these leases.
using SnapshotHolding =
    std::function<scaledeck::ClusterSnapshot(const QDateTime &, const std::vector<scaledeck::GpuLease> &)>;

// An 8-GPU cluster (by default) holding `held`: one RUNNING, placed replica a lease. A SnapshotHolding.
inline scaledeck::ClusterSnapshot snapshotHolding(const QDateTime &at, const std::vector<scaledeck::GpuLease> &held,
                                                  double gpusTotal = 8)
{
    using namespace scaledeck;
    ClusterSnapshot snapshot;
    snapshot.gpusTotal = gpusTotal;
    snapshot.nodesAlive = 2;
    snapshot.takenAt = at;
    std::map<QString, std::map<QString, DeploymentSnapshot>> apps;
    for (const GpuLease &l : held) {
        DeploymentSnapshot &deployment = apps[l.app][l.deployment];
        deployment.name = l.deployment;
        deployment.status = QStringLiteral("HEALTHY");
        deployment.gpusPerReplica = l.gpus;
        deployment.replicas.push_back(ReplicaSnapshot{l.replicaId, QStringLiteral("RUNNING"), 0, true, {}});
        deployment.gpusHeld += l.gpus;
        deployment.runningReplicas += 1;
        deployment.targetReplicas += 1;
        deployment.replicasByState[QStringLiteral("RUNNING")] += 1;
    }
    for (auto &[name, deployments] : apps) {
        ApplicationSnapshot app;
        app.name = name;
        app.status = QStringLiteral("RUNNING");
        app.source = QStringLiteral("declarative");
        for (auto &entry : deployments)
            app.deployments.push_back(entry.second);
        snapshot.applications.push_back(app);
    }
    return snapshot;
}

// One snapshot a minute over [from, to] (the store counts longer gaps as not recording), each holding the leases
// active at it and starting and ending them at their times.
inline QString recordEveryMinute(scaledeck::HistoryStore &history, const QString &cluster,
                                 const std::vector<scaledeck::GpuLease> &leases, const QDateTime &from,
                                 const QDateTime &to, const SnapshotHolding &snapshotAt)
{
    for (QDateTime at = from; at <= to; at = at.addSecs(60)) {
        std::vector<scaledeck::GpuLease> held;
        scaledeck::LeaseTracker::Update update;
        for (const scaledeck::GpuLease &lease : leases) {
            if (lease.startUtc <= at && !(lease.endUtc.isValid() && lease.endUtc <= at))
                held.push_back(lease);
            if (lease.startUtc == at) {
                scaledeck::GpuLease open = lease;
                open.endUtc = QDateTime();
                update.started.push_back(open);
            }
            if (lease.endUtc == at)
                update.ended.push_back(lease);
        }
        if (auto recorded = history.record(cluster, snapshotAt(at, held), update); !recorded)
            return recorded.error().describe();
    }
    return QString();
}

inline QString storeGpuHourPrice(const QString &storePath, const QString &cluster, const QString &currency,
                                 double gpuHour)
{
    scaledeck::PriceStore prices(storePath);
    if (auto opened = prices.open(); !opened)
        return opened.error().describe();
    scaledeck::PriceList list;
    list.currency = currency;
    list.gpuHour = gpuHour;
    auto stored = prices.setPrices(cluster, list);
    return stored ? QString() : stored.error().describe();
}

inline QString storeSchedule(const QString &storePath, const QString &cluster, const scaledeck::ScheduleTarget &target,
                             const QString &text, const QDateTime &updatedUtc)
{
    scaledeck::ScheduleStore schedules(storePath);
    if (auto opened = schedules.open(); !opened)
        return opened.error().describe();
    scaledeck::StoredSchedule schedule;
    schedule.target = target;
    schedule.text = text;
    schedule.updatedUtc = updatedUtc;
    auto saved = schedules.saveSchedule(cluster, schedule);
    return saved ? QString() : saved.error().describe();
}
