// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "auditview.h"

#include "clock.h"
#include "texttablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace scaledeck {

namespace {
constexpr int kRefreshMs = 10000;

enum Column { TimeColumn, TargetColumn, ChangeColumn, ResultColumn, WhoColumn, DetailColumn };

// The same decision as shown: a pending entry finished since, a detail filled in.
bool sameShown(const AuditEntry &a, const AuditEntry &b)
{
    return a.id == b.id && a.atUtc == b.atUtc && a.target == b.target && a.before == b.before && a.after == b.after &&
           a.resultText() == b.resultText() && a.detail == b.detail && a.holder == b.holder;
}

// A schedule's set or removal holds the old and new text, several lines: a row has one line (the tooltip all).
QString oneLine(QString text)
{
    return text.trimmed().replace(QLatin1Char('\n'), QStringLiteral(" · "));
}

QString changeText(const AuditEntry &entry)
{
    if (entry.before.isEmpty() && entry.after.isEmpty())
        return QString();
    const QString none = QStringLiteral("–");
    return QStringLiteral("%1 → %2").arg(entry.before.isEmpty() ? none : oneLine(entry.before),
                                         entry.after.isEmpty() ? none : oneLine(entry.after));
}

QStringList rowToolTips(const AuditEntry &entry)
{
    QStringList tips(DetailColumn + 1);
    tips[TimeColumn] = entry.atUtc.toUTC().toString(Qt::ISODate);
    tips[ChangeColumn] = QStringLiteral("%1\n→\n%2").arg(entry.before, entry.after);
    tips[ResultColumn] = auditCauseName(entry.cause);
    tips[DetailColumn] = entry.detail;
    return tips;
}
} // namespace

QStringList auditRowTexts(const AuditEntry &entry)
{
    return {QLocale::c().toString(entry.atUtc.toLocalTime(), QStringLiteral("ddd yyyy-MM-dd HH:mm:ss")),
            entry.target,
            changeText(entry),
            entry.resultText(),
            entry.holder,
            oneLine(entry.detail)};
}

AuditView::AuditView(const Clock *clock, QWidget *parent) : QWidget(parent), m_clock(clock)
{
    buildTable();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildTopRow());
    layout->addWidget(m_table, 1);
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &AuditView::refresh);
}

AuditView::~AuditView() = default;

// Period, status and refresh.
QWidget *AuditView::buildTopRow()
{
    m_periodBox = new QComboBox;
    m_periodBox->setObjectName(QStringLiteral("auditPeriod"));
    m_periodBox->setAccessibleName(tr("Audit period"));
    m_periodBox->addItem(tr("Last 24 hours"), 1);
    m_periodBox->addItem(tr("Last 7 days"), 7);
    m_periodBox->addItem(tr("Last 30 days"), 30);
    m_periodBox->setCurrentIndex(1);
    connect(m_periodBox, &QComboBox::activated, this,
            [this](int index) { setPeriodDays(m_periodBox->itemData(index).toInt()); });
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *refreshButton = new QPushButton(tr("Refresh"));
    refreshButton->setObjectName(QStringLiteral("auditRefresh"));
    refreshButton->setAccessibleName(tr("Refresh the audit log"));
    connect(refreshButton, &QPushButton::clicked, this, &AuditView::refresh);

    auto *row = new QWidget;
    auto *top = new QHBoxLayout(row);
    top->setContentsMargins(0, 0, 0, 0);
    auto *periodLabel = new QLabel(tr("&Period:"));
    periodLabel->setBuddy(m_periodBox);
    top->addWidget(periodLabel);
    top->addWidget(m_periodBox);
    top->addWidget(m_status, 1);
    top->addWidget(refreshButton);
    return row;
}

// Rows of one fixed height, columns fitted to a bounded sample of rows (as the Cost tab's tables), the detail
// taking what is left.
void AuditView::buildTable()
{
    m_rows = new TextTableModel({tr("Time"), tr("Target"), tr("Before → after"), tr("Result"), tr("Who"), tr("Detail")},
                                QStringLiteral("LLLLLL"));
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setAccessibleName(tr("Audit log"));
    m_rows->setParent(m_table);
    m_table->setModel(m_rows);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setResizeContentsPrecision(200);
    for (int column : {TimeColumn, TargetColumn, ResultColumn, WhoColumn})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    // A schedule's set holds its whole text before and after: elided here, whole in the cell's tooltip.
    m_table->horizontalHeader()->setSectionResizeMode(ChangeColumn, QHeaderView::Interactive);
    m_table->setColumnWidth(ChangeColumn, 220);
    m_table->horizontalHeader()->setStretchLastSection(true);
}

void AuditView::setSource(Source source)
{
    m_source = std::move(source);
    restart();
}

