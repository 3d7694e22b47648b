// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QStringList>

namespace scaledeck {

// Replicas Ray could not place yet, by deployment, in words: "embedder/Embedder: 2 replicas wait for a node with
// 0.5 GPUs free (0 of 4 GPUs free)". One line per deployment that has any; empty when none waits. Ray says the same
// only in a deployment's message, and only after 30 s.
QStringList describePlacementWaits(const ClusterSnapshot &snapshot);

// "2 wait for GPUs" / "1 waits for resources": the short form for a deployment's row.
QString placementWaitShort(const DeploymentSnapshot &deployment);

} // namespace scaledeck
