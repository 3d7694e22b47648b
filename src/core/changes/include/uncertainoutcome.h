// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeplanner.h"
#include "rayerror.h"
#include "snapshotparser.h"

namespace scaledeck {

// A PUT or POST whose answer never came (timeout, connection reset) or came as a 5xx may or may not have been
// applied by Ray; a 4xx answer (refused, unauthorized, ...) means it was not. Such a request is never sent
// again blindly: the cluster is read to decide.
bool answerMayBeLost(const RayError &error);

// Whether the cluster shows the effect of the plan's PUT: every app in the body deployed with exactly that
// config, every parked app gone (or being deleted). Ray shows a PUT's effect seconds after accepting it, so
// "not yet" proves nothing.
bool putIsInEffect(const ApplyPlan &plan, const ServeState &state);

// Whether the cluster shows an external-scaler call's target.
bool scaleCallIsInEffect(const ScaleCall &call, const ServeState &state);

// What the operator reads when a request's answer was lost and its effect did not show within the watch:
// that the outcome is unknown, and what happens to each stored config the change involves.
QString unknownOutcomeText(const QString &request, const ApplyPlan &plan, int watchedMs);

} // namespace scaledeck
