// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costloader.h"

#include "activeleasemodel.h"
#include "clusterjob.h"
#include "controllercost.h"
#include "deploymentcostmodel.h"
#include "historystore.h"
#include "pricestore.h"
#include "prometheusclient.h"
#include "schedulestore.h"
#include "servingquery.h"
#include "usagereadthread.h"

#include <QNetworkAccessManager>

#include <algorithm>

namespace scaledeck {

CostLoader::CostLoader()
{
    qRegisterMetaType<CostOverviewRequest>();
    qRegisterMetaType<CostOverview>();
    qRegisterMetaType<CostOverviewPtr>();
    qRegisterMetaType<CostLoadPtr>();
    qRegisterMetaType<PriceList>();
    qRegisterMetaType<ServingFigures>();
}

CostLoader::~CostLoader() = default;

bool CostLoader::ensureStores(const QString &storePath, QString *error)
{
    if (m_history && m_storePath == storePath)
        return true;
    closeStores();
    auto history = std::make_unique<HistoryStore>(storePath);
    auto prices = std::make_unique<PriceStore>(storePath);
    auto schedules = std::make_unique<ScheduleStore>(storePath);
    if (auto opened = history->open(); !opened) {
        appendCostError(error, QStringLiteral("history"), opened.error());
        return false;
    }
    if (auto opened = prices->open(); !opened) {
        appendCostError(error, QStringLiteral("prices"), opened.error());
        return false;
    }
    if (auto opened = schedules->open(); !opened) {
        appendCostError(error, QStringLiteral("schedules"), opened.error());
        return false;
    }
    m_storePath = storePath;
    m_usageReads = std::make_unique<UsageReadThread>(storePath);
    m_history = std::move(history);
    m_prices = std::move(prices);
    m_schedules = std::move(schedules);
    return true;
}

void CostLoader::setController(const ControllerConnection &controller)
{
    m_controller.reset(); // aborts its calls: their answers are for the previous cluster
    if (controller.url.isEmpty())
        return;
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    m_controller =
        std::make_unique<ControllerClient>(m_network.get(), controller.url, controller.token, controller.tokenSource);
}

void CostLoader::load(const QString &storePath, const CostOverviewRequest &request)
{
    if (m_controller) { // the controller's store holds the history: its API answers, this machine's store is unused
        fetchCostOverview(*m_controller, request, this, [this](const CostOverview &overview) { answer(overview); });
        return;
    }
    QString error;
    if (!ensureStores(storePath, &error)) {
        CostOverview data;
        data.serial = request.serial;
        data.clusterKey = request.clusterKey;
        data.window = request.window;
        data.nowUtc = request.nowUtc;
        data.error = error;
        emitLoaded(std::move(data));
        return;
    }
    // The usage is read on a second connection while this one reads the leases.
    auto readUsage = [this](const QString &clusterKey, const UsageQuery &query, const std::vector<TimeRange> &periods) {
        return m_usageReads->read(clusterKey, query, periods);
    };
    answer(loadCostOverview(request, *m_history, *m_prices, *m_schedules, readUsage));
}

// The costs show now; the traffic figures follow when Prometheus answers. The active leases go to the view oldest
// first, sorted here rather than on the GUI thread.
void CostLoader::answer(CostOverview overview)
{
    std::stable_sort(overview.activeLeases.begin(), overview.activeLeases.end(),
                     [](const GpuLease &a, const GpuLease &b) { return a.startUtc < b.startUtc; });
    readServing(*emitLoaded(std::move(overview)));
}

// The chart's points, the tables' row keys and the name orders are made here too: they are not the GUI thread's work.
CostOverviewPtr CostLoader::emitLoaded(CostOverview overview)
{
    auto load = std::make_shared<CostLoad>();
    load->chart = prepareUsageChart(overview.series, overview.windowFromUtc, overview.nowUtc, overview.bucketMs);
    load->deploymentRowsKey = DeploymentCostModel::rowsKey(overview);
    load->deploymentNameOrders = DeploymentCostModel::nameOrders(overview);
    load->leaseRowsKey = ActiveLeaseModel::rowsKey(overview);
    load->overview = std::make_shared<const CostOverview>(std::move(overview));
    const CostOverviewPtr shared = load->overview;
    Q_EMIT loaded(std::move(load));
    return shared;
}

void CostLoader::setPrometheus(const QUrl &url)
{
    if (m_servingJob)
        m_servingJob->abort();
    m_prometheus.reset();
    if (url.isEmpty())
        return;
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    m_prometheus = std::make_unique<PrometheusClient>(m_network.get(), url);
}

// One range query a load: a newer load's query replaces one still in flight (a slow Prometheus does not pile them
// up), and its answer carries the load's serial.
void CostLoader::readServing(const CostOverview &overview)
{
    ServingFigures figures;
    figures.serial = overview.serial;
    figures.clusterKey = overview.clusterKey;
    figures.window = overview.window;
    if (!m_prometheus) {
        figures.state = ServingFigures::State::NoPrometheus;
        Q_EMIT servingLoaded(figures);
        return;
    }
    if (m_servingJob)
        m_servingJob->abort();
    const QDateTime from = overview.inWindow.fromUtc;
    const QDateTime to = overview.inWindow.toUtc;
    figures.source = m_prometheus->describe();
    figures.stepS = servingQuery(from, to).stepS;
    m_servingJob = readServingCost(m_prometheus.get(), this, overview.windowHeld, from, to,
                                   [this, figures](Result<ServingCost> answer) mutable {
                                       if (answer) {
                                           figures.state = ServingFigures::State::Read;
                                           figures.serving = std::move(answer).value();
                                       } else {
                                           figures.state = ServingFigures::State::Failed;
                                           figures.error = answer.error().message;
                                       }
                                       Q_EMIT servingLoaded(figures);
                                   });
}

// Through a controller: its PUT answers, and the controller refuses a viewer (403, in its words).
void CostLoader::saveThroughController(const QString &path, const QByteArray &body, const QString &what)
{
    m_controller->call("PUT", path, {}, body, this,
                       [this, what](const Result<ControllerReply, ControllerError> &answer) {
                           QString error;
                           if (!answer)
                               appendCostError(&error, what, asRayError(answer.error()));
                           Q_EMIT pricesSaved(error);
                       });
}

void CostLoader::savePrices(const QString &storePath, const QString &clusterKey, const PriceList &prices,
                            WriteGuard guard)
{
    if (m_controller)
        return saveThroughController(QStringLiteral("prices"), pricesBody(prices), QStringLiteral("prices"));
    QString error;
    PriceStore store(storePath, guard); // the loader's own stores only read
    if (auto saved = store.setPrices(clusterKey, prices); !saved)
        appendCostError(&error, QStringLiteral("prices"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                              std::optional<int> replicas, WriteGuard guard)
{
    if (m_controller)
        return saveThroughController(QStringLiteral("always-on/") + target, alwaysOnBody(replicas),
                                     QStringLiteral("always-on count"));
    QString error;
    PriceStore store(storePath, guard);
    if (auto saved = store.setAlwaysOnCount(clusterKey, target, replicas); !saved)
        appendCostError(&error, QStringLiteral("always-on count"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::tearDown()
{
    closeStores();
    m_controller.reset(); // ends its calls
    m_prometheus.reset(); // ends its request
    m_network.reset();
}

void CostLoader::closeStores()
{
    m_usageReads.reset(); // joins its thread, which closes its connection
    m_schedules.reset();
    m_prices.reset();
    m_history.reset();
    m_storePath.clear();
}

} // namespace scaledeck
