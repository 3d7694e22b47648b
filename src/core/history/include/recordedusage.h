// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <map>
#include <optional>

namespace scaledeck {

// What the recorded history says of a period, integrated over the time that has history only (a gap, when
// nothing was recording, counts nowhere): the capacity, by accelerator type, and the GPUs each deployment held.
struct RecordedUsage {
    double recordedHours = 0;                        // time with history inside the period
    double capacityGpuHours = 0;                     // all alive nodes' GPUs
    std::map<QString, double> capacityByAccelerator; // the nodes that name a type; the rest is untyped
    // "app/deployment" -> GPU-hours held while recording. Unset: take the leases' GPU-hours instead.
    std::optional<std::map<QString, double>> heldGpuHours;
};

} // namespace scaledeck
