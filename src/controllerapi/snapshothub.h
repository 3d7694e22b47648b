// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apicall.h"
#include "schedulecontroller.h"
#include "snapshotjson.h"
#include "snapshotversioner.h"
#include "workerthread.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <cstddef>
#include <list>
#include <memory>
#include <optional>

namespace scaledeck {

// The controller's latest cluster snapshot with a version (1, 2, ...: one per change of what the controller read,
// the read error included; not one per tick), and the clients long-polling for a newer one:
// GET /api/v1/snapshot?after=N&wait=S answers at once when the version is not N, else when a new version is
// published, else after S seconds with the short "unchanged" answer (unchangedJson): the version, and when the
// controller last read the cluster. Also keeps the last tick's report for /api/v1/health.
//
// Each tick's read is serialized, and its version told, by a SnapshotVersioner on a thread of its own: this thread
// (the API server's) only takes the finished edition, a ready body that every client of it is sent as it is.
class SnapshotHub : public QObject {
    Q_OBJECT
public:
    explicit SnapshotHub(QObject *parent = nullptr);
    ~SnapshotHub() override;

    // One finished tick (ScheduleController::tickFinished): a new version when what it read (or its failure to
    // read) differs from the current version's. Told by the versioner's thread: settled() says when it is.
    void observe(const TickReport &report);

    qint64 version() const { return m_info.version; }
    SnapshotPtr snapshot() const { return m_snapshot; } // the latest edition's read, whichever version it is of
    QDateTime checkedAt() const { return m_info.checkedAt; }
    const std::optional<TickReport> &lastTick() const { return m_lastTick; }
    // The current snapshot's JSON (snapshotBody), or 503 when no tick has read the cluster yet. Serialized once
    // per tick that read the cluster, on the versioner's thread: the clients of one read are all sent the same
    // bytes.
    ApiReply current() const;

    // Answers `responder` now if the version is not `after`, else when it changes, else after `waitMs` with the
    // short "unchanged" answer.
    void wait(qint64 after, int waitMs, QHttpServerResponder &&responder);
    int waiting() const { return int(m_waiters.size()); }
    // Of those, the ones whose client is still connected (a client that hung up is answered with nothing).
    int connected() const;

Q_SIGNALS:
    void published(qint64 version);
    // A tick observed is done with: its edition taken (a version published or the same content confirmed), or
    // there was nothing to take (the lock is held elsewhere, nothing read yet).
    void settled();

private:
    struct Waiter {
        explicit Waiter(QHttpServerResponder &&r) : responder(std::move(r)), socket(responder.socket()) {}
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket; // gone when the client hung up: then nothing is written
        QTimer timer;
    };
    // Takes the tick's read or read error into m_read; false when the tick neither read nor failed (lock held
    // elsewhere).
    bool take(const TickReport &report);
    void takeEdition(SnapshotEdition edition);
    ApiReply unchanged() const;
    void answer(std::list<std::unique_ptr<Waiter>>::iterator waiter, const ApiReply &reply);

    SnapshotRead m_read;        // the latest read, as handed to the versioner
    SnapshotVersionInfo m_info; // the latest edition's
    SnapshotPtr m_snapshot;     // the same
    ApiReply m_current;         // the same, its body serialized
    std::optional<TickReport> m_lastTick;
    std::list<std::unique_ptr<Waiter>> m_waiters;
    WorkerThread m_versioner; // a SnapshotVersioner
};

} // namespace scaledeck
