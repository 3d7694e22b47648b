// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <QWidget>

#include <vector>

class QDateTime;
class QGroupBox;
class QListWidget;
class QTableWidget;
class QTimeZone;

namespace scaledeck {

class ScheduleEvaluator;

// The schedule editor's view of what is coming: the target's overrides active now and the next ten
// transitions (local time, UTC, from → to, the rule that decides).
class ScheduleOutlookPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kTransitionsShown = 10;

    explicit ScheduleOutlookPanel(QWidget *parent = nullptr);

    // `overrides` are the target's own; times are shown in `zone`.
    void showOutlook(const ScheduleEvaluator &evaluator, const std::vector<ScheduleOverride> &overrides,
                     const QDateTime &nowUtc, const QTimeZone &zone);
    // Greyed while the text does not parse: the transitions are then those of the last good schedule.
    void setTransitionsCurrent(bool current);

private:
    void showOverrides(const std::vector<ScheduleOverride> &overrides, const QDateTime &nowUtc, const QTimeZone &zone);

    QListWidget *m_overridesList;
    QGroupBox *m_transitionsGroup;
    QTableWidget *m_transitionsTable;
};

} // namespace scaledeck
