// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterjob.h"

#include "logging.h"

namespace scaledeck {

ClusterJob::ClusterJob(QObject *owner, QString description, int inactivityTimeoutMs, BodyHandler done)
    : QObject(owner), m_description(std::move(description)), m_timeoutMs(inactivityTimeoutMs), m_done(std::move(done))
{
    Q_ASSERT(owner); // a job without an owner would outlive whoever asked
    m_inactivity.setSingleShot(true);
    // Queued, so that a handler run from the timeout may destroy the job without destroying the timer in the
    // middle of its own signal. A timer started again meanwhile (data moved) cancels that timeout.
    connect(
        &m_inactivity, &QTimer::timeout, this,
        [this] {
            if (!m_finished && !m_inactivity.isActive())
                inactivityTimedOut();
        },
        Qt::QueuedConnection);
}

ClusterJob::~ClusterJob()
{
    if (!m_finished)
        qCDebug(lcRay).noquote() << m_description << "dropped unanswered (its owner or client went)";
}

void ClusterJob::abort()
{
    if (m_finished)
        return;
    m_finished = true;
    m_inactivity.stop();
    m_done = nullptr;
    stopTransport();
    qCDebug(lcRay).noquote() << m_description << "aborted";
    deleteLater();
}

void ClusterJob::restartInactivityTimer()
{
    m_inactivity.start(m_timeoutMs);
}

void ClusterJob::stopInactivityTimer()
{
    m_inactivity.stop();
}

void ClusterJob::finish(Result<QByteArray> result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_inactivity.stop();
    BodyHandler done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    // Last: the handler may destroy the owner, and this job with it.
    if (done)
        done(std::move(result));
}

} // namespace scaledeck
