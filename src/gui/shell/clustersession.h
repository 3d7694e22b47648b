// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "rayerror.h"
#include "trafficpoller.h"
#include "workerthread.h"

#include <QObject>

namespace scaledeck {

class ApplyWorker;
class ClusterPoller;

// Everything that talks to one cluster: the poller on its thread (reads), the traffic poller on another (the
// requests its deployments serve, from Prometheus or the nodes), and the apply worker on a third (writes), so
// neither the network nor the parsing of any answer runs in the GUI thread.
// The GUI reaches the apply worker only through queued calls and signals. Connecting to another
// cluster replaces the whole session; destroying it drops an apply in flight and joins both threads.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    // `traffic.intervalMs` 0: no traffic is read (no thread for it).
    ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs, TrafficPollerOptions traffic = {},
                   QObject *parent = nullptr);
    ~ClusterSession() override;

    const ClusterEndpoint &endpoint() const { return m_endpoint; }
    // Lives on the session's apply thread: invoke its slots queued, connect to its signals (they arrive
    // queued). Valid as long as the session.
    ApplyWorker *applyWorker() const;
    void start();
    void refreshNow();
    bool readsTraffic() const { return m_readsTraffic; }
    // Queued into the traffic thread; answered once by recentTrafficRead or recentTrafficFailed with `question`.
    void readRecentTraffic(quint64 question, int windowS);

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void pollFailed(const scaledeck::RayError &error);
    void trafficReady(const scaledeck::TrafficReading &reading);
    void trafficFailed(const scaledeck::RayError &error);
    void rateHistoryReady(const scaledeck::RequestRates &rates); // Prometheus only: the nodes have no history
    void recentTrafficRead(quint64 question, const scaledeck::TrafficReading &reading);
    void recentTrafficFailed(quint64 question, const scaledeck::RayError &error);

private:
    ClusterEndpoint m_endpoint;
    WorkerThread m_pollThread;    // a ClusterPoller; started by start()
    WorkerThread m_trafficThread; // a TrafficPoller; started by start() when traffic is read
    bool m_readsTraffic;
    WorkerThread m_applyThread; // an ApplyWorker; started with the session
};

} // namespace scaledeck
