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

// Polls one cluster on a worker thread (a WorkerThread, see ClusterSession): the network, the parsing and the
// store read all happen there, and the GUI only receives finished, immutable snapshots through queued signals.
class ClusterPoller : public QObject {
    Q_OBJECT
public:
    ClusterPoller(ClusterEndpoint endpoint, QString storePath, int intervalMs, QObject *parent = nullptr);
    ~ClusterPoller() override;

    // In the worker thread: setUp() creates the network objects and the store and starts polling; tearDown()
    // destroys them (a poll in flight is dropped, it never calls back).
    void setUp();
    void tearDown();

public Q_SLOTS:
    void refreshNow(); // from any thread

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void pollFailed(const scaledeck::RayError &error);

private:
    void poll();

    ClusterEndpoint m_endpoint;
    QString m_storePath;
    int m_intervalMs;
    QTimer *m_timer = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    ClusterClient *m_client = nullptr; // a DashboardClient, made and deleted in the worker thread
    std::unique_ptr<ParkedStore> m_store;
    IncrementalServeReader m_serveReader; // worker thread only
    SnapshotPtr m_previous;               // the last snapshot sent: the next one carries what changed since
    bool m_inFlight = false;
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::SnapshotPtr)
Q_DECLARE_METATYPE(scaledeck::RayError)
