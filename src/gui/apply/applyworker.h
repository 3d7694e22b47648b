// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "applybackend.h"
#include "clusterendpoint.h"

#include <memory>

class QNetworkAccessManager;

namespace scaledeck {

// The write side of a ClusterSession, living on the session's apply thread: a ChangeApplier with its own
// network access manager, dashboard client and store connection. The applier parses the cluster's whole
// Serve state before applying and every second while following it (megabytes on a large cluster), which
// must not happen in the GUI thread.
//
// Everything it owns is created by setUp() and destroyed by tearDown(), both run in its thread. Other
// threads only invoke apply() and stopFollowing() queued and receive the forwarded signals queued.
class ApplyWorker : public ApplyBackend {
    Q_OBJECT
public:
    ApplyWorker(ClusterEndpoint endpoint, QString storePath);
    ~ApplyWorker() override;

public Q_SLOTS:
    void setUp();    // in the worker thread, once it has started
    void tearDown(); // in the worker thread, before it quits; drops any apply in flight

    // In the worker thread. One apply at a time, as ChangeApplier::apply; the result comes as finished().
    void apply(scaledeck::SnapshotPtr baseline, scaledeck::ChangeSet changes, scaledeck::ApplyOptions options) override;
    // In the worker thread. Leaves the follow of the change Ray accepted (ChangeApplier::stopFollowing): the
    // change stays sent, finished() comes at once. Nothing happens before accepted() or after finished().
    void stopFollowing() override;
    // In the worker thread (the store is SQLite). Drops the config ScaleDeck keeps of a live app (see
    // discardKeptConfig; refused while an apply runs, which may be parking it); the result comes as
    // keptConfigDiscarded() or keptConfigDiscardFailed().
    void discardKeptConfig(const QString &app, const QDateTime &storedAt) override;

private:
    ClusterEndpoint m_endpoint;
    QString m_storePath;
    // Worker thread only; no QObject parents, so tearDown() controls the order.
    QNetworkAccessManager *m_network = nullptr;
    ClusterClient *m_client = nullptr; // a DashboardClient
    std::unique_ptr<ParkedStore> m_store;
    ChangeApplier *m_applier = nullptr;
};

} // namespace scaledeck
