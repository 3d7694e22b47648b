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

SnapshotHub::SnapshotHub(QObject *parent) : QObject(parent) {}

SnapshotHub::~SnapshotHub()
{
    // Clients still waiting hear that the server stops rather than nothing.
    while (!m_waiters.empty())
        answer(m_waiters.begin(), errorReply(503, QStringLiteral("the controller is stopping")));
}

void SnapshotHub::observe(const TickReport &report)
{
    m_lastTick = report;
    m_lastTick->snapshot.reset(); // the hub keeps one snapshot, m_snapshot
    if (!take(report) || !m_snapshot)
        return; // nothing read yet: current() says so, with the read error if there is one
    QElapsedTimer comparing;
    comparing.start();
    const std::size_t hash = snapshotContentHash(*m_snapshot, m_info.readError);
    if (m_info.version > 0 && hash == m_contentHash) {
        qCDebug(lcSnapshotHub).noquote() << QStringLiteral("snapshot version %1 confirmed unchanged in %2 ms")
                                                .arg(m_info.version)
                                                .arg(comparing.elapsed());
        return;
    }
    m_contentHash = hash;
    publish(report.atUtc);
}

bool SnapshotHub::take(const TickReport &report)
{
    if (report.snapshot) {
        m_snapshot = report.snapshot;
        m_info.checkedAt = report.atUtc;
        m_info.readError.clear();
        return true;
    }
    if (!report.error)
        return false; // the lock is held elsewhere: this controller read nothing, and nothing failed
    // The cluster (or the lock in the store) could not be read: clients keep the last snapshot, told why it is not
    // newer. The error's text is content: the error appearing, changing or clearing is a new version.
    m_info.readError = report.error->describe();
    return true;
}

void SnapshotHub::publish(const QDateTime &tickAt)
{
    ++m_info.version;
    m_info.tickAt = tickAt;
    QElapsedTimer answering;
    answering.start();
    const int waiters = int(m_waiters.size());
    m_current = serializedReply(snapshotJson(*m_snapshot, m_info));
    m_currentCheckedAt = m_info.checkedAt;
    while (!m_waiters.empty())
        answer(m_waiters.begin(), m_current);
    qCDebug(lcSnapshotHub).noquote() << QStringLiteral("snapshot version %1 published: %2 long polls answered in %3 ms")
                                            .arg(m_info.version)
                                            .arg(waiters)
                                            .arg(answering.elapsed());
    Q_EMIT published(m_info.version);
}

ApiReply SnapshotHub::current()
{
    if (!m_snapshot) {
        const QString why = m_info.readError.isEmpty() ? QString() : QStringLiteral(": ") + m_info.readError;
        return errorReply(503, QStringLiteral("the controller has not read the cluster yet (it does every tick while "
                                              "it holds the lock)%1")
                                   .arg(why));
    }
    // Read again since serialized, the same content: the body's checkedAt and takenAt say the later read.
    if (m_currentCheckedAt != m_info.checkedAt) {
        m_current = serializedReply(snapshotJson(*m_snapshot, m_info));
        m_currentCheckedAt = m_info.checkedAt;
    }
    return m_current;
}

ApiReply SnapshotHub::unchanged() const
{
    return jsonReply(unchangedJson(m_info));
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
