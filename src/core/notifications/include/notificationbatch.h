// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "notificationevent.h"

#include <optional>
#include <vector>

namespace scaledeck {

struct BatchTiming {
    int quietMs = 2000; // a batch goes out once no event came for this long...
    int maxMs = 10000;  // ...or this long after its first event, whichever is first
};

// Collects events into one batch, so a week boundary that parks ten targets (over a tick or two) is one
// notification, not ten. Pure and driven by `clock`: the caller asks when the batch is due and takes it.
class NotificationBatch {
public:
    explicit NotificationBatch(const Clock *clock, BatchTiming timing = {}) : m_clock(clock), m_timing(timing) {}
    void add(const std::vector<NotificationEvent> &events);
    // When the batch is due; unset while it is empty.
    std::optional<QDateTime> dueUtc() const;
    // The batch if it is due on the clock (and empty from then on); otherwise nothing.
    [[nodiscard]] std::vector<NotificationEvent> takeDue();

private:
    const Clock *m_clock;
    BatchTiming m_timing;
    std::vector<NotificationEvent> m_events;
    QDateTime m_firstUtc;
    QDateTime m_lastUtc;
};

} // namespace scaledeck
