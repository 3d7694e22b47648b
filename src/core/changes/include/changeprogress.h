// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"

namespace scaledeck {

// How far a snapshot shows a change set that Ray accepted: not yet; configured (Ray holds every count, bound,
// park and unpark, while replicas may still be starting or stopping); or running (all of it is there). The
// window uses it after it stopped following a change: to learn when its edits can be compared against the new
// state, and when the cluster has reached what was sent.
enum class ChangeProgress { NotYet, Configured, Running };

[[nodiscard]] ChangeProgress changeProgress(const ChangeSet &changes, const ClusterSnapshot &snapshot);

} // namespace scaledeck
