// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "operatoridentity.h"
#include "schedule.h"
#include "scheduleevaluator.h"

#include <QDialog>
#include <QTimer>

#include <memory>

namespace Ui {
class OverrideDialog;
}

namespace scaledeck {

class RecentTrafficLabel;

// A manual change to a scheduled target becomes an override: this dialog asks until when. "llm/LLM is on a
// schedule (now 2, next: 0 at 17:00). Keep 3 replicas until: the next transition / end of today / a date and
// time". Times are in the schedule's zone. The new override replaces any active one for the target, so
// "now" and "next" are the schedule's own (the evaluator's overrides are only named, as being replaced).
// OK is enabled only while the chosen expiry is in the future. The dialog does no I/O.
class OverrideDialog : public QDialog {
    Q_OBJECT
public:
    enum class Expiry { NextTransition, EndOfToday, DateTime };

    OverrideDialog(ScheduleTarget target, int replicas, const ScheduleEvaluator &evaluator, const Clock *clock,
                   QWidget *parent = nullptr);
    ~OverrideDialog() override;

    Expiry expiry() const;
    void setExpiry(Expiry expiry);
    // The "a date and time" choice, as wall-clock time in the schedule's zone (also selects that choice).
    void setCustomUntil(const QDate &date, const QTime &time);

    QDateTime untilUtc() const; // invalid when the choice has no time (no transition in 60 days)
    QString note() const;
    bool canAccept() const; // the expiry is after the clock's now

    // What to store: this target at `replicas` until untilUtc(), created now by `createdBy`, with the note.
    ScheduleOverride toOverride(const QString &createdBy = operatorIdentity(QStringLiteral("ScaleDeck"))) const;

    void accept() override; // refuses an expiry that has passed meanwhile

    // What the target served lately, when the override parks it or scales it down (filled in by the window).
    RecentTrafficLabel *recentTraffic() const { return m_recentTraffic; }

private:
    void updateExpiry();
    QDateTime endOfTodayUtc() const;

    std::unique_ptr<Ui::OverrideDialog> m_ui;
    ScheduleTarget m_target;
    int m_replicas;
    ScheduleEvaluator m_schedule; // the schedule alone, without overrides
    const Clock *m_clock;
    QTimeZone m_zone;
    QDateTime m_nextTransitionUtc;
    QTimer m_tick;
    RecentTrafficLabel *m_recentTraffic;
};

} // namespace scaledeck
