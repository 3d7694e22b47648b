// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustersession.h"

#include "applyworker.h"
#include "clusterpoller.h"
#include "controllerapplyworker.h"
#include "controllerfeed.h"
#include "trafficpoller.h"

namespace scaledeck {

ClusterSession::ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs,
                               TrafficPollerOptions traffic, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)),
      m_pollThread(std::make_unique<WorkerThread>(
          QStringLiteral("ClusterPoller"), std::make_unique<ClusterPoller>(m_endpoint, storePath, pollIntervalMs),
          &ClusterPoller::setUp, &ClusterPoller::tearDown)),
      m_trafficThread(QStringLiteral("TrafficPoller"), std::make_unique<TrafficPoller>(m_endpoint, traffic),
                      &TrafficPoller::setUp, &TrafficPoller::tearDown),
      m_readsTraffic(traffic.intervalMs > 0),
      m_applyThread(std::make_unique<WorkerThread>(QStringLiteral("ChangeApplier"),
                                                   std::make_unique<ApplyWorker>(m_endpoint, storePath),
                                                   &ApplyWorker::setUp, &ApplyWorker::tearDown))
{
    // The poller emits from its thread; these connections queue the snapshots into the GUI thread.
    ClusterPoller *poller = m_pollThread->worker<ClusterPoller>();
    connect(poller, &ClusterPoller::snapshotReady, this, &ClusterSession::snapshotReady);
    connect(poller, &ClusterPoller::pollFailed, this, &ClusterSession::pollFailed);
    connectTraffic();
    // The apply thread runs from the start, so an apply can be queued as soon as the session exists.
    // setUp() runs in that thread before any queued apply is delivered.
    m_applyThread->start();
}

ClusterSession::ClusterSession(ClusterEndpoint endpoint, ControllerConnection controller, TrafficPollerOptions traffic,
                               QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_feed(std::make_unique<ControllerFeed>(controller)),
      m_trafficThread(QStringLiteral("TrafficPoller"), std::make_unique<TrafficPoller>(m_endpoint, traffic),
                      &TrafficPoller::setUp, &TrafficPoller::tearDown),
      m_readsTraffic(traffic.intervalMs > 0),
      m_applyThread(std::make_unique<WorkerThread>(QStringLiteral("ControllerRequests"),
                                                   std::make_unique<ControllerApplyWorker>(controller),
                                                   &ControllerApplyWorker::setUp, &ControllerApplyWorker::tearDown))
{
    connect(m_feed.get(), &ControllerFeed::snapshotReady, this, &ClusterSession::snapshotReady);
    connect(m_feed.get(), &ControllerFeed::pollFailed, this, &ClusterSession::pollFailed);
    connect(m_feed.get(), &ControllerFeed::snapshotConfirmed, this, &ClusterSession::snapshotConfirmed);
    connect(m_feed.get(), &ControllerFeed::statusRead, this, &ClusterSession::controllerStatusRead);
    connectTraffic();
    m_applyThread->start();
}

void ClusterSession::connectTraffic()
{
    TrafficPoller *trafficPoller = m_trafficThread.worker<TrafficPoller>();
    connect(trafficPoller, &TrafficPoller::trafficReady, this, &ClusterSession::trafficReady);
    connect(trafficPoller, &TrafficPoller::trafficFailed, this, &ClusterSession::trafficFailed);
    connect(trafficPoller, &TrafficPoller::rateHistoryReady, this, &ClusterSession::rateHistoryReady);
    connect(trafficPoller, &TrafficPoller::recentTrafficRead, this, &ClusterSession::recentTrafficRead);
    connect(trafficPoller, &TrafficPoller::recentTrafficFailed, this, &ClusterSession::recentTrafficFailed);
}

ClusterSession::~ClusterSession()
{
    // The applier's replies, timers and store connection belong to its thread: they are destroyed there (an
    // apply in flight is dropped, it never calls back), then the thread is joined; the poller's the same way
    // after it. The workers never wait for the GUI thread, so blocking on them cannot deadlock; at worst this
    // waits for one parse to end. Any signal the applier queued to the GUI before its tear-down may still be
    // delivered; receivers must not take it for a later session's (ApplySequence checks which session it came
    // from).
    m_applyThread->stop();
    m_trafficThread.stop();
    if (m_pollThread)
        m_pollThread->stop();
    m_feed.reset();
}

ApplyBackend *ClusterSession::applyWorker() const
{
    return m_applyThread->worker<ApplyBackend>();
}

void ClusterSession::start()
{
    if (m_pollThread)
        m_pollThread->start();
    if (m_feed)
        m_feed->start();
    if (m_readsTraffic)
        m_trafficThread.start();
}

void ClusterSession::refreshNow()
{
    if (m_pollThread)
        m_pollThread->worker<ClusterPoller>()->refreshNow(); // queues itself into the poller's thread
    if (m_feed)
        m_feed->refreshNow();
}

void ClusterSession::readRecentTraffic(quint64 question, int windowS)
{
    if (!m_readsTraffic) {
        // No traffic thread runs: nothing would answer the queued call.
        return Q_EMIT recentTrafficFailed(
            question, makeError(RayErrorKind::BadSetting, QStringLiteral("this window does not read traffic")));
    }
    TrafficPoller *poller = m_trafficThread.worker<TrafficPoller>();
    QMetaObject::invokeMethod(
        poller, [poller, question, windowS] { poller->readRecentTraffic(question, windowS); }, Qt::QueuedConnection);
}

} // namespace scaledeck
