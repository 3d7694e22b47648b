// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apicall.h"
#include "schedulecontroller.h"
#include "snapshotjson.h"

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
class SnapshotHub : public QObject {
    Q_OBJECT
public:
    explicit SnapshotHub(QObject *parent = nullptr);
    ~SnapshotHub() override;

    // One finished tick (ScheduleController::tickFinished): a new version when what it read (or its failure to
    // read) differs from the current version's.
    void observe(const TickReport &report);

    qint64 version() const { return m_info.version; }
    SnapshotPtr snapshot() const { return m_snapshot; } // the latest read, whichever version it belongs to
    QDateTime checkedAt() const { return m_info.checkedAt; }
    const std::optional<TickReport> &lastTick() const { return m_lastTick; }
    // The current snapshot's JSON (snapshotjson.h), or 503 when no tick has read the cluster yet. Serialized when
    // a version is published, and again at most once per later read of the same content, when a client asks (its
    // checkedAt and takenAt moved): the clients of one read are all sent the same bytes.
    ApiReply current();

    // Answers `responder` now if the version is not `after`, else when it changes, else after `waitMs` with the
    // short "unchanged" answer.
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
    // Takes the tick's read or read error; false when the tick neither read nor failed (lock held elsewhere).
    bool take(const TickReport &report);
    void publish(const QDateTime &tickAt);
    ApiReply unchanged() const;
    void answer(std::list<std::unique_ptr<Waiter>>::iterator waiter, const ApiReply &reply);

    SnapshotVersionInfo m_info;
    SnapshotPtr m_snapshot;
    std::size_t m_contentHash = 0; // snapshotContentHash of the current version
    ApiReply m_current;            // the current version's answer, serialized
    QDateTime m_currentCheckedAt;  // the checkedAt m_current was serialized with
    std::optional<TickReport> m_lastTick;
    std::list<std::unique_ptr<Waiter>> m_waiters;
};

} // namespace scaledeck
