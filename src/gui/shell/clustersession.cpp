// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustersession.h"

#include "applyworker.h"
#include "clusterpoller.h"

namespace scaledeck {

ClusterSession::ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)),
      m_poller(std::make_unique<ClusterPoller>(m_endpoint, storePath, pollIntervalMs)),
      m_applyWorker(std::make_unique<ApplyWorker>(m_endpoint, storePath))
{
    // The poller emits from its thread; these connections queue the snapshots into the GUI thread.
    connect(m_poller.get(), &ClusterPoller::snapshotReady, this, &ClusterSession::snapshotReady);
    connect(m_poller.get(), &ClusterPoller::pollFailed, this, &ClusterSession::pollFailed);

    // The apply thread runs from the start, so an apply can be queued as soon as the session exists.
    // setUp() runs in that thread (started is emitted there) before any queued apply is delivered.
    m_applyThread.setObjectName(QStringLiteral("ChangeApplier"));
    m_applyWorker->moveToThread(&m_applyThread);
    connect(&m_applyThread, &QThread::started, m_applyWorker.get(), &ApplyWorker::setUp);
    m_applyThread.start();
}

ClusterSession::~ClusterSession()
{
    // The applier's replies, timers and store connection belong to its thread: destroy them there (an
    // apply in flight is dropped, it never calls back), then join. The worker never waits for the GUI
    // thread, so blocking on it cannot deadlock; at worst this waits for one parse to end.
    QMetaObject::invokeMethod(m_applyWorker.get(), &ApplyWorker::tearDown, Qt::BlockingQueuedConnection);
    m_applyThread.quit();
    m_applyThread.wait();
    // Any signal it queued to the GUI before tearDown() may still be delivered; receivers must not
    // take it for a later session's (ApplySequence checks which session it came from).
    m_applyWorker.reset();
    m_poller->stopThread();
}

void ClusterSession::start()
{
    m_poller->startInThread();
}

void ClusterSession::refreshNow()
{
    m_poller->refreshNow();
}

} // namespace scaledeck
