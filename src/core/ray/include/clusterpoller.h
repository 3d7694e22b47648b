// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "incrementalservereader.h"
#include "rayerror.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace scaledeck {

class ClusterClient;
class ParkedStore;

// Polls one cluster on a worker thread: the network, the parsing and the store read all happen there,
// and the GUI only receives finished, immutable snapshots through queued signals.
class ClusterPoller : public QObject {
    Q_OBJECT
public:
    ClusterPoller(ClusterEndpoint endpoint, QString storePath, int intervalMs, QObject *parent = nullptr);
    ~ClusterPoller() override;

    // Creates a thread, moves the poller onto it and starts polling; stop() joins it.
    void startInThread();
    void stopThread();

public Q_SLOTS:
    void refreshNow();

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void pollFailed(const scaledeck::RayError &error);

private:
    void setUp(); // in the worker thread
    void poll();

    ClusterEndpoint m_endpoint;
    QString m_storePath;
    int m_intervalMs;
    QThread *m_thread = nullptr;
    QTimer *m_timer = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    ClusterClient *m_client = nullptr; // a DashboardClient, made and deleted in the worker thread
    std::unique_ptr<ParkedStore> m_store;
    IncrementalServeReader m_serveReader; // worker thread only
    bool m_inFlight = false;
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::SnapshotPtr)
Q_DECLARE_METATYPE(scaledeck::RayError)
