// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>

namespace scaledeck {

// The time as schedules and the controller see it. Passed in, so tests (and `scaledeckctl run
// --clock-start`) can run the controller at any date, DST transitions included.
class Clock {
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
};

class SystemClock final : public Clock {
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
};

// Real-speed time that started at a chosen instant: the wall clock shifted by a fixed offset.
class ShiftedClock final : public Clock {
public:
    explicit ShiftedClock(const QDateTime &startUtc)
        : m_offsetMs(startUtc.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch())
    {
    }
    QDateTime nowUtc() const override
    {
        return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch() + m_offsetMs, Qt::UTC);
    }

private:
    qint64 m_offsetMs;
};

// Time that moves only when told to: for unit tests.
class ManualClock final : public Clock {
public:
    explicit ManualClock(QDateTime nowUtc) : m_now(std::move(nowUtc)) {}
    QDateTime nowUtc() const override { return m_now; }
    void set(const QDateTime &nowUtc) { m_now = nowUtc; }
    void advanceSecs(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

// Another clock's time, moving at least as fast as real time since restart(). For code that measures how long
// it waits on a clock it is handed (the controller's applier, watching the cluster after a lost answer):
// a clock that moves by itself (SystemClock, ShiftedClock, a ManualClock a fake cluster moves) is followed
// as it is, while one that stands still (a test's ManualClock, moved only between ticks) cannot make the
// wait last for ever.
class AtLeastRealTimeClock final : public Clock {
public:
    explicit AtLeastRealTimeClock(const Clock *base) : m_base(base) { restart(); }
    void restart()
    {
        m_startUtc = m_base->nowUtc();
        m_sinceStart.start();
    }
    QDateTime nowUtc() const override
    {
        return std::max(m_base->nowUtc(), m_startUtc.addMSecs(m_sinceStart.elapsed()));
    }

private:
    const Clock *m_base;
    QDateTime m_startUtc;
    QElapsedTimer m_sinceStart;
};

} // namespace scaledeck
