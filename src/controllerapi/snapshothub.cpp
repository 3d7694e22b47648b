// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshothub.h"

#include "snapshotjson.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace scaledeck {

namespace {
// scaledeck.api.snapshot (debug): each published version and how long answering its long polls took.
// bench_controller_fanout turns it on to time a version's way from the controller to its clients.
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
    if (!report.snapshot)
        return;
    m_snapshot = report.snapshot;
    m_tickAt = report.atUtc;
    ++m_version;
    QElapsedTimer answering;
    answering.start();
    const int waiters = int(m_waiters.size());
    m_current = serializedReply(snapshotJson(*m_snapshot, m_version, m_tickAt));
    while (!m_waiters.empty())
        answer(m_waiters.begin(), m_current);
    qCDebug(lcSnapshotHub).noquote() << QStringLiteral("snapshot version %1 published: %2 long polls answered in %3 ms")
                                            .arg(m_version)
                                            .arg(waiters)
                                            .arg(answering.elapsed());
    Q_EMIT published(m_version);
}

ApiReply SnapshotHub::current() const
{
    if (!m_snapshot)
        return errorReply(503, QStringLiteral("the controller has not read the cluster yet (it does every tick while "
                                              "it holds the lock)"));
    return m_current;
}

void SnapshotHub::wait(qint64 after, int waitMs, QHttpServerResponder &&responder)
{
    if (m_version > after) {
        sendReply(responder, current());
        return;
    }
    if (waitMs <= 0) {
        sendReply(responder, ApiReply{304, nullptr, false, {}});
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
            answer(found, ApiReply{304, nullptr, false, {}});
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
