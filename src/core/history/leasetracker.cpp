// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "leasetracker.h"

#include <algorithm>
#include <cmath>

namespace scaledeck {

namespace {

QDateTime rayTime(double startTimeS)
{
    return QDateTime::fromMSecsSinceEpoch(std::llround(startTimeS * 1000), Qt::UTC);
}

// Where the lease of a replica placed when first seen starts: Ray's start_time_s when it gave one, but never after
// the snapshot that first shows the replica (a start "in the future" is clock skew between Ray's head and this
// machine).
void setStart(GpuLease &lease, double startTimeS, const QDateTime &nowUtc)
{
    lease.startUtc = nowUtc;
    lease.startFromRay = false;
    if (startTimeS > 0 && rayTime(startTimeS) <= nowUtc) {
        lease.startUtc = rayTime(startTimeS);
        lease.startFromRay = true;
    }
}

} // namespace

double GpuLease::hoursWithin(const QDateTime &fromUtc, const QDateTime &toUtc) const
{
    if (!startUtc.isValid() || !fromUtc.isValid() || !toUtc.isValid())
        return 0;
    const QDateTime begin = std::max(startUtc, fromUtc);
    const QDateTime end = isActive() ? toUtc : std::min(endUtc, toUtc);
    if (end <= begin)
        return 0;
    return double(begin.msecsTo(end)) / 3600000.0;
}

LeaseTracker::Update LeaseTracker::observe(const ClusterSnapshot &snapshot)
{
    Update update;
    // Without a time there is nothing to start or end a lease at: leave the leases as they are.
    if (!snapshot.takenAt.isValid())
        return update;
    const QDateTime nowUtc = snapshot.takenAt.toUTC();

    std::map<QString, GpuLease> seen;
    std::set<QString> waiting;
    for (const ApplicationSnapshot &app : snapshot.applications) {
        if (app.parked)
            continue;
        for (const DeploymentSnapshot &deployment : app.deployments) {
            if (!(deployment.gpusPerReplica > 0))
                continue;
            const QString prefix = app.name + QLatin1Char('/') + deployment.name + QLatin1Char('/');
            int withoutId = 0;
            for (const ReplicaSnapshot &replica : deployment.replicas) {
                if (!replicaHoldsResources(replica)) {
                    if (!replica.id.isEmpty())
                        waiting.insert(prefix + replica.id);
                    continue;
                }
                // Ray has always sent replica_id; should one be missing, count such replicas by position so
                // their GPUs are still billed (the ids sort first, so the positions are stable).
                const QString replicaId = replica.id.isEmpty() ? QStringLiteral("#%1").arg(withoutId++) : replica.id;
                QString key = prefix + replicaId;
                if (seen.count(key))
                    continue; // the same replica listed twice is one lease
                // Still held: the lease moves over unchanged (its start and GPUs are those it began with).
                if (auto node = m_active.extract(key)) {
                    seen.insert(std::move(node));
                    continue;
                }
                GpuLease lease;
                lease.replicaId = replicaId;
                lease.app = app.name;
                lease.deployment = deployment.name;
                lease.gpus = deployment.gpusPerReplica;
                lease.cpus = deployment.cpusPerReplica;
                lease.accelerator = snapshot.acceleratorOf(deployment, replica);
                if (wasSeenWithoutGpus(key, replica.startTimeS)) {
                    lease.startUtc = nowUtc; // placed since the last look: it held nothing while it waited
                    lease.startFromRay = false;
                } else {
                    setStart(lease, replica.startTimeS, nowUtc);
                }
                update.started.push_back(lease);
                seen.emplace(std::move(key), std::move(lease));
            }
        }
    }
    // Whatever is left was not seen holding GPUs: it ends at this snapshot, the first one without it.
    for (auto &[key, lease] : m_active) {
        lease.endUtc = nowUtc;
        update.ended.push_back(std::move(lease));
    }
    m_active = std::move(seen);
    m_waiting = std::move(waiting);
    m_restoredLastRecord = QDateTime();
    return update;
}

bool LeaseTracker::wasSeenWithoutGpus(const QString &key, double startTimeS) const
{
    if (m_waiting.count(key))
        return true;
    // Just restored: it was there at the store's last record (created before it) and had no lease then.
    return m_restoredLastRecord.isValid() && startTimeS > 0 && rayTime(startTimeS) < m_restoredLastRecord;
}

void LeaseTracker::restore(const std::vector<GpuLease> &active, const QDateTime &lastRecordedUtc)
{
    m_active.clear();
    m_waiting.clear();
    m_restoredLastRecord = lastRecordedUtc.isValid() ? lastRecordedUtc.toUTC() : QDateTime();
    for (const GpuLease &lease : active) {
        if (lease.isActive())
            m_active.insert_or_assign(lease.key(), lease);
    }
}

} // namespace scaledeck
