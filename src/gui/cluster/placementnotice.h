// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QLabel>

namespace scaledeck {

// A line above the tree while Ray cannot place some replicas: which deployment waits for what ("llm/LLM: 1 replica
// waits for a node with 1 GPU free (0 of 4 GPUs free)"). Hidden while every replica is placed. The first few
// deployments are named, then how many more, so a large fleet does not grow it past a few lines.
class PlacementNotice : public QLabel {
    Q_OBJECT
public:
    explicit PlacementNotice(QWidget *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);

    static constexpr int kNamedAtMost = 3;
};

} // namespace scaledeck
