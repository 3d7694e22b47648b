// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "datedrulespanel.h"

#include "scheduledisplay.h"
#include "scheduletext.h"

#include <QAbstractItemView>
#include <QCalendarWidget>
#include <QListWidget>
#include <QTextCharFormat>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace scaledeck {

namespace {

constexpr int kLongestMarkedRangeDays = 400; // a typo'd range of years does not mark thousands of dates
constexpr int kLineRole = Qt::UserRole + 1;
const QColor kHolidayBackground(0xf6, 0xc9, 0xc7);
const QColor kHolidayForeground(0x8e, 0x1b, 0x1b);
const QColor kOneOffBackground(0xc9, 0xdd, 0xf8);
const QColor kOneOffForeground(0x0d, 0x3c, 0x7a);

QString dateText(const QDate &date)
{
    return date.toString(QStringLiteral("ddd yyyy-MM-dd"));
}

QString timeText(const QTime &time)
{
    return time.toString(QStringLiteral("HH:mm"));
}

// One dated rule as listed: a holiday (date exception), a one-off window or a dated batch.
struct DatedEntry {
    QDate date;
    QDate last;
    QString when;  // first line of the item
    QString count; // second line
    int line;
    bool holiday;
};

std::vector<DatedEntry> datedEntries(const Schedule &schedule)
{
    std::vector<DatedEntry> entries;
    for (const DateException &exception : schedule.exceptions) {
        const QString count = exception.replicas
                                  ? replicaCount(*exception.replicas)
                                  : DatedRulesPanel::tr("the default (%1)").arg(replicaCount(schedule.defaultReplicas));
        const QString days =
            exception.first == exception.last
                ? dateText(exception.first)
                : QStringLiteral("%1 \u2013 %2").arg(dateText(exception.first), dateText(exception.last));
        entries.push_back({exception.first, exception.last, days, DatedRulesPanel::tr("%1 all day").arg(count),
                           exception.line, true});
    }
    for (const OneOffWindow &window : schedule.oneOffs) {
        const QString end = window.end <= window.start ? DatedRulesPanel::tr("%1 next day").arg(timeText(window.end))
                                                       : timeText(window.end);
        entries.push_back({window.date, window.date,
                           QStringLiteral("%1 %2\u2013%3").arg(dateText(window.date), timeText(window.start), end),
                           replicaCount(window.replicas), window.line, false});
    }
    for (const BatchWindow &batch : schedule.batches) {
        if (!batch.date)
            continue;
        entries.push_back(
            {*batch.date, *batch.date,
             DatedRulesPanel::tr("%1 %2 for %3")
                 .arg(dateText(*batch.date), timeText(batch.start), formatDuration(batch.durationMinutes)),
             replicaCount(batch.replicas), batch.line, false});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const DatedEntry &a, const DatedEntry &b) {
        return a.date != b.date ? a.date < b.date : a.line < b.line;
    });
    return entries;
}

QTextCharFormat markFormat(const QColor &background, const QColor &foreground)
{
    QTextCharFormat format;
    format.setBackground(background);
    format.setForeground(foreground);
    format.setFontWeight(QFont::Bold);
    return format;
}

// QCalendarWidget leaves its day grid and its month arrows (icons only) without accessible names; they are found by
// the object names Qt has given them since Qt 4, and a later Qt that renames them only loses these names.
void nameCalendarParts(QCalendarWidget *calendar)
{
    if (auto *days = calendar->findChild<QAbstractItemView *>())
        days->setAccessibleName(DatedRulesPanel::tr("Days of the month"));
    if (auto *previous = calendar->findChild<QToolButton *>(QStringLiteral("qt_calendar_prevmonth")))
        previous->setAccessibleName(DatedRulesPanel::tr("Previous month"));
    if (auto *next = calendar->findChild<QToolButton *>(QStringLiteral("qt_calendar_nextmonth")))
        next->setAccessibleName(DatedRulesPanel::tr("Next month"));
}

} // namespace

DatedRulesPanel::DatedRulesPanel(QWidget *parent)
    : QGroupBox(tr("Holidays and one-off windows"), parent), m_calendar(new QCalendarWidget(this)),
      m_list(new QListWidget(this))
{
    m_calendar->setObjectName(QStringLiteral("calendar"));
    m_calendar->setGridVisible(false);
    m_calendar->setVerticalHeaderFormat(QCalendarWidget::NoVerticalHeader);
    m_calendar->setFirstDayOfWeek(Qt::Monday);
    m_calendar->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_calendar->setAccessibleName(tr("Calendar of holidays and one-off windows"));
    nameCalendarParts(m_calendar);
    m_list->setObjectName(QStringLiteral("datedList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setSpacing(1);
    m_list->setAccessibleName(tr("Holidays and one-off windows"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_calendar);
    layout->addWidget(m_list);

    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && item->data(Qt::UserRole).toDate().isValid())
            m_calendar->setSelectedDate(item->data(Qt::UserRole).toDate());
    });
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT lineActivated(item->data(kLineRole).toInt()); });
}

void DatedRulesPanel::selectDate(const QDate &date)
{
    m_calendar->setSelectedDate(date);
}

void DatedRulesPanel::showRules(const Schedule &schedule, const QDate &today)
{
    const std::vector<DatedEntry> entries = datedEntries(schedule);

    m_calendar->setDateTextFormat(QDate(), QTextCharFormat()); // clears every marked date
    const QTextCharFormat oneOff = markFormat(kOneOffBackground, kOneOffForeground);
    const QTextCharFormat holiday = markFormat(kHolidayBackground, kHolidayForeground);
    // Windows first, then holidays over them: a holiday wins on its dates, as in the evaluator.
    for (bool holidays : {false, true}) {
        for (const DatedEntry &entry : entries) {
            if (entry.holiday != holidays)
                continue;
            const QDate last = std::min(entry.last, entry.date.addDays(kLongestMarkedRangeDays));
            for (QDate date = entry.date; date <= last; date = date.addDays(1))
                m_calendar->setDateTextFormat(date, holidays ? holiday : oneOff);
        }
    }

    m_list->clear();
    for (const DatedEntry &entry : entries) {
        const bool past = entry.last < today;
        auto *item = new QListWidgetItem(
            entry.when + QLatin1Char('\n') + (past ? tr("%1 (past)").arg(entry.count) : entry.count), m_list);
        item->setData(Qt::UserRole, entry.date);
        item->setData(kLineRole, entry.line);
        item->setBackground(entry.holiday ? kHolidayBackground : kOneOffBackground);
        item->setForeground(entry.holiday ? kHolidayForeground : kOneOffForeground);
        if (past)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        item->setToolTip(tr("Line %1 of the text form").arg(entry.line));
    }
    if (entries.empty()) {
        auto *item = new QListWidgetItem(tr("None. Add lines such as\n2026-12-24..2026-12-26 = 0\n"
                                            "2026-11-30 18:00-22:00 = 4\nto the text form."),
                                         m_list);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace scaledeck
