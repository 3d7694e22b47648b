// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleoutlookpanel.h"

#include "scheduledisplay.h"
#include "scheduleevaluator.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QListWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace scaledeck {

ScheduleOutlookPanel::ScheduleOutlookPanel(QWidget *parent)
    : QWidget(parent), m_overridesList(new QListWidget), m_transitionsGroup(new QGroupBox(tr("Next 10 transitions"))),
      m_transitionsTable(new QTableWidget(0, 4))
{
    auto *overridesGroup = new QGroupBox(tr("Active overrides"));
    overridesGroup->setObjectName(QStringLiteral("overridesGroup"));
    m_overridesList->setObjectName(QStringLiteral("overridesList"));
    m_overridesList->setSelectionMode(QAbstractItemView::NoSelection);
    m_overridesList->setMaximumHeight(64);
    m_overridesList->setAccessibleName(overridesGroup->title());
    (new QVBoxLayout(overridesGroup))->addWidget(m_overridesList);

    m_transitionsGroup->setObjectName(QStringLiteral("transitionsGroup"));
    QTableWidget *table = m_transitionsTable;
    table->setObjectName(QStringLiteral("transitionsTable"));
    table->setAccessibleName(tr("Next transitions")); // the group's title changes with what it shows
    table->setHorizontalHeaderLabels({tr("Local time"), tr("UTC"), tr("Change"), tr("Reason")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    QHeaderView *header = table->horizontalHeader();
    header->setStretchLastSection(true);
    for (int column = 0; column < 3; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    // Room for all ten transitions without scrolling.
    QHeaderView *rows = table->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setMinimumHeight(header->sizeHint().height() + kTransitionsShown * rows->defaultSectionSize() +
                            2 * table->frameWidth() + 2);
    (new QVBoxLayout(m_transitionsGroup))->addWidget(table);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(overridesGroup);
    layout->addWidget(m_transitionsGroup);
}

void ScheduleOutlookPanel::setTransitionsCurrent(bool current)
{
    m_transitionsGroup->setEnabled(current);
}

void ScheduleOutlookPanel::showOutlook(const ScheduleEvaluator &evaluator,
                                       const std::vector<ScheduleOverride> &overrides, const QDateTime &nowUtc,
                                       const QTimeZone &zone)
{
    showOverrides(overrides, nowUtc, zone);

    const std::vector<ScheduleTransition> transitions = evaluator.nextTransitions(nowUtc, kTransitionsShown);
    QTableWidget *table = m_transitionsTable;
    table->setRowCount(int(transitions.size()));
    for (int row = 0; row < int(transitions.size()); ++row) {
        const ScheduleTransition &transition = transitions[std::size_t(row)];
        const QDateTime local = transition.atUtc.toTimeZone(zone);
        const QString cells[] = {
            local.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm ")) + local.timeZoneAbbreviation(),
            transition.atUtc.toUTC().toString(QStringLiteral("ddd HH:mm")),
            QStringLiteral("%1 \u2192 %2").arg(transition.from).arg(transition.to),
            transition.reason,
        };
        for (int column = 0; column < 4; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column == 2)
                item->setTextAlignment(Qt::AlignCenter);
            table->setItem(row, column, item);
        }
    }
    m_transitionsGroup->setTitle(transitions.empty() ? tr("Next transitions: none in the next 60 days")
                                                     : tr("Next %1 transitions").arg(transitions.size()));
}

void ScheduleOutlookPanel::showOverrides(const std::vector<ScheduleOverride> &overrides, const QDateTime &nowUtc,
                                         const QTimeZone &zone)
{
    m_overridesList->clear();
    for (const ScheduleOverride &override_ : overrides) {
        if (override_.activeAt(nowUtc))
            m_overridesList->addItem(overrideText(override_, zone, nowUtc));
    }
    if (m_overridesList->count() == 0) {
        auto *item = new QListWidgetItem(tr("None: the schedule decides."), m_overridesList);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace scaledeck
