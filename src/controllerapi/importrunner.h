// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiroutes.h"
#include "workerthread.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <list>
#include <memory>

namespace scaledeck {

// POST /api/v1/import, off the server's thread: reading a bundle of tens of MB and writing it in one transaction
// takes seconds, and meanwhile the server's thread goes on answering every other call, long polls included.
// Imports run one at a time, in the order they came, on a WorkerThread, each with connections of its own to the
// store (importBundle opens them by the store's path or URL: Qt SQL connections belong to one thread). Each is
// answered when it is done through the responder it came with, kept here on the server's thread (as SnapshotHub
// keeps its long polls). What the import holds up now is only other writers to the store: a controller tick that
// writes to an SQLite store meanwhile waits for the import's transaction (up to the busy timeout), as it would for
// another process's.
class ImportRunner : public QObject {
    Q_OBJECT
public:
    explicit ImportRunner(QObject *parent = nullptr);
    // Lets the imports already taken finish (each is one transaction, never cut short), without answering them.
    ~ImportRunner() override;

    void run(ImportJob job, QHttpServerResponder &&responder);
    // Imports taken and not answered yet.
    int pending() const { return int(m_pending.size()); }

Q_SIGNALS:
    void answered(); // an import is done (written or refused), whether or not its caller still listens

private:
    struct Pending {
        explicit Pending(QHttpServerResponder &&r) : responder(std::move(r)), socket(responder.socket()) {}
        QHttpServerResponder responder;
        QPointer<QTcpSocket> socket; // gone when the client hung up: then nothing is written
    };
    void answer(const Pending *pending, const ApiReply &reply);

    std::list<std::unique_ptr<Pending>> m_pending;
    WorkerThread m_thread; // a plain QObject: the target the imports are queued to
};

} // namespace scaledeck
