// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllerclient.h"
#include "controllerconnection.h"
#include "costoverview.h"
#include "deploymentcostmodel.h"
#include "pricelist.h"
#include "servingfigures.h"
#include "usagechartdata.h"
#include "writeguard.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
#include <optional>

namespace scaledeck {

// A load's answer as the cost view holds it: shared with its table models, freed off the GUI thread.
using CostOverviewPtr = std::shared_ptr<const CostOverview>;

// What one load hands the GUI thread, everything in it made on the loader's thread: the figures, the chart's points,
// and the identity of each table's rows (DeploymentCostModel::rowsKey, ActiveLeaseModel::rowsKey), so that the
// GUI thread tells a refresh of the same rows from new rows without comparing 10,000 of them.
struct CostLoad {
    CostOverviewPtr overview;
    UsageChartData chart;
    quint64 deploymentRowsKey = 0;
    std::shared_ptr<const DeploymentCostModel::NameOrders> deploymentNameOrders;
    quint64 leaseRowsKey = 0;
};
using CostLoadPtr = std::shared_ptr<const CostLoad>;

class ClusterJob;
class HistoryStore;
class PriceStore;
class PrometheusClient;
class ScheduleStore;
class UsageReadThread;

// Lives on the cost view's worker thread; opens its own store connections there on first use, and makes its own
// network access and Prometheus client there: the range query, its parsing and servingCost all run on this thread.
class CostLoader : public QObject {
    Q_OBJECT
public:
    CostLoader();
    ~CostLoader() override;

public Q_SLOTS:
    // Answers with loaded: loadCostOverview on the stores of `storePath`; then with servingLoaded once Prometheus
    // answered for the same window (at once when none is set).
    void load(const QString &storePath, const scaledeck::CostOverviewRequest &request);
    // A controller's API instead of the store (an empty URL: the store again): loads and saves go to it.
    void setController(const scaledeck::ControllerConnection &controller);
    // Where the traffic figures are read from (empty: nowhere, they are unknown).
    void setPrometheus(const QUrl &url);
    // Writes go through a store with the session's guard (refused for a read-only profile); answers with
    // pricesSaved.
    void savePrices(const QString &storePath, const QString &clusterKey, const scaledeck::PriceList &prices,
                    scaledeck::WriteGuard guard);
    // nullopt: no count, the deployment is compared with its peak again.
    void saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                      std::optional<int> replicas, scaledeck::WriteGuard guard);
    void tearDown(); // in the worker thread: closes the store connections, ends the Prometheus request

Q_SIGNALS:
    // Shared, never changed after: the GUI thread takes it without copying 10,000 deployments' figures, with the
    // chart's points made from its series here.
    void loaded(const scaledeck::CostLoadPtr &load);
    void pricesSaved(const QString &error); // prices or an always-on count; empty on success
    void servingLoaded(const scaledeck::ServingFigures &figures);

private:
    bool ensureStores(const QString &storePath, QString *error);
    void closeStores();
    void readServing(const CostOverview &overview);
    void answer(CostOverview overview);
    CostOverviewPtr emitLoaded(CostOverview overview); // returns what it handed over
    void saveThroughController(const QString &path, const QByteArray &body, const QString &what);

    QString m_storePath;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<PriceStore> m_prices;
    std::unique_ptr<ScheduleStore> m_schedules;
    std::unique_ptr<UsageReadThread> m_usageReads; // the same store, read beside m_history
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<PrometheusClient> m_prometheus;
    std::unique_ptr<ControllerClient> m_controller; // set: the Cost tab is the controller's
    QPointer<ClusterJob> m_servingJob;              // the range query in flight: a newer load aborts it
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::CostOverviewRequest)
Q_DECLARE_METATYPE(scaledeck::CostOverview)
Q_DECLARE_METATYPE(scaledeck::CostOverviewPtr)
Q_DECLARE_METATYPE(scaledeck::CostLoadPtr)
Q_DECLARE_METATYPE(scaledeck::PriceList)
