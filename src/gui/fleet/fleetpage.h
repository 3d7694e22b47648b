// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costwindow.h"
#include "fleetcost.h"
#include "fleetdeploymentcsv.h"
#include "fleetrow.h"
#include "fleetsearcher.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QThread;
class QTreeView;

namespace scaledeck {

class Clock;
class FleetCostChart;
class FleetMatchModel;
class FleetModel;
class FleetTotalsModel;
class WorkerThread;

// The Fleet page: every saved cluster in one table (FleetModel, sortable on its figures) with the fleet's totals
// pinned under it, and a filter box that finds a deployment, application, state or cluster across the whole fleet
// and lists the matches with their cluster. The search runs on a thread of the page's own (FleetSearcher) over
// each cluster's last snapshot. Double-click or Enter on a cluster or a match asks for that cluster's own tabs
// (openRequested with the profile's name); the page itself polls nothing: rows come through setRows/updateRow.
class FleetPage : public QWidget {
    Q_OBJECT
public:
    // `clock` words "stale since"; the system clock when null.
    explicit FleetPage(const Clock *clock = nullptr, QWidget *parent = nullptr);
    ~FleetPage() override;

    void setRows(std::vector<FleetRow> rows);
    // Empty: no cluster is open, the Back button hides. Else the button says "Back to NAME".
    void setOpenCluster(const QString &name);
    // Shown while the fleet is being made (tokens read from the keychain); empty: nothing.
    void setNotice(const QString &text);

    FleetModel *model() const { return m_model; }
    FleetTotalsModel *totalsModel() const { return m_totals; }
    QSortFilterProxyModel *sortModel() const { return m_sorted; }
    FleetMatchModel *matchModel() const { return m_matches; }
    QTreeView *table() const { return m_table; }
    QTreeView *totalsView() const { return m_totalsView; }
    QTreeView *matchesView() const { return m_matchesView; }
    QLineEdit *filterBox() const { return m_filter; }
    // The cost chart (GPU-hours and spend over one of the Cost tab's windows, stacked by cluster): hidden until its
    // button is checked; its window's costs are asked for (windowCostsWanted, every minute) only while it is shown,
    // and it is filled a quarter second after they change, once for a burst.
    FleetCostChart *costChart() const { return m_chart; }
    void setCostChartShown(bool shown);
    // The chart's window (the last 24 h at first), which the window remembers; setting it reads it when shown.
    CostWindow costChartWindow() const;
    void setCostChartWindow(CostWindow window);
    // Emits what the page wants read now (after a session is made): the chart's window while it is shown or while an
    // export waits for it, else nothing.
    void askWindowCosts();
    // The table as CSV, in its shown order, the totals as the last record (Export CSV… saves this).
    QString tableCsv() const;
    // Export deployment costs…: the cost over the chart's window (shown or not) of every deployment of every cluster
    // (fleetDeploymentCostCsv). The window's costs are those the shown chart holds, else read once for the export
    // (windowCostsWanted without repeat) and waited for; the text is made on a thread of its own (ten thousand
    // records are more than a GUI-thread slice), then deploymentCostCsvReady and the save dialog.
    void exportDeploymentCosts();

public Q_SLOTS:
    void updateRow(int index, const scaledeck::FleetRow &row);
    void updateCost(int index, const scaledeck::FleetCostPtr &cost);
    // A member's cost over a window; one of another window than the chart's (asked before a switch) is dropped.
    void updateWindowCost(int index, const scaledeck::FleetWindowCostPtr &cost);

Q_SIGNALS:
    void openRequested(const QString &profileName);
    void backRequested();
    void refreshRequested();
    void deploymentCostCsvReady(const QString &csv);
    // Read every member's cost over `window` now, and every minute when `repeat` (FleetSession::readWindowCosts);
    // windowCostsNotWanted: no more of them (the chart is hidden).
    void windowCostsWanted(scaledeck::CostWindow window, bool repeat);
    void windowCostsNotWanted();

private:
    QWidget *makeTopBar();
    void setUpTable();
    void setUpTotals();
    void setUpMatches();
    void syncTotalsColumns();
    void startSearch();
    void exportTable();
    void saveCsv(const QString &title, const QString &fileName, const QString &csv);
    void onFound(const FleetSearchResult &result);
    void showEmptyState();
    void fillCostChart();
    void chooseWindow(CostWindow window);
    bool allWindowCostsRead() const;
    void startDeploymentCsv();
    std::vector<FleetClusterCost> clusterCosts() const;
    void openSortedRow(const QModelIndex &index);

    FleetModel *m_model;
    FleetTotalsModel *m_totals;
    QSortFilterProxyModel *m_sorted;
    FleetMatchModel *m_matches;
    QTreeView *m_table;
    QTreeView *m_totalsView;
    QTreeView *m_matchesView;
    QWidget *m_matchesPanel;
    FleetCostChart *m_chart;
    QPushButton *m_chartButton;
    QPushButton *m_exportCosts = nullptr;
    std::vector<FleetWindowCostPtr> m_windowCosts; // by row: its cost over the chart's window, null until read
    bool m_exportWaiting = false;                  // Export deployment costs… waits for the window's costs
    QTimer m_chartDelay;
    QLabel *m_matchesLabel;
    QLabel *m_summary;
    QLabel *m_notice;
    QLabel *m_empty;
    QLineEdit *m_filter;
    QPushButton *m_back;
    QTimer m_searchDelay;                         // typing and row updates are gathered into one search
    std::unique_ptr<WorkerThread> m_searchThread; // made at the first search
    QThread *m_csvThread = nullptr;               // the deployment costs' CSV being made; waited for on the way out
    quint64 m_generation = 0;
    size_t m_shownDigest = 0;
};

} // namespace scaledeck
