// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "notificationevent.h"
#include "schedule.h"
#include "schedulecontroller.h"

#include <QHash>

#include <vector>

namespace scaledeck {

// Turns the controller's tick reports into the events worth a notification, each once. A decision repeats
// across ticks (a kept drift every tick, a failed change while it waits to be retried, a dry run's
// "already logged"): what was told about a target is remembered until the target is in step again, so the
// same news is never told twice. An override that was active last tick and is gone now counts as expired
// only when its end has passed on `clock`; one the operator removed early is not news.
class TickEvents {
public:
    explicit TickEvents(const Clock *clock) : m_clock(clock) {}
    [[nodiscard]] std::vector<NotificationEvent> take(const TickReport &report);

private:
    void addDecisionEvents(const TickReport &report, std::vector<NotificationEvent> &events);
    void addExpiredOverrides(const TickReport &report, std::vector<NotificationEvent> &events);

    const Clock *m_clock;
    QHash<QString, QString> m_told;               // target -> what was last told about it
    QHash<QString, ScheduleOverride> m_overrides; // active at the last tick, by target
};

} // namespace scaledeck
