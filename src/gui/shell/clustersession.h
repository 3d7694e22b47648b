// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "controllerconnection.h"
#include "rayerror.h"
#include "trafficpoller.h"
#include "workerthread.h"

#include <QDateTime>
#include <QObject>

#include <memory>

namespace scaledeck {

class ApplyBackend;
class ControllerFeed;

// Everything that talks to one cluster: the poller on its thread (reads), the traffic poller on another (the
// requests its deployments serve, from Prometheus or the nodes), and the apply worker on a third (writes), so
// neither the network nor the parsing of any answer runs in the GUI thread.
// The GUI reaches the apply worker only through queued calls and signals. Connecting to another
// cluster replaces the whole session; destroying it drops an apply in flight and joins both threads.
//
// Through a controller (the team's `scaledeckctl run --listen`), the session reads the controller's snapshot
// (ControllerFeed) instead of polling Ray, and its changes go to the controller as requests
// (ControllerApplyWorker): the window never calls Ray then. Traffic is still read from Prometheus when one is set.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    // `traffic.intervalMs` 0: no traffic is read (no thread for it).
    ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs, TrafficPollerOptions traffic = {},
                   QObject *parent = nullptr);
    // Through the controller at `controller`; `endpoint` names the session (its address is the controller's).
    ClusterSession(ClusterEndpoint endpoint, ControllerConnection controller, TrafficPollerOptions traffic = {},
                   QObject *parent = nullptr);
    ~ClusterSession() override;

    const ClusterEndpoint &endpoint() const { return m_endpoint; }
    bool throughController() const { return m_feed != nullptr; }
    // Lives on the session's apply thread: invoke its slots queued, connect to its signals (they arrive
    // queued). Valid as long as the session.
    ApplyBackend *applyWorker() const;
    void start();
    void refreshNow();
    bool readsTraffic() const { return m_readsTraffic; }
    // Queued into the traffic thread; answered once by recentTrafficRead or recentTrafficFailed with `question`.
    void readRecentTraffic(quint64 question, int windowS);

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void pollFailed(const scaledeck::RayError &error);
    // Through a controller: the snapshot shown is still its latest as of `atUtc`; and who enforces, who we are.
    void snapshotConfirmed(const QDateTime &atUtc);
    void controllerStatusRead(const scaledeck::ControllerStatus &status);
    void trafficReady(const scaledeck::TrafficReading &reading);
    void trafficFailed(const scaledeck::RayError &error);
    void rateHistoryReady(const scaledeck::RequestRates &rates); // Prometheus only: the nodes have no history
    void recentTrafficRead(quint64 question, const scaledeck::TrafficReading &reading);
    void recentTrafficFailed(quint64 question, const scaledeck::RayError &error);

private:
    void connectTraffic();

    ClusterEndpoint m_endpoint;
    std::unique_ptr<WorkerThread> m_pollThread; // a ClusterPoller, started by start(); null through a controller
    std::unique_ptr<ControllerFeed> m_feed;     // through a controller: its snapshot, started by start()
    WorkerThread m_trafficThread;               // a TrafficPoller; started by start() when traffic is read
    bool m_readsTraffic;
    std::unique_ptr<WorkerThread> m_applyThread; // an ApplyBackend; started with the session
};

} // namespace scaledeck
