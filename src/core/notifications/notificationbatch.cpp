// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "notificationbatch.h"

#include <algorithm>

namespace scaledeck {

void NotificationBatch::add(const std::vector<NotificationEvent> &events)
{
    if (events.empty())
        return;
    const QDateTime now = m_clock->nowUtc();
    if (m_events.empty())
        m_firstUtc = now;
    m_lastUtc = now;
    m_events.insert(m_events.end(), events.begin(), events.end());
}

std::optional<QDateTime> NotificationBatch::dueUtc() const
{
    if (m_events.empty())
        return std::nullopt;
    return std::min(m_lastUtc.addMSecs(m_timing.quietMs), m_firstUtc.addMSecs(m_timing.maxMs));
}

std::vector<NotificationEvent> NotificationBatch::takeDue()
{
    const std::optional<QDateTime> due = dueUtc();
    if (!due || m_clock->nowUtc() < *due)
        return {};
    return std::exchange(m_events, {});
}

} // namespace scaledeck
