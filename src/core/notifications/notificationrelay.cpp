// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "notificationrelay.h"

#include <algorithm>

namespace scaledeck {

NotificationRelay::NotificationRelay(const Clock *scheduleClock, const Clock *batchClock, BatchTiming timing,
                                     QObject *parent)
    : QObject(parent), m_batchClock(batchClock), m_events(scheduleClock), m_batch(batchClock, timing)
{
    qRegisterMetaType<DesktopNotification>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NotificationRelay::flushDue);
}

void NotificationRelay::onTick(const TickReport &report)
{
    const std::vector<NotificationEvent> events = m_events.take(report);
    if (events.empty())
        return;
    m_batch.add(events);
    armTimer();
}

void NotificationRelay::flushDue()
{
    const std::vector<NotificationEvent> due = m_batch.takeDue();
    if (!due.empty())
        Q_EMIT notificationReady(composeNotification(due));
    armTimer();
}

void NotificationRelay::armTimer()
{
    const std::optional<QDateTime> due = m_batch.dueUtc();
    if (!due) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::max<qint64>(0, m_batchClock->nowUtc().msecsTo(*due))));
}

} // namespace scaledeck
