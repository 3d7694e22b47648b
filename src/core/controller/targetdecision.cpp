// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "targetdecision.h"

namespace scaledeck {

QString decisionResultName(DecisionResult result)
{
    switch (result) {
    case DecisionResult::InStep:
        return QStringLiteral("in step");
    case DecisionResult::Pending:
        return QStringLiteral("pending");
    case DecisionResult::Sent:
        return QStringLiteral("sent");
    case DecisionResult::DryRun:
        return QStringLiteral("dry-run");
    case DecisionResult::Failed:
        return QStringLiteral("failed");
    case DecisionResult::Kept:
        return QStringLiteral("kept");
    case DecisionResult::Waiting:
        return QStringLiteral("waiting");
    case DecisionResult::Missing:
        return QStringLiteral("missing");
    case DecisionResult::Deferred:
        return QStringLiteral("deferred");
    case DecisionResult::Contested:
        return QStringLiteral("contested");
    }
    return QStringLiteral("failed");
}

} // namespace scaledeck
