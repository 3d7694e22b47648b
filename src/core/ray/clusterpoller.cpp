// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterpoller.h"

#include "dashboardclient.h"
#include "parkedstore.h"
#include "snapshotfetcher.h"

#include <QNetworkAccessManager>
#include <QThread>

namespace scaledeck {

ClusterPoller::ClusterPoller(ClusterEndpoint endpoint, QString storePath, int intervalMs, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_storePath(std::move(storePath)), m_intervalMs(intervalMs)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<RayError>();
}

ClusterPoller::~ClusterPoller()
{
    // The owner runs tearDown() in the worker thread first; by now nothing of the network is left.
    Q_ASSERT(!m_timer && !m_client && !m_network && !m_store);
}

void ClusterPoller::setUp()
{
    m_network = new QNetworkAccessManager;
    m_client = new DashboardClient(m_network, m_endpoint);
    if (!m_storePath.isEmpty())
        m_store = std::make_unique<ParkedStore>(m_storePath, WriteGuard(m_endpoint.readOnly));
    m_timer = new QTimer;
    m_timer->setInterval(m_intervalMs);
    connect(m_timer, &QTimer::timeout, this, &ClusterPoller::poll);
    m_timer->start();
    poll();
}

void ClusterPoller::tearDown()
{
    m_previous.reset(); // here, in the worker thread: a large snapshot takes a while to free
    delete m_timer;
    m_timer = nullptr;
    delete m_client;
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
    m_store.reset();
}

void ClusterPoller::refreshNow()
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &ClusterPoller::refreshNow, Qt::QueuedConnection);
        return;
    }
    poll();
}

void ClusterPoller::poll()
{
    if (m_inFlight || !m_client)
        return; // a slow cluster must not pile up requests
    m_inFlight = true;
    fetchSnapshot(
        m_client, this, m_store.get(),
        [this](Result<SnapshotPtr> snapshot) {
            m_inFlight = false;
            if (snapshot) {
                m_previous = snapshot.value();
                Q_EMIT snapshotReady(snapshot.value());
            } else
                Q_EMIT pollFailed(snapshot.error());
        },
        &m_serveReader, m_previous);
}

} // namespace scaledeck
