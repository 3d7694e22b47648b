// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "trafficpoller.h"

#include "dashboardclient.h"
#include "logging.h"
#include "nodetrafficreader.h"
#include "prometheustraffic.h"

#include <QNetworkAccessManager>
#include <QTimer>

namespace scaledeck {

TrafficPoller::TrafficPoller(ClusterEndpoint endpoint, TrafficPollerOptions options, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_options(std::move(options))
{
    qRegisterMetaType<TrafficReading>();
    qRegisterMetaType<RequestRates>();
    qRegisterMetaType<RayError>();
}

TrafficPoller::~TrafficPoller()
{
    // The owner runs tearDown() in the worker thread first; by now nothing of the network is left.
    Q_ASSERT(!m_network && !m_timer);
}

void TrafficPoller::setUp()
{
    m_network = new QNetworkAccessManager;
    m_jobs = new QObject;
    if (m_options.prometheusUrl.isEmpty()) {
        m_client = new DashboardClient(m_network, m_endpoint);
        m_nodes = new NodeTrafficReader(m_client, m_network);
    } else {
        m_prometheus = std::make_unique<PrometheusClient>(m_network, m_options.prometheusUrl, m_endpoint.timeoutMs);
        m_historyTimer = new QTimer;
        m_historyTimer->setInterval(m_options.historyIntervalMs);
        connect(m_historyTimer, &QTimer::timeout, this, &TrafficPoller::readHistory);
        m_historyTimer->start();
        readHistory();
    }
    m_timer = new QTimer;
    m_timer->setInterval(m_options.intervalMs);
    connect(m_timer, &QTimer::timeout, this, &TrafficPoller::readTraffic);
    m_timer->start();
    readTraffic();
}

void TrafficPoller::tearDown()
{
    delete m_timer;
    m_timer = nullptr;
    delete m_historyTimer;
    m_historyTimer = nullptr;
    delete m_nodes; // stops its read; its handler never runs
    m_nodes = nullptr;
    delete m_jobs; // ends the Prometheus jobs in flight
    m_jobs = nullptr;
    m_prometheus.reset();
    delete m_client;
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
}

void TrafficPoller::readTraffic()
{
    if (m_inFlight)
        return; // a slow Prometheus, or the nodes' window still running: no pile of requests
    m_inFlight = true;
    if (m_prometheus)
        readPrometheus();
    else
        readNodes();
}

void TrafficPoller::readPrometheus()
{
    readPrometheusTraffic(m_prometheus.get(), m_jobs, m_options.prometheusWindowS, QDateTime::currentDateTimeUtc(),
                          [this](Result<TrafficReading> reading) { onReading(std::move(reading)); });
}

// Each reading reads the nodes twice, a window apart. The next one starts at the next tick after it ended, so
// the nodes give a reading about every window (plus up to an interval), never two reads at once.
void TrafficPoller::readNodes()
{
    m_nodes->read(m_options.nodesWindowS, [this](Result<TrafficReading> reading) { onReading(std::move(reading)); });
}

void TrafficPoller::onReading(Result<TrafficReading> reading)
{
    m_inFlight = false;
    if (reading) {
        if (!m_prometheus)
            m_lastNodesReading = reading.value();
        Q_EMIT trafficReady(reading.value());
        return;
    }
    qCInfo(lcTraffic).noquote() << "traffic reading failed:" << reading.error().describe();
    Q_EMIT trafficFailed(reading.error());
}

void TrafficPoller::readRecentTraffic(quint64 question, int windowS)
{
    if (!m_network)
        return Q_EMIT recentTrafficFailed(question,
                                          makeError(RayErrorKind::Unreachable, QStringLiteral("traffic is not read")));
    if (!m_prometheus) {
        if (m_lastNodesReading)
            return Q_EMIT recentTrafficRead(question, *m_lastNodesReading);
        return Q_EMIT recentTrafficFailed(
            question,
            makeError(
                RayErrorKind::Unreachable,
                QStringLiteral("no reading of the nodes' metrics yet (each takes %1 s)").arg(m_options.nodesWindowS)));
    }
    readPrometheusTraffic(m_prometheus.get(), m_jobs, windowS, QDateTime::currentDateTimeUtc(),
                          [this, question](Result<TrafficReading> reading) {
                              if (reading)
                                  return Q_EMIT recentTrafficRead(question, reading.value());
                              qCInfo(lcTraffic).noquote() << "recent traffic failed:" << reading.error().describe();
                              Q_EMIT recentTrafficFailed(question, reading.error());
                          });
}

void TrafficPoller::readHistory()
{
    if (m_historyInFlight || !m_prometheus)
        return;
    m_historyInFlight = true;
    const QDateTime end = QDateTime::currentDateTimeUtc();
    readRequestRates(m_prometheus.get(), m_jobs, end.addSecs(-m_options.historyRangeS), end, m_options.historyStepS,
                     [this](Result<RequestRates> rates) {
                         m_historyInFlight = false;
                         // A missing history is a missing sparkline, not a missing figure: logged, not shown.
                         if (!rates) {
                             qCInfo(lcTraffic).noquote() << "request history failed:" << rates.error().describe();
                             return;
                         }
                         Q_EMIT rateHistoryReady(rates.value());
                     });
}

} // namespace scaledeck
