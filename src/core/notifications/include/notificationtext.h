// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notificationevent.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace scaledeck {

// The freedesktop urgency levels (the "urgency" hint's byte).
enum class NotificationUrgency : quint8 { Low = 0, Normal = 1, Critical = 2 };

// One desktop notification, as any notification service shows it.
struct DesktopNotification {
    QString summary;
    QString body;
    NotificationUrgency urgency = NotificationUrgency::Normal;
};

// One notification for a batch of events, grouped by kind, failures first. One kind reads
// "Parked 10 targets" / "Parked: a, b, c, … and 2 more"; several kinds join their summaries
// ("Change failed: llm/LLM · Parked 9 targets") with one body line each. Any failure makes it critical.
DesktopNotification composeNotification(const std::vector<NotificationEvent> &events);

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::DesktopNotification)
