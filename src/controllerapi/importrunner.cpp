// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "importrunner.h"

#include "logging.h"

#include <algorithm>

namespace scaledeck {

ImportRunner::ImportRunner(QObject *parent)
    : QObject(parent), m_thread(QStringLiteral("ScaleDeck import"), std::make_unique<QObject>())
{
    m_thread.start();
}

ImportRunner::~ImportRunner()
{
    // Every import already queued runs first (WorkerThread::stop); the answers it queues here die with this object.
    m_thread.stop();
}

void ImportRunner::run(ImportJob job, QHttpServerResponder &&responder)
{
    m_pending.push_back(std::make_unique<Pending>(std::move(responder)));
    const Pending *pending = m_pending.back().get();
    // `this` outlives the job: the destructor waits for every job queued (above).
    QMetaObject::invokeMethod(
        m_thread.worker(),
        [this, pending, job = std::move(job)] {
            ApiReply reply = runImport(job);
            QMetaObject::invokeMethod(
                this, [this, pending, reply = std::move(reply)] { answer(pending, reply); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ImportRunner::answer(const Pending *pending, const ApiReply &reply)
{
    const auto found = std::find_if(m_pending.begin(), m_pending.end(),
                                    [pending](const std::unique_ptr<Pending> &p) { return p.get() == pending; });
    Q_ASSERT(found != m_pending.end()); // each job is answered once, and only this answers it
    if (found == m_pending.end())
        return;
    const std::unique_ptr<Pending> taken = std::move(*found);
    m_pending.erase(found);
    Q_EMIT answered();
    if (!taken->socket || taken->socket->state() != QAbstractSocket::ConnectedState) {
        // What the import did stands (a written one has its audit row); only its caller does not hear of it.
        qCInfo(lcController).noquote() << "API: an import's caller hung up before its answer (status" << reply.status
                                       << "not sent)";
        return;
    }
    sendReply(taken->responder, reply);
}

} // namespace scaledeck
