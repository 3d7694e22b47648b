// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// What happened to a scheduled target that the operator is told about without looking.
// The order is the order a grouped notification lists them in: failures first.
enum class NotificationKind {
    Failed,          // a change the controller sent (or tried to) failed
    Parked,          // the controller parked it
    Unparked,        // the controller unparked it
    Scaled,          // the controller changed its replica count
    DriftCorrected,  // changed outside ScaleDeck, and the controller set it back
    DriftKept,       // changed outside ScaleDeck, kept until the next transition
    OverrideExpired, // an override ran out (not one the operator removed)
    Contested,       // another controller or tool keeps changing it: the controller stopped correcting it
};

// One thing to tell: which target, and a short detail ("2 → 4", Ray's message).
struct NotificationEvent {
    NotificationKind kind = NotificationKind::Parked;
    QString target; // "app" or "app/deployment"
    QString detail;
    bool operator==(const NotificationEvent &) const = default;
};

} // namespace scaledeck
