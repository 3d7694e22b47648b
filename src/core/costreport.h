#pragma once

#include "leasetracker.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

// What GPUs cost, per cluster: a default $/GPU-hour, optional per accelerator type, optional $/CPU-hour.
struct PriceList {
    QString currency = QStringLiteral("USD");
    double gpuHour = 0;                 // the default price of one GPU for one hour
    std::optional<double> cpuHour;
    bool operator==(const PriceList &) const = default;
};

struct DeploymentCost {
    QString app;
    QString deployment;
    double gpuHours = 0;          // from the leases, exactly
    double cost = 0;              // gpuHours x price
    double share = 0;             // of all deployments' GPU-hours in the period, 0..1
    int peakReplicas = 0;         // most replicas holding GPUs at once in the period
    double gpusPerReplica = 0;
    double alwaysOnGpuHours = 0;  // peak (or the configured count) x GPUs per replica x the period's hours
    double reduction = 0;         // gpuHours / alwaysOnGpuHours (0.30 for 50 of 168 hours); 0 when nothing ran
};

struct CostReport {
    QDateTime fromUtc;
    QDateTime toUtc;
    QString currency;
    std::vector<DeploymentCost> deployments;  // by GPU-hours, largest first
    double gpuHours = 0;           // all deployments
    double cost = 0;
    double alwaysOnGpuHours = 0;
    double capacityGpuHours = 0;   // what the nodes had (what the cloud bills)
    double idleGpuHours = 0;       // capacity - held
    double idleCost = 0;
};

// `alwaysOnReplicas` optionally fixes the always-on count per "app/deployment" instead of the peak.
CostReport computeCost(const std::vector<GpuLease> &leases, double capacityGpuHours, const QDateTime &fromUtc,
                       const QDateTime &toUtc, const PriceList &prices,
                       const std::map<QString, int> &alwaysOnReplicas = {});

}  // namespace scaledeck
