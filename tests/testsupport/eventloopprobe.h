// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Measures how late the calling thread's event loop serves a high-frequency timer. A loop that is blocked for
// X ms (a synchronous network call, a long parse, a nested wait on a reply) delivers the next tick about X ms
// late, so the largest lateness is the longest time the thread could not answer the user. Each tick's
// lateness (actual minus expected interval) is kept, so any stretch of the run can be summarised alone.
#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace scaledeck::testing {

class EventLoopProbe {
public:
    struct Stats {
        qsizetype ticks = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
    };

    explicit EventLoopProbe(int intervalMs = 5) : m_intervalMs(intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { onTick(); });
    }

    void start()
    {
        m_clock.start();
        m_lastNs = -1;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    // For work the test itself does on the thread (a screenshot): the time until resume() is not counted.
    void pause() { m_timer.stop(); }
    void resume() { start(); }

    // The number of ticks so far: a mark to summarise from.
    qsizetype mark() const { return qsizetype(m_lateUs.size()); }

    Stats stats(qsizetype from = 0, qsizetype to = -1) const
    {
        const qsizetype end = to < 0 ? mark() : to;
        std::vector<qint64> late(m_lateUs.begin() + from, m_lateUs.begin() + end);
        Stats out;
        out.ticks = qsizetype(late.size());
        if (late.empty())
            return out;
        std::sort(late.begin(), late.end());
        const auto at = [&late](double quantile) { return late[size_t(quantile * double(late.size() - 1))] / 1000.0; };
        out.p50Ms = at(0.50);
        out.p99Ms = at(0.99);
        out.maxMs = late.back() / 1000.0;
        return out;
    }

    // "<1 ms: 5321, 1-5 ms: 40, ...": how the lateness of the ticks in [from, to) is spread.
    QString histogram(qsizetype from = 0, qsizetype to = -1) const
    {
        static const QList<int> edgesMs{1, 5, 20, 50, 100, 250, 1000};
        QList<int> counts(edgesMs.size() + 1, 0);
        const qsizetype end = to < 0 ? mark() : to;
        for (qsizetype i = from; i < end; ++i) {
            const auto bucket = std::upper_bound(edgesMs.begin(), edgesMs.end(), m_lateUs[size_t(i)] / 1000);
            ++counts[bucket - edgesMs.begin()];
        }
        QStringList parts;
        for (qsizetype i = 0; i < counts.size(); ++i) {
            const QString range = i == 0 ? QStringLiteral("<%1 ms").arg(edgesMs[0])
                                  : i == edgesMs.size()
                                      ? QStringLiteral(">=%1 ms").arg(edgesMs.last())
                                      : QStringLiteral("%1-%2 ms").arg(edgesMs[i - 1]).arg(edgesMs[i]);
            parts.append(QStringLiteral("%1: %2").arg(range).arg(counts[i]));
        }
        return parts.join(QStringLiteral(", "));
    }

private:
    void onTick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        if (m_lastNs >= 0)
            m_lateUs.push_back(std::max<qint64>(0, now - m_lastNs - qint64(m_intervalMs) * 1000000) / 1000);
        m_lastNs = now;
    }

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = -1;
    std::vector<qint64> m_lateUs;
};

} // namespace scaledeck::testing
