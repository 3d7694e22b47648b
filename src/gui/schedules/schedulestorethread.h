// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedulestore.h"
#include "workerthread.h"

#include <QObject>

#include <memory>
#include <utility>

namespace scaledeck {

// The window's reads and writes of the schedule store (schedules, overrides, audit), on a thread of its
// own with its own connection: SQLite waits up to its busy timeout when another process (a
// `scaledeckctl run`, another ScaleDeck) holds the file's lock, and that wait must never freeze the window.
// Jobs run one at a time in the order they were posted.
class ScheduleStoreThread : public QObject {
    Q_OBJECT
public:
    // `guard`: a read-only session's store refuses every write (see WriteGuard).
    explicit ScheduleStoreThread(QString storePath, WriteGuard guard = WriteGuard(), QObject *parent = nullptr);
    // Finishes every job already posted (a schedule the operator saved is not lost by closing the window),
    // then closes the connection on its thread. Their answers are not delivered.
    ~ScheduleStoreThread() override;

    // Runs `job(store)` on the store's thread, then `answer(result)` on this object's thread (not at all
    // once this object is gone, so an answer may use whatever owns it).
    template <typename Job, typename Answer> void post(Job job, Answer answer)
    {
        QMetaObject::invokeMethod(
            m_thread.worker(),
            [this, job = std::move(job), answer = std::move(answer)]() mutable {
                auto result = job(*m_store);
                QMetaObject::invokeMethod(
                    this,
                    [answer = std::move(answer), result = std::move(result)]() mutable { answer(std::move(result)); },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

private:
    std::unique_ptr<ScheduleStore> m_store; // used (and opened) only on m_thread
    WorkerThread m_thread;                  // a plain QObject: the target the jobs are queued to
};

} // namespace scaledeck