void AuditView::restart()
{
    ++m_serial; // the answer in flight, if any, is for what was shown before
    m_inFlight = false;
    m_reloadPending = false;
    m_shown.clear();
    m_rows->setRows({});
    m_status->clear();
    refreshIfVisible();
}

void AuditView::setPeriodDays(int days)
{
    if (days == m_periodDays)
        return;
    m_periodDays = days;
    const int index = m_periodBox->findData(days);
    if (index >= 0)
        m_periodBox->setCurrentIndex(index);
    ++m_serial;
    m_inFlight = false;
    refresh();
}

void AuditView::refresh()
{
    if (!m_source)
        return;
    if (m_inFlight) {
        m_reloadPending = true;
        return;
    }
    m_inFlight = true;
    const quint64 serial = m_serial;
    const QDateTime since = m_clock->nowUtc().addDays(-m_periodDays);
    QPointer<AuditView> self(this);
    m_source(since, [self, serial, since](const Result<std::vector<AuditEntry>> &entries) {
        if (!self || serial != self->m_serial)
            return;
        self->m_sinceUtc = since;
        self->apply(entries);
    });
}

void AuditView::refreshIfVisible()
{
    if (isVisible())
        refresh();
}

void AuditView::apply(const Result<std::vector<AuditEntry>> &entries)
{
    m_inFlight = false;
    ++m_loads;
    if (entries) {
        showEntries(*entries);
        showStatus(QString());
    } else {
        showStatus(entries.error().describe()); // the rows last read stay
    }
    Q_EMIT loaded();
    if (m_reloadPending) {
        m_reloadPending = false;
        refresh();
    }
}

void AuditView::showEntries(const std::vector<AuditEntry> &entries)
{
    if (updateInPlace(entries)) {
        m_shown = entries;
        return;
    }
    std::vector<QStringList> rows;
    std::vector<QStringList> tips;
    rows.reserve(entries.size());
    tips.reserve(entries.size());
    for (const AuditEntry &entry : entries) {
        rows.push_back(auditRowTexts(entry));
        tips.push_back(rowToolTips(entry));
    }
    m_rows->setRows(std::move(rows), std::move(tips));
    m_shown = entries;
}

// Newest first, so what is new since the last read is a run of rows above the ones shown, and what left the
// period is a run below; a pending entry may have been finished meanwhile. Those are changed where they are;
// anything else (the shown rows not a run of the new ones) is left to a reset. True: nothing else to do.
bool AuditView::updateInPlace(const std::vector<AuditEntry> &entries)
{
    if (m_shown.empty())
        return entries.empty();
    const auto newestShown = std::find_if(entries.begin(), entries.end(),
                                          [&](const AuditEntry &entry) { return entry.id == m_shown.front().id; });
    if (newestShown == entries.end())
        return false;
    const size_t added = size_t(newestShown - entries.begin());
    const size_t kept = std::min(m_shown.size(), entries.size() - added);
    for (size_t i = 0; i < kept; ++i)
        if (entries[added + i].id != m_shown[i].id)
            return false;
    for (size_t i = 0; i < kept; ++i)
        if (!sameShown(entries[added + i], m_shown[i]))
            m_rows->replaceRow(int(i), auditRowTexts(entries[added + i]), rowToolTips(entries[added + i]));
    m_rows->removeRowsFrom(int(kept)); // older than the period now
    if (added > 0) {
        std::vector<QStringList> rows;
        std::vector<QStringList> tips;
        for (size_t i = 0; i < added; ++i) {
            rows.push_back(auditRowTexts(entries[i]));
            tips.push_back(rowToolTips(entries[i]));
        }
        m_rows->insertRowsAt(0, std::move(rows), std::move(tips));
    }
    if (entries.size() > added + kept) { // more below than were shown (the same period read further back)
        std::vector<QStringList> rows;
        std::vector<QStringList> tips;
        for (size_t i = added + kept; i < entries.size(); ++i) {
            rows.push_back(auditRowTexts(entries[i]));
            tips.push_back(rowToolTips(entries[i]));
        }
        m_rows->insertRowsAt(m_rows->rowCount(), std::move(rows), std::move(tips));
    }
    return true;
}

void AuditView::showStatus(const QString &error)
{
    if (!error.isEmpty()) {
        m_status->setText(tr("Cannot read the audit log: %1").arg(error));
        return;
    }
    const QString since = QLocale::c().toString(m_sinceUtc.toLocalTime(), QStringLiteral("ddd yyyy-MM-dd HH:mm"));
    m_status->setText(tr("%n entry(s) since %1", nullptr, int(m_shown.size())).arg(since));
}

QString AuditView::statusText() const
{
    return m_status->text();
}

void AuditView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start();
    refresh();
}

void AuditView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

} // namespace scaledeck
