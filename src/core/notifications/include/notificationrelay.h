// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notificationbatch.h"
#include "notificationtext.h"
#include "tickevents.h"

#include <QObject>
#include <QTimer>

namespace scaledeck {

// From the controller's ticks to grouped notifications: each tick's news (TickEvents) joins the batch, and
// once the batch is due (quiet for a while, or old enough) it goes out as one notificationReady(). Whoever
// shows it (the D-Bus sender) connects to that signal.
class NotificationRelay : public QObject {
    Q_OBJECT
public:
    // `scheduleClock`: the controller's time, which says whether an override has run out. `batchClock`: the
    // time the batch waits on (the system clock; a test's manual one).
    NotificationRelay(const Clock *scheduleClock, const Clock *batchClock, BatchTiming timing = {},
                      QObject *parent = nullptr);

    void onTick(const scaledeck::TickReport &report);
    // Sends the batch if it is due on the batch clock (the timer calls it; a test with a manual clock too).
    void flushDue();

Q_SIGNALS:
    void notificationReady(const scaledeck::DesktopNotification &notification);

private:
    void armTimer();

    const Clock *m_batchClock;
    TickEvents m_events;
    NotificationBatch m_batch;
    QTimer m_timer;
};

} // namespace scaledeck
