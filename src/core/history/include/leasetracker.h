// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <set>
#include <vector>

namespace scaledeck {

// A GPU lease: one replica holding GPUs, from its start to the first snapshot without it. This is what the
// cloud bills a GPU deployment for, replica by replica.
struct GpuLease {
    QString replicaId;
    QString app;
    QString deployment;
    double gpus = 0;     // GPUs the replica holds (the deployment's GPUs per replica)
    double cpus = 0;     // CPUs it holds besides (priced at the optional $/CPU-hour)
    QString accelerator; // the GPUs' accelerator type (deployment's, else node's); empty: the default price
    QDateTime startUtc;  // the first snapshot that showed it placed; Ray's start_time_s if placed when first seen
    QDateTime endUtc;    // invalid while active: the first snapshot without it
    bool startFromRay = false;

    bool isActive() const { return !endUtc.isValid(); }
    // Hours of the lease inside [fromUtc, toUtc); an active lease counts up to toUtc.
    double hoursWithin(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    double gpuHoursWithin(const QDateTime &fromUtc, const QDateTime &toUtc) const
    {
        return hoursWithin(fromUtc, toUtc) * gpus;
    }
    QString key() const { return app + QLatin1Char('/') + deployment + QLatin1Char('/') + replicaId; }
};

// Turns a stream of snapshots into leases. A replica leases GPUs while it is in a state that holds resources
// (replicaHoldsResources: STARTING only once placed on a node) and its deployment asks for GPUs. Parked apps
// hold none. Ray's start_time_s is when a replica was created, not when it was placed: one that waited for GPUs
// (STARTING without a node) holds nothing while it waits, so its lease starts at the first snapshot showing it
// placed. Only a replica already placed when first seen starts at start_time_s.
class LeaseTracker {
public:
    struct Update {
        std::vector<GpuLease> started; // new leases (endUtc invalid)
        std::vector<GpuLease> ended;   // leases that ended at this snapshot (endUtc = snapshot.takenAt)
    };

    // Feeds one snapshot (its takenAt is "now"). The first snapshot after restore() ends every restored lease
    // whose replica is gone.
    Update observe(const ClusterSnapshot &snapshot);
    // The leases active after the last observe(), by key().
    const std::map<QString, GpuLease> &active() const { return m_active; }
    // After a restart: the leases the store still has as active, and when the store last recorded (invalid: never).
    // A replica created before that record without a lease then was not holding GPUs then (it waited): its lease
    // starts when it is first seen placed, not at start_time_s.
    void restore(const std::vector<GpuLease> &active, const QDateTime &lastRecordedUtc = QDateTime());

private:
    bool wasSeenWithoutGpus(const QString &key, double startTimeS) const;

    std::map<QString, GpuLease> m_active;
    std::set<QString> m_waiting;    // replicas of GPU deployments last seen not holding GPUs (waiting to be placed)
    QDateTime m_restoredLastRecord; // the store's last record, until the first observe() after restore()
};

} // namespace scaledeck
