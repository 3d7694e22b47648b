// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshothub.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace scaledeck {

namespace {
// scaledeck.api.snapshot (debug): each tick's outcome, a version published (and how long answering its long polls
// took) or the same content confirmed. bench_controller_fanout turns it on to time a version's way from the
// controller to its clients, and to count ticks.
Q_LOGGING_CATEGORY(lcSnapshotHub, "scaledeck.api.snapshot", QtInfoMsg)
} // namespace

SnapshotHub::SnapshotHub(QObject *parent)
    : QObject(parent), m_versioner(QStringLiteral("SnapshotVersioner"), std::make_unique<SnapshotVersioner>())
{
    m_versioner.start();
}

SnapshotHub::~SnapshotHub()
{
    // The versioner's pending reads are done with first: their editions, queued to this hub, are then dropped with
    // it (QObject's destructor removes events posted to it).
    m_versioner.stop();
    // Clients still waiting hear that the server stops rather than nothing.
    while (!m_waiters.empty())
        answer(m_waiters.begin(), errorReply(503, QStringLiteral("the controller is stopping")));
}

void SnapshotHub::observe(const TickReport &report)
{
    m_lastTick = report;
    m_lastTick->snapshot.reset(); // the hub keeps the edition's snapshot, m_snapshot
    if (!take(report) || !m_read.snapshot) {
        Q_EMIT settled(); // nothing read yet: current() says so, with the read error if there is one
        return;
    }
    auto *versioner = m_versioner.worker<SnapshotVersioner>();
    SnapshotRead read = m_read;
    read.tickAt = report.atUtc;
    QMetaObject::invokeMethod(
        versioner,
        [this, versioner, read = std::move(read)] {
            SnapshotEdition edition = versioner->take(read);
            QMetaObject::invokeMethod(
                this, [this, edition = std::move(edition)]() mutable { takeEdition(std::move(edition)); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool SnapshotHub::take(const TickReport &report)
{
    if (report.snapshot) {
        m_read.snapshot = report.snapshot;
        m_read.checkedAt = report.atUtc;
        m_read.readError.clear();
        return true;
    }
    if (!report.error)
        return false; // the lock is held elsewhere: this controller read nothing, and nothing failed
    // The cluster (or the lock in the store) could not be read: clients keep the last snapshot, told why it is not
    // newer. The error's text is content: the error appearing, changing or clearing is a new version.
    m_read.readError = report.error->describe();
    return true;
}

void SnapshotHub::takeEdition(SnapshotEdition edition)
{
    m_info = std::move(edition.info);
    m_snapshot = std::move(edition.snapshot);
    m_current = ApiReply{200, nullptr, false, std::move(edition.body)};
    if (!edition.published) {
        qCDebug(lcSnapshotHub).noquote() << QStringLiteral("snapshot version %1 confirmed unchanged in %2 ms")
                                                .arg(m_info.version)
                                                .arg(edition.serializingMs);
        Q_EMIT settled();
        return;
    }
    QElapsedTimer answering;
    answering.start();
    const int waiters = int(m_waiters.size());
    while (!m_waiters.empty())
        answer(m_waiters.begin(), m_current);
    qCDebug(lcSnapshotHub).noquote()
        << QStringLiteral("snapshot version %1 published: %2 long polls answered in %3 ms (serialized in %4 ms on the "
                          "versioner's thread)")
               .arg(m_info.version)
               .arg(waiters)
               .arg(answering.elapsed())
               .arg(edition.serializingMs);
    Q_EMIT published(m_info.version);
    Q_EMIT settled();
}

ApiReply SnapshotHub::current() const
{
    if (!m_snapshot) {
        const QString why = m_read.readError.isEmpty() ? QString() : QStringLiteral(": ") + m_read.readError;
        return errorReply(503, QStringLiteral("the controller has not read the cluster yet (it does every tick while "
                                              "it holds the lock)%1")
                                   .arg(why));
    }
    return m_current;
}

ApiReply SnapshotHub::unchanged() const
{
    SnapshotVersionInfo info = m_info;
    if (info.version == 0) // no edition yet: a read error is still said
        info.readError = m_read.readError;
    return jsonReply(unchangedJson(info));
}

void SnapshotHub::wait(qint64 after, int waitMs, QHttpServerResponder &&responder)
{
    // Not only a newer version: one older than `after` is a controller that restarted (versions start at 1 again).
    if (m_snapshot && m_info.version != after) {
        sendReply(responder, current());
        return;
    }
    if (waitMs <= 0) {
        sendReply(responder, unchanged());
        return;
    }
    m_waiters.push_back(std::make_unique<Waiter>(std::move(responder)));
    auto waiter = std::prev(m_waiters.end());
    Waiter *raw = waiter->get();
    raw->timer.setSingleShot(true);
    connect(&raw->timer, &QTimer::timeout, this, [this, raw] {
        const auto found = std::find_if(m_waiters.begin(), m_waiters.end(),
                                        [raw](const std::unique_ptr<Waiter> &w) { return w.get() == raw; });
        if (found != m_waiters.end())
            answer(found, unchanged());
    });
    raw->timer.start(waitMs);
}

int SnapshotHub::connected() const
{
    return int(std::count_if(m_waiters.begin(), m_waiters.end(), [](const std::unique_ptr<Waiter> &waiter) {
        return waiter->socket && waiter->socket->state() == QAbstractSocket::ConnectedState;
    }));
}

void SnapshotHub::answer(std::list<std::unique_ptr<Waiter>>::iterator waiter, const ApiReply &reply)
{
    std::unique_ptr<Waiter> taken = std::move(*waiter);
    m_waiters.erase(waiter);
    taken->timer.stop();
    if (taken->socket && taken->socket->state() == QAbstractSocket::ConnectedState)
        sendReply(taken->responder, reply);
}

} // namespace scaledeck
