// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "stallmonitor.h"

#include <QMetaObject>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
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
// The calling thread's schedstat file, opened once: the watchdog reads the watched thread's through it.
int openThisThreadsSchedstat()
{
    return ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
}

// The thread's time ready to run but waiting for a CPU, in ns: schedstat's second field ("on-CPU wait slices").
// -1 when it cannot be read (no such file, a kernel without schedstats).
std::int64_t runQueueWaitNs(int schedstat)
{
    if (schedstat < 0)
        return -1;
    char text[96];
    const ssize_t read = ::pread(schedstat, text, sizeof text - 1, 0);
    if (read <= 0)
        return -1;
    text[read] = '\0';
    char *end = nullptr;
    std::strtoll(text, &end, 10); // the time on the CPU
    if (end == text)
        return -1;
    const char *wait = end;
    const long long waited = std::strtoll(wait, &end, 10);
    return end == wait ? -1 : waited;
}
} // namespace

StallMonitor::StallMonitor(Options options, QObject *parent)
    : QObject(parent), m_options(options), m_activity(&GuiActivity::currentOnThisThread()),
      m_schedstat(openThisThreadsSchedstat())
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
    if (m_schedstat >= 0)
        ::close(m_schedstat);
}

std::unique_ptr<StallMonitor> StallMonitor::createIfEnabled(Options options)
{
    if (!lcGuiStall().isInfoEnabled())
        return nullptr;
    return std::make_unique<StallMonitor>(options);
}

void StallMonitor::answer(quint64 beat)
{
    m_answeredWaitNs.store(runQueueWaitNs(m_schedstat), std::memory_order_relaxed);
    m_answeredAt.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    m_answered.store(beat, std::memory_order_release);
}

void StallMonitor::watch()
{
    std::unique_lock lock(m_mutex);
    for (quint64 beat = 1; !m_stopping; ++beat) {
        const Clock::time_point postedAt = Clock::now();
        const std::int64_t waitAtPostNs = runQueueWaitNs(m_schedstat);
        QMetaObject::invokeMethod(
            this, [this, beat] { answer(beat); }, Qt::QueuedConnection);
        std::string seen;
        if (!waitForAnswer(beat, lock, seen))
            return; // stopping
        const auto answeredAt = Clock::time_point(Clock::duration(m_answeredAt.load(std::memory_order_relaxed)));
        const auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(answeredAt - postedAt);
        const std::int64_t waitAtAnswerNs = m_answeredWaitNs.load(std::memory_order_relaxed);
        if (lasted >= m_options.threshold)
            report(lasted, waitAtPostNs >= 0 && waitAtAnswerNs >= waitAtPostNs ? waitAtAnswerNs - waitAtPostNs : -1,
                   seen);
        m_wake.wait_for(lock, m_options.period, [this] { return m_stopping; });
    }
}

void StallMonitor::report(std::chrono::milliseconds lasted, std::int64_t waitedNs, const std::string &seen) const
{
    const char *what = seen.empty() ? unmarked : seen.c_str();
    if (waitedNs < 0)
        qCInfo(lcGuiStall, "GUI thread stalled for %lld ms in: %s", static_cast<long long>(lasted.count()), what);
    else
        qCInfo(lcGuiStall, "GUI thread stalled for %lld ms (%lld ms of it waiting for a CPU) in: %s",
               static_cast<long long>(lasted.count()), static_cast<long long>(waitedNs / 1'000'000), what);
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
