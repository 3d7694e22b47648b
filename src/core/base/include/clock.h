// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>

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

} // namespace scaledeck
