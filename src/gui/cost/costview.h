// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllerconnection.h"
#include "csvtext.h" // toCsv, which the cost tables export with

#include "costloader.h"
#include "workerthread.h"

#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QFrame;
class QGroupBox;
class QLabel;
class QLayout;
class QPushButton;
class QSplitter;
class QTableView;

namespace scaledeck {

class ActiveLeaseModel;
class Clock;
class DeploymentCostModel;
class GpuUsageChart;

// The chart's series as CSV: "time_utc" and one column a series (GPUs, each bucket's average), a row a bucket
// start; a series without a point at a time (no history there) has an empty field.
QString usageToCsv(const std::vector<UsageSeries> &series);

// "$1,234.50", "€3.00", "CHF 3.00": an amount in a price list's currency (with more decimals: "$0.0042").
QString formatMoney(double amount, const QString &currency, int decimals = 2);

// What the cluster's GPUs cost: GPUs held over time against capacity, cost today/this week/this month, the
// per-deployment table with savings against always-on and, from Prometheus, requests, cost per 1,000 requests and
// GPU-hours idle while held; next week's projection from the schedules beside last week's actual, the active
// leases, and the price editor. Everything is read on a worker thread of its own (CostLoader, with its own store
// connections and Prometheus client); the GUI thread only applies finished CostOverview and ServingFigures, the
// costs first, the traffic figures when Prometheus has answered.
class CostView : public QWidget {
    Q_OBJECT
public:
    CostView(QString storePath, const Clock *clock, QWidget *parent = nullptr);
    ~CostView() override;

    // And refreshes. A read-only `guard` disables the price and always-on editors (saying why), and the stores
    // refuse their saves.
    void setCluster(const QString &clusterKey, WriteGuard guard = WriteGuard());
    QString clusterKey() const { return m_clusterKey; }
    void setWindow(CostWindow window); // and refreshes
    CostWindow window() const { return m_window; }
    // Where the splitters between the chart and the tables, and between the two tables, stand; for the window's
    // layout memory. Restoring what was not saved by saveSplitters() leaves them as they are.
    QByteArray saveSplitters() const;
    void restoreSplitters(const QByteArray &state);
    // The cluster as last polled: the next loads project schedules with what its deployments ask for.
    void setSnapshot(SnapshotPtr snapshot);
    // Where the traffic figures come from (empty: none, they show as unknown); the same address the traffic poller
    // reads. And refreshes.
    void setPrometheus(const QUrl &url);
    // The team's controller holds the history, prices and always-on counts (an empty URL: this machine's store).
    // Set before setCluster(), which loads.
    void setController(const ControllerConnection &controller);

    // Test hooks: what is shown.
    bool hasData() const { return m_data->serial != 0; }
    const CostOverview &data() const { return *m_data; }
    const GpuUsageChart *chart() const { return m_chart; }
    QString tileText(int period) const;       // 0 today, 1 this week, 2 this month: the amount shown
    QString tileDetailText(int period) const; // the line under the amount
    QString savingsText() const;
    QString projectionText() const;
    QString statusText() const;
    QString servingText() const; // the idle-while-held line under the savings
    const ServingFigures &servingFigures() const { return m_serving; }
    const QAbstractItemModel *deploymentModel() const;
    const QAbstractItemModel *leaseModel() const;
    // Saves prices through the worker (as the editor's Save button does); pricesSaved follows.
    void savePrices(const PriceList &prices);
    // Saves (or with nullopt removes) the always-on count of "app/deployment", as the table's menu does.
    void saveAlwaysOn(const QString &target, std::optional<int> replicas);
    QString pricesText() const;
    // "Prices: $2.50 per GPU-hour (L4 $4.00), CPUs not priced"
    static QString pricesSummary(const PriceList &prices);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void dataApplied();                     // after a load was shown
    void servingApplied();                  // after its traffic figures (or why there are none) were shown
    void pricesSaved(const QString &error); // empty on success

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    // The constructor's steps: each part of the view, then the loader.
    QLayout *buildTopRow();
    void buildWindowBox();
    QLayout *buildTiles();
    QFrame *buildTile(int period, const QString &title);
    void buildSummaries();
    QWidget *buildTables();
    QSplitter *chartAboveTables(QWidget *tables);
    void scrollWhenShort(QWidget *content);
    static int heightForRows(const QTableView *table, int rows);
    QGroupBox *tableBox(const QString &title, QTableView *table, const QString &fileName);
    QLayout *buildPricesRow();
    void connectLoader();

    void apply(const CostLoadPtr &load);
    void showFigures();
    void showSavings();
    void showProjection();
    void showStatus();
    void applyServing(const ServingFigures &figures);
    void showServing();
    ServingFigures shownServing() const;
    void fillDeployments();
    void editPrices();
    void deploymentMenu(const QPoint &position);
    // What the always-on input of one deployment row needs, copied when its menu opens.
    struct AlwaysOnQuestion {
        QString clusterKey;
        WriteGuard guard;
        QString target;
        int peakReplicas = 0;
        int alwaysOnReplicas = 0;
    };
    void askAlwaysOnCount(const AlwaysOnQuestion &question);
    void saveAlwaysOn(const QString &key, const WriteGuard &guard, const QString &target, std::optional<int> replicas);
    static QString readOnlyToolTip();
    QStringList seenAcceleratorTypes() const;
    template <typename Model> void exportTable(const Model &model, const QString &suggestedName);
    void saveCsv(const QString &csv, const QString &suggestedName);
    void showWarning(const QString &title, const QString &text); // without a nested event loop
    void updateTimer();

    QString m_storePath;
    const Clock *m_clock;
    QString m_clusterKey;
    WriteGuard m_guard;
    CostWindow m_window = CostWindow::Day;
    SnapshotPtr m_snapshot;
    QUrl m_prometheus;
    CostOverviewPtr m_data;          // never null; shared with the table models, replaced whole by each load
    quint64 m_deploymentRowsKey = 0; // m_data's (CostLoad)
    std::shared_ptr<const DeploymentCostModel::NameOrders> m_deploymentNameOrders; // m_data's (CostLoad)
    ServingFigures m_serving; // for m_data's cluster and window, or Waiting
    quint64 m_serial = 0;
    bool m_inFlight = false;
    bool m_reloadPending = false;

    WorkerThread m_loaderThread; // a CostLoader
    QTimer m_timer;

    QComboBox *m_windowBox = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_tileValues[3] = {};
    QLabel *m_tileDetails[3] = {};
    GpuUsageChart *m_chart = nullptr;
    QLabel *m_savings = nullptr;
    QLabel *m_servingLine = nullptr;
    QLabel *m_projection = nullptr;
    QTableView *m_deployments = nullptr;
    QTableView *m_leases = nullptr;
    DeploymentCostModel *m_deploymentRows = nullptr; // owned by m_deployments
    ActiveLeaseModel *m_leaseRows = nullptr;         // owned by m_leases
    QSplitter *m_splitter = nullptr;                 // the chart above, the tables below
    QSplitter *m_tablesSplitter = nullptr;           // the deployments beside the leases
    QLabel *m_pricesSummary = nullptr;
    QPushButton *m_editPrices = nullptr;
};

} // namespace scaledeck
