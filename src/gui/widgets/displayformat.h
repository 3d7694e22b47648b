// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QColor>
#include <QString>

namespace scaledeck {

// How snapshot values are shown in the tree: plain functions, so they are testable without a model.

// "2/3 (1 starting, 1 stopping)": running/target, plus replicas in transition when there are any.
QString replicasText(const DeploymentSnapshot &deployment);

// The slider's upper end: room to grow to the larger of the current target, the autoscaling maximum
// and what the cluster's GPUs can hold (at least 1); CPU-only deployments get a fixed 8.
int editorMaximum(const DeploymentSnapshot &deployment, double gpusTotal);
// Why the editor stops where it does: "Up to 8: 8 replicas of 0.5 GPUs each fill the cluster's 4 GPUs".
QString editorRangeReason(const DeploymentSnapshot &deployment, double gpusTotal);

// Green for healthy, red for failed, purple for parked, amber for anything in motion: dark tones on a light
// `background`, light tones on a dark one (the system's palette may be either), whichever contrasts more.
QColor statusColour(const QString &status, const QColor &background);
// The same on the application palette's Base, the background views draw their rows on.
QColor statusColour(const QString &status);

} // namespace scaledeck
