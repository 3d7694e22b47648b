// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "auditentry.h"
#include "result.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLabel;
class QTableView;

namespace scaledeck {

class Clock;
class TextTableModel;

// The Audit tab: every change the schedule controller or an operator made on the connected cluster (the audit
// log `scaledeckctl audit` prints), newest first, over a period the operator picks (the last 7 days at first).
// The entries are read where the schedules are (ScheduleCoordinator::loadAudit: the store's thread, or the
// controller's GET audit on the backend's thread); the GUI thread only compares what came with what is shown and
// changes the rows that differ, so a refresh that brings nothing new costs no model reset.
class AuditView : public QWidget {
    Q_OBJECT
public:
    using Answer = std::function<void(const Result<std::vector<AuditEntry>> &)>;
    using Source = std::function<void(const QDateTime &sinceUtc, Answer answer)>;

    explicit AuditView(const Clock *clock, QWidget *parent = nullptr);
    ~AuditView() override;

    // Where the entries come from; answers of a source set before are dropped.
    void setSource(Source source);
    // A new cluster: the rows of the previous one go, and the tab reads again if it is shown.
    void restart();
    void setPeriodDays(int days); // and refreshes
    int periodDays() const { return m_periodDays; }

    // Test hooks: what is shown.
    const TextTableModel *model() const { return m_rows; }
    QString statusText() const;
    qint64 loads() const { return m_loads; } // answers applied

public Q_SLOTS:
    // Reads again (one read at a time: one asked meanwhile follows the one in flight).
    void refresh();
    // Reads again only while the tab is shown (the schedules reloaded, the controller ticked).
    void refreshIfVisible();

Q_SIGNALS:
    void loaded(); // an answer was shown (entries or an error)

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildTopRow();
    void buildTable();
    void apply(const Result<std::vector<AuditEntry>> &entries);
    void showEntries(const std::vector<AuditEntry> &entries);
    bool updateInPlace(const std::vector<AuditEntry> &entries);
    void showStatus(const QString &error);

    const Clock *m_clock;
    Source m_source;
    int m_periodDays = 7;
    quint64 m_serial = 0; // changes with the source, the cluster and the period: older answers are dropped
    bool m_inFlight = false;
    bool m_reloadPending = false;
    qint64 m_loads = 0;
    QDateTime m_sinceUtc; // of the rows shown
    std::vector<AuditEntry> m_shown;
    QTimer m_timer;

    QComboBox *m_periodBox = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_table = nullptr;
    TextTableModel *m_rows = nullptr; // owned by m_table
};

// One audit entry as the tab's row: time (local), target, before → after, result, who, detail (one line; the
// whole detail is the cell's tooltip).
QStringList auditRowTexts(const AuditEntry &entry);

} // namespace scaledeck
