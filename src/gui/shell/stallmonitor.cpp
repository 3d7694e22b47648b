// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "stallmonitor.h"

#include <QMetaObject>

#include <string>

Q_LOGGING_CATEGORY(lcGuiStall, "scaledeck.gui.stall", QtWarningMsg)

namespace scaledeck {

namespace {
constexpr const char *unmarked = "unmarked work";

// Adds an activity's name to the stall's list once, in the order they were seen.
void noteActivity(std::string &seen, const char *name)
{
    const std::string text = name ? name : unmarked;
    const std::string separator = ", then ";
    const bool last = seen.size() >= text.size() && seen.compare(seen.size() - text.size(), text.size(), text) == 0;
    if (seen.empty())
        seen = text;
    else if (!last && seen.size() < 300) // a stall that moved through many activities: its first ones
        seen += separator + text;
}
} // namespace

StallMonitor::StallMonitor(Options options, QObject *parent)
    : QObject(parent), m_options(options), m_activity(&GuiActivity::currentOnThisThread())
{
    m_watchdog = std::thread([this] { watch(); });
}

StallMonitor::~StallMonitor()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_watchdog.join(); // a heartbeat still queued is dropped with this object
}

std::unique_ptr<StallMonitor> StallMonitor::createIfEnabled(Options options)
{
    if (!lcGuiStall().isInfoEnabled())
        return nullptr;
    return std::make_unique<StallMonitor>(options);
}

void StallMonitor::answer(quint64 beat)
{
    m_answeredAt.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    m_answered.store(beat, std::memory_order_release);
}

void StallMonitor::watch()
{
    std::unique_lock lock(m_mutex);
    for (quint64 beat = 1; !m_stopping; ++beat) {
        const Clock::time_point postedAt = Clock::now();
        QMetaObject::invokeMethod(
            this, [this, beat] { answer(beat); }, Qt::QueuedConnection);
        std::string seen;
        if (!waitForAnswer(beat, lock, seen))
            return; // stopping
        const auto answeredAt = Clock::time_point(Clock::duration(m_answeredAt.load(std::memory_order_relaxed)));
        const auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(answeredAt - postedAt);
        if (lasted >= m_options.threshold)
            qCInfo(lcGuiStall, "GUI thread stalled for %lld ms in: %s", static_cast<long long>(lasted.count()),
                   seen.empty() ? unmarked : seen.c_str());
        m_wake.wait_for(lock, m_options.period, [this] { return m_stopping; });
    }
}

// Ticks every period until the heartbeat is answered, noting the activities running meanwhile. False when stopping.
bool StallMonitor::waitForAnswer(quint64 beat, std::unique_lock<std::mutex> &lock, std::string &seen)
{
    while (!m_stopping) {
        if (m_answered.load(std::memory_order_acquire) >= beat)
            return true;
        m_wake.wait_for(lock, m_options.period, [this] { return m_stopping; });
        if (m_answered.load(std::memory_order_acquire) < beat)
            noteActivity(seen, m_activity->load(std::memory_order_relaxed));
    }
    return false;
}

} // namespace scaledeck
