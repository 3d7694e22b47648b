// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QString>

namespace scaledeck {

// `scaledeckctl status --json`: the pinned shape later work and tests rely on.
OrderedJson statusJson(const ClusterSnapshot &snapshot);

// The same as a table for people.
QString statusText(const ClusterSnapshot &snapshot);

// "2.5" for 2.5, "1" for 1.0: GPU counts are often fractional.
QString formatAmount(double value);
// "1 GPU", "0.5 GPUs", "4 L4 GPUs": a GPU amount with its noun (and type, when one is given).
QString gpuCount(double gpus, const QString &accelerator = QString());
QString gpuNoun(double gpus); // "GPU" for exactly one, else "GPUs"

} // namespace scaledeck
