// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "leasetracker.h"

#include <QString>

#include <map>
#include <optional>

namespace scaledeck {

// What GPUs cost, per cluster: a default $/GPU-hour, optional per accelerator type, optional $/CPU-hour (for the
// CPUs the GPU replicas hold besides their GPUs).
struct PriceList {
    QString currency = QStringLiteral("USD");
    double gpuHour = 0;                             // the default price of one GPU for one hour
    std::map<QString, double> gpuHourByAccelerator; // "A100" -> price; types not listed cost gpuHour
    std::optional<double> cpuHour;
    bool operator==(const PriceList &) const = default;

    double gpuHourFor(const QString &accelerator) const;
    // What a lease costs for `hours` of its life: its GPUs at its type's price plus its CPUs at cpuHour.
    double costOf(const GpuLease &lease, double hours) const;
};

} // namespace scaledeck
