#pragma once

#include "clustersnapshot.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <vector>

namespace scaledeck {

// A GPU lease: one replica holding GPUs, from its start to the first snapshot without it. This is what the
// cloud bills a GPU deployment for, replica by replica.
struct GpuLease {
    QString replicaId;
    QString app;
    QString deployment;
    double gpus = 0;        // GPUs the replica holds (the deployment's GPUs per replica)
    double cpus = 0;        // CPUs it holds besides (priced at the optional $/CPU-hour)
    QString accelerator;    // the GPUs' accelerator type (deployment's, else node's); empty: the default price
    QDateTime startUtc;     // Ray's start_time_s when given, else the first snapshot that showed it
    QDateTime endUtc;       // invalid while active: the first snapshot without it
    bool startFromRay = false;

    bool isActive() const { return !endUtc.isValid(); }
    // Hours of the lease inside [fromUtc, toUtc); an active lease counts up to toUtc.
    double hoursWithin(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    double gpuHoursWithin(const QDateTime &fromUtc, const QDateTime &toUtc) const { return hoursWithin(fromUtc, toUtc) * gpus; }
    QString key() const { return app + QLatin1Char('/') + deployment + QLatin1Char('/') + replicaId; }
};

// Turns a stream of snapshots into leases. A replica leases GPUs while it is in a state that holds resources
// (replicaStateHoldsResources) and its deployment asks for GPUs. Parked apps hold none.
class LeaseTracker {
public:
    struct Update {
        std::vector<GpuLease> started;  // new leases (endUtc invalid)
        std::vector<GpuLease> ended;    // leases that ended at this snapshot (endUtc = snapshot.takenAt)
    };

    // Feeds one snapshot (its takenAt is "now"). The first snapshot after restore() ends every restored lease
    // whose replica is gone.
    Update observe(const ClusterSnapshot &snapshot);
    // The leases active after the last observe(), by key().
    const std::map<QString, GpuLease> &active() const { return m_active; }
    // After a restart: the leases the store still has as active.
    void restore(const std::vector<GpuLease> &active);

private:
    std::map<QString, GpuLease> m_active;
};

}  // namespace scaledeck
