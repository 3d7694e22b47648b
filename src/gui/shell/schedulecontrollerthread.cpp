// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulecontrollerthread.h"

#include "dashboardclient.h"
#include "operatoridentity.h"

#include "historystore.h"
#include "schedulestore.h"
#include "usagerecorder.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QNetworkAccessManager>

namespace scaledeck {

ScheduleControllerWorker::ScheduleControllerWorker(ClusterEndpoint endpoint, QString storePath, QUrl prometheusUrl,
                                                   int tickMs)
    : m_endpoint(std::move(endpoint)), m_storePath(std::move(storePath)), m_prometheusUrl(std::move(prometheusUrl)),
      m_tickMs(tickMs)
{
    qRegisterMetaType<TickReport>();
}

ScheduleControllerWorker::~ScheduleControllerWorker()
{
    Q_ASSERT(!m_controller && !m_client && !m_network);
}

void ScheduleControllerWorker::setUp()
{
    m_network = new QNetworkAccessManager;
    m_client = new DashboardClient(m_network, m_endpoint);
    m_parkedStore = std::make_unique<ParkedStore>(m_storePath, WriteGuard(m_endpoint.readOnly));
    m_scheduleStore = std::make_unique<ScheduleStore>(m_storePath, WriteGuard(m_endpoint.readOnly));
    if (auto opened = m_scheduleStore->open(); !opened) {
        TickReport report;
        report.atUtc = m_clock.nowUtc();
        report.error = opened.error();
        Q_EMIT tickFinished(report);
        return;
    }
    ControllerOptions options;
    options.tickMs = m_tickMs;
    options.holder = controllerIdentity(QStringLiteral("ScaleDeck"), QCoreApplication::applicationPid());
    m_controller = new ScheduleController(m_client, m_parkedStore.get(), m_scheduleStore.get(), &m_clock,
                                          m_endpoint.clusterKey(), options);
    // While this window holds the cluster's lock it also records GPU leases and usage for the cost view.
    m_historyStore = std::make_unique<HistoryStore>(m_storePath);
    m_recorder = std::make_unique<UsageRecorder>(m_historyStore.get(), m_endpoint.clusterKey());
    m_controller->setUsageRecorder(m_recorder.get());
    // park-when-idle rules ask Prometheus what their target received lately; without one they wait for their max.
    if (!m_prometheusUrl.isEmpty()) {
        m_prometheus = std::make_unique<PrometheusClient>(m_network, m_prometheusUrl);
        m_recentRequests = std::make_unique<PrometheusRecentRequests>(m_prometheus.get());
        m_controller->setRecentRequests(m_recentRequests.get());
    }
    connect(m_controller, &ScheduleController::tickFinished, this, &ScheduleControllerWorker::tickFinished);
    m_controller->start();
}

void ScheduleControllerWorker::tearDown()
{
    // Deleting the controller releases the lock it holds; an action in flight is dropped (its audit entry
    // stays "pending" and the next controller marks it interrupted).
    delete m_controller;
    m_controller = nullptr;
    m_recorder.reset();
    m_historyStore.reset();
    m_recentRequests.reset();
    m_prometheus.reset(); // before the network access manager its jobs use
    delete m_client;
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
    m_scheduleStore.reset();
    m_parkedStore.reset();
}

void ScheduleControllerWorker::tickNow()
{
    if (m_controller)
        m_controller->tickNow();
}

ScheduleControllerThread::ScheduleControllerThread(ClusterEndpoint endpoint, QString storePath, QUrl prometheusUrl,
                                                   int tickMs, QObject *parent)
    : QObject(parent), m_thread(QStringLiteral("ScheduleController"),
                                std::make_unique<ScheduleControllerWorker>(std::move(endpoint), std::move(storePath),
                                                                           std::move(prometheusUrl), tickMs),
                                &ScheduleControllerWorker::setUp, &ScheduleControllerWorker::tearDown)
{
    connect(m_thread.worker<ScheduleControllerWorker>(), &ScheduleControllerWorker::tickFinished, this,
            &ScheduleControllerThread::tickFinished);
    m_thread.start();
}

ScheduleControllerThread::~ScheduleControllerThread() = default;

void ScheduleControllerThread::tickNow()
{
    QMetaObject::invokeMethod(m_thread.worker<ScheduleControllerWorker>(), &ScheduleControllerWorker::tickNow,
                              Qt::QueuedConnection);
}

} // namespace scaledeck
