// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "leasetotals.h"
#include "leasetracker.h"
#include "pricelist.h"
#include "recordedusage.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

struct DeploymentCost {
    QString app;
    QString deployment;
    QString accelerator;  // its leases' type (empty: untyped, default price; "A, B" if several)
    double gpuHours = 0;  // from the leases, exactly
    double cpuHours = 0;  // the CPUs its GPU replicas held
    double cost = 0;      // each lease's GPU-hours x its type's price, plus CPU-hours x $/CPU-hour
    double share = 0;     // of all deployments' GPU-hours in the period, 0..1
    int peakReplicas = 0; // most replicas holding GPUs at once in the period
    double gpusPerReplica = 0;
    bool alwaysOnConfigured = false; // alwaysOnGpuHours from a configured count, not the peak
    int alwaysOnReplicas = 0;
    double alwaysOnGpuHours = 0; // peak (or the configured count) x GPUs per replica x the period's hours
    double alwaysOnCost = 0;     // the same at its type's price (and CPUs)
    double reduction = 0;        // gpuHours / alwaysOnGpuHours (0.30 for 50 of 168 hours); 0 when nothing ran
};

// A deployment's figures summed over its application.
struct ApplicationCost {
    QString app;
    double gpuHours = 0;
    double cost = 0;
    double alwaysOnGpuHours = 0;
    double alwaysOnCost = 0;
    double reduction = 0; // gpuHours / alwaysOnGpuHours; 0 when there is nothing to compare with
};

struct CostReport {
    QDateTime fromUtc;
    QDateTime toUtc;
    // The start the period was asked for (reportPeriod): fromUtc is later when the history starts later, and then
    // every figure covers less than was asked. Invalid for a report made from fromUtc as asked (computeCost).
    QDateTime askedFromUtc;
    QString currency;
    std::vector<DeploymentCost> deployments;   // by GPU-hours, largest first
    std::vector<ApplicationCost> applications; // the same per application, by GPU-hours
    QStringList accelerators;                  // the types the period's leases and nodes named, sorted
    double periodHours = 0;
    double recordedHours = 0; // of periodHours, the time with history (capacity and idle cover only this)
    double gpuHours = 0;      // all deployments
    double cpuHours = 0;
    double cost = 0;
    double alwaysOnGpuHours = 0;
    double alwaysOnCost = 0;
    double savedCost = 0;        // alwaysOnCost - cost (what the scaling saved), never below 0
    double capacityGpuHours = 0; // what the nodes had (what the cloud bills), while recording
    double capacityCost = 0;     // the same at each type's price
    double idleGpuHours = 0;     // capacity - held, while recording
    double idleCost = 0;

    // Whether a noticeable part of the period has no history (more than 1% and 5 minutes): the recorder was not
    // running. The last few seconds before "now" (the next poll is not in yet) do not count.
    bool historyIncomplete() const;
    // Whether the report starts after the start asked for, where the history starts.
    bool startsAfterAsked() const { return askedFromUtc.isValid() && fromUtc > askedFromUtc; }
};

// `alwaysOnReplicas` optionally fixes the always-on count per "app/deployment" instead of the peak.
CostReport computeCost(const std::vector<GpuLease> &leases, const RecordedUsage &recorded, const QDateTime &fromUtc,
                       const QDateTime &toUtc, const PriceList &prices,
                       const std::map<QString, int> &alwaysOnReplicas = {});

// The same report from the leases' totals (HistoryStore::leaseTotals) of period `period`, which is [fromUtc, toUtc).
// A deployment with an always-on count and no time in the period takes what one replica holds from any kind read.
CostReport computeCost(const std::vector<DeploymentLeaseTotals> &totals, size_t period, const RecordedUsage &recorded,
                       const QDateTime &fromUtc, const QDateTime &toUtc, const PriceList &prices,
                       const std::map<QString, int> &alwaysOnReplicas = {});

} // namespace scaledeck
