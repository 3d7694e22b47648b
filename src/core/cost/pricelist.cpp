// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pricelist.h"

namespace scaledeck {

double PriceList::gpuHourFor(const QString &accelerator) const
{
    const auto typed = gpuHourByAccelerator.find(accelerator);
    return typed == gpuHourByAccelerator.end() ? gpuHour : typed->second;
}

double PriceList::costOf(const GpuLease &lease, double hours) const
{
    return hours * (lease.gpus * gpuHourFor(lease.accelerator) + lease.cpus * cpuHour.value_or(0));
}

} // namespace scaledeck
