// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <QGroupBox>

class QCalendarWidget;
class QListWidget;

namespace scaledeck {

// The schedule editor's "Holidays and one-off windows": a calendar with every dated rule's dates marked
// (holidays over windows, as the evaluator decides) and a list of those rules by date, each with its
// replica count. Picking a rule shows its date on the calendar; activating it asks for its line in the
// text form.
class DatedRulesPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit DatedRulesPanel(QWidget *parent = nullptr);

    // Rules that ended before `today` (in the schedule's zone) read as past.
    void showRules(const Schedule &schedule, const QDate &today);
    void selectDate(const QDate &date);

Q_SIGNALS:
    void lineActivated(int line); // 1-based, in the text form

private:
    QCalendarWidget *m_calendar;
    QListWidget *m_list;
};

} // namespace scaledeck
