// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "guiactivity.h"

#include <QLoggingCategory>
#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

Q_DECLARE_LOGGING_CATEGORY(lcGuiStall) // scaledeck.gui.stall: GUI-thread stalls (info; off unless enabled)

namespace scaledeck {

// Reports, under scaledeck.gui.stall (info), every stall of the thread it is made on (the GUI thread) longer than
// a threshold, with how long it lasted, how much of that the thread spent ready but waiting for a CPU (the
// kernel's run-queue time, /proc/thread-self/schedstat: a busy machine's share, not this program's) and the
// GuiActivity names it saw running:
//     scaledeck.gui.stall: GUI thread stalled for 123 ms (4 ms of it waiting for a CPU) in: live refresh
// A watchdog thread posts a heartbeat to the watched thread's event loop every `period` and waits for it to be
// answered; a heartbeat answered late was held up by whatever the thread was doing, and while it waits the
// watchdog samples the thread's current GuiActivity. A stall is measured from the heartbeat's posting to its
// answer, so the figure is a lower bound, short of the truth by at most about one period.
// An event-dispatch hook (QCoreApplication::notify) would time every event exactly but needs the application
// class subclassed and costs every event; the heartbeat costs nothing in the code it watches.
class StallMonitor : public QObject {
    Q_OBJECT
public:
    struct Options {
        std::chrono::milliseconds threshold{50};
        std::chrono::milliseconds period{10};
    };

    explicit StallMonitor(Options options, QObject *parent = nullptr);
    ~StallMonitor() override; // stops and joins the watchdog

    // A monitor only while scaledeck.gui.stall's info messages are enabled (QT_LOGGING_RULES or
    // QLoggingCategory::setFilterRules, before this call): otherwise none, and no thread or heartbeat at all.
    static std::unique_ptr<StallMonitor> createIfEnabled(Options options);

    // Heartbeats the watched thread has answered; once one more is answered, every stall before it was reported.
    quint64 heartbeatsAnswered() const { return m_answered.load(std::memory_order_acquire); }

private:
    using Clock = std::chrono::steady_clock;

    void watch();              // the watchdog thread
    void answer(quint64 beat); // the watched thread
    bool waitForAnswer(quint64 beat, std::unique_lock<std::mutex> &lock, std::string &seen);
    void report(std::chrono::milliseconds lasted, std::int64_t waitedNs, const std::string &seen) const;

    const Options m_options;
    const GuiActivity::Slot *m_activity; // the watched thread's current activity
    std::atomic<quint64> m_answered{0};
    std::atomic<Clock::rep> m_answeredAt{0};
    const int m_schedstat; // the watched thread's /proc/thread-self/schedstat; -1 where there is none
    std::atomic<std::int64_t> m_answeredWaitNs{-1}; // its run-queue time when it answered; -1 when unknown
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false; // under m_mutex
    std::thread m_watchdog;  // last: started when everything above is ready
};

} // namespace scaledeck
