#pragma once

#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "rayerror.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace scaledeck {

class ChangeApplier;
class ClusterPoller;
class DashboardClient;
class ParkedStore;

// Everything that talks to one cluster: the poller on its worker thread (reads), and in the GUI thread
// the applier with its own client and store connection (writes; fully asynchronous, so it never blocks).
// Connecting to another cluster replaces the whole session.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs, QObject *parent = nullptr);
    ~ClusterSession() override;

    const ClusterEndpoint &endpoint() const { return m_endpoint; }
    ChangeApplier *applier() const { return m_applier; }
    void start();
    void refreshNow();

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void pollFailed(const scaledeck::RayError &error);

private:
    ClusterEndpoint m_endpoint;
    std::unique_ptr<ClusterPoller> m_poller;  // lives on its own thread: no QObject parent
    QNetworkAccessManager *m_network;
    DashboardClient *m_client;
    std::unique_ptr<ParkedStore> m_store;
    ChangeApplier *m_applier;
};

}  // namespace scaledeck
