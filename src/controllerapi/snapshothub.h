// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apicall.h"
#include "schedulecontroller.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <list>
#include <memory>
#include <optional>

namespace scaledeck {

// The controller's latest cluster snapshot with a version (1, 2, ...: one per tick that read the cluster), and
// the clients long-polling for a newer one: GET /api/v1/snapshot?after=N&wait=S answers at once when the
// version is past N, else when the next snapshot arrives, else after S seconds with 304 and no body. Also keeps
// the last tick's report for /api/v1/health.
class SnapshotHub : public QObject {
    Q_OBJECT
public:
    explicit SnapshotHub(QObject *parent = nullptr);
    ~SnapshotHub() override;

    // One finished tick (ScheduleController::tickFinished): a new version when it read the cluster.
    void observe(const TickReport &report);

    qint64 version() const { return m_version; }
    SnapshotPtr snapshot() const { return m_snapshot; }
    const std::optional<TickReport> &lastTick() const { return m_lastTick; }
    // The current snapshot's JSON (snapshotjson.h), or 503 when no tick has read the cluster yet. Serialized once
    // per version, when it is published: every client of that version is sent the same bytes.
    ApiReply current() const;

    // Answers `responder` now if the version is past `after`, else when it is, else after `waitMs` (304).
    void wait(qint64 after, int waitMs, QHttpServerResponder &&responder);
    int waiting() const { return int(m_waiters.size()); }
    // Of those, the ones whose client is still connected (a client that hung up is answered with nothing).
    int connected() const;

Q_SIGNALS:
    void published(qint64 version);

private:
    struct Waiter {
        explicit Waiter(QHttpServerResponder &&r) : responder(std::move(r)), socket(responder.socket()) {}
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket; // gone when the client hung up: then nothing is written
        QTimer timer;
    };
    void answer(std::list<std::unique_ptr<Waiter>>::iterator waiter, const ApiReply &reply);

    qint64 m_version = 0;
    SnapshotPtr m_snapshot;
    ApiReply m_current; // m_snapshot's answer, serialized
    QDateTime m_tickAt;
    std::optional<TickReport> m_lastTick;
    std::list<std::unique_ptr<Waiter>> m_waiters;
};

} // namespace scaledeck
