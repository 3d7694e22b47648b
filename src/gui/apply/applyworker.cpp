// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applyworker.h"

#include "dashboardclient.h"
#include "keptconfig.h"

#include <QNetworkAccessManager>
#include <QThread>

namespace scaledeck {

ApplyWorker::ApplyWorker(ClusterEndpoint endpoint, QString storePath)
    : m_endpoint(std::move(endpoint)), m_storePath(std::move(storePath))
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<RayError>();
    qRegisterMetaType<ChangeSet>();
    qRegisterMetaType<ApplyOptions>();
    qRegisterMetaType<ApplyPlan>();
    qRegisterMetaType<ApplyOutcome>();
}

ApplyWorker::~ApplyWorker()
{
    // The owner runs tearDown() in the worker thread first; by now nothing of the applier is left.
    Q_ASSERT(!m_applier && !m_client && !m_network && !m_store);
}

void ApplyWorker::setUp()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_network = new QNetworkAccessManager;
    m_client = new DashboardClient(m_network, m_endpoint);
    m_store = std::make_unique<ParkedStore>(m_storePath, WriteGuard(m_endpoint.readOnly));
    m_applier = new ChangeApplier(m_client, m_store.get());
    connect(m_applier, &ChangeApplier::planned, this, &ApplyWorker::planned);
    connect(m_applier, &ChangeApplier::accepted, this, &ApplyWorker::accepted);
    connect(m_applier, &ChangeApplier::progress, this, &ApplyWorker::progress);
    connect(m_applier, &ChangeApplier::finished, this, &ApplyWorker::finished);
}

void ApplyWorker::tearDown()
{
    Q_ASSERT(QThread::currentThread() == thread());
    // The applier first: it points at the client and the store. Then the client, which ends every request it
    // still runs, so no reply that finishes while the manager goes can reach a handler.
    delete m_applier;
    m_applier = nullptr;
    delete m_client;
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
    m_store.reset();
}

void ApplyWorker::apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_applier) {
        ApplyOutcome outcome;
        outcome.error = makeError(RayErrorKind::InvalidChange, QStringLiteral("the session is closing"));
        Q_EMIT finished(outcome);
        return;
    }
    m_applier->apply(std::move(baseline), std::move(changes), options);
}

void ApplyWorker::stopFollowing()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_applier)
        m_applier->stopFollowing();
}

void ApplyWorker::discardKeptConfig(const QString &app, const QDateTime &storedAt)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_client || !m_store) {
        Q_EMIT keptConfigDiscardFailed(
            app, makeError(RayErrorKind::InvalidChange, QStringLiteral("the session is closing")));
        return;
    }
    if (m_applier->isBusy()) {
        Q_EMIT keptConfigDiscardFailed(
            app, makeError(RayErrorKind::InvalidChange, QStringLiteral("an apply is running: the stored config of %1 "
                                                                       "was not discarded")
                                                            .arg(app)));
        return;
    }
    // The reads belong to this worker, and end with the client too: if tearDown() deletes it first, the answer
    // never comes.
    scaledeck::discardKeptConfig(m_client, this, m_store.get(), app, storedAt, [this, app](Result<Done> result) {
        if (result)
            Q_EMIT keptConfigDiscarded(app);
        else
            Q_EMIT keptConfigDiscardFailed(app, result.error());
    });
}

} // namespace scaledeck
