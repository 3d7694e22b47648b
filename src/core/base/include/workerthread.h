// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <concepts>
#include <functional>
#include <memory>
#include <type_traits>

namespace scaledeck {

// One worker QObject on a thread of its own, started and ended the same way wherever ScaleDeck needs one (the
// poller, the apply worker, the schedule controller, the schedule store, the cost loader).
//
// The worker moves onto the thread when the WorkerThread is made; from then on other threads reach it only
// through queued calls (QMetaObject::invokeMethod with Qt::QueuedConnection) and its signals. start() starts the
// thread, and `setUp` runs there first: QThread::started is emitted on the new thread before its event loop
// runs, so set-up is done before any call queued to the worker, even one queued before start().
//
// stop(), which the destructor calls, ends it in this order, all on the worker's thread:
//   1. every call already queued to the worker runs (a schedule the operator saved is not lost);
//   2. `tearDown` runs;
//   3. the worker is deleted, with its children;
// and only then is the thread told to quit and joined.
//
// Why on the worker's thread: what a worker makes there (a QNetworkAccessManager and its replies, timers, SQLite
// connections, which assert the thread that opened them) may only be destroyed there, before the thread ends; a
// timer or a reply destroyed from another thread is a warning at best and a crash at worst. Why one blocking call
// (Qt::BlockingQueuedConnection): it is queued behind the worker's pending calls, which gives step 1, and stop()
// returns only when nothing of the worker is left, so no reply or timer can call into an object that is gone.
// It does not wait for the network: `tearDown` aborts requests in flight rather than finishing them, so at worst
// stop() waits for the call the worker is running (one parse, one SQL statement). A worker must therefore never
// block on the thread that stops it, nor quit its own thread.
//
// If the thread was never started, neither step runs (set-up never did, so there is nothing to tear down): the
// worker is deleted on the calling thread, which is safe because nothing of it ever ran elsewhere.
//
// Signals the worker queued to other threads before it was deleted may still be delivered after stop();
// receivers must not take them for a later worker's.
class WorkerThread {
public:
    // `name` names the thread (it shows in debuggers and crash reports). `worker` must have no QObject parent.
    // Either step may be empty; a member function of the worker (&Worker::setUp) will do.
    template <typename Worker>
    requires std::derived_from<Worker, QObject>
    WorkerThread(const QString &name, std::unique_ptr<Worker> worker,
                 std::type_identity_t<std::function<void(Worker &)>> setUp = {},
                 std::type_identity_t<std::function<void(Worker &)>> tearDown = {})
        : m_worker(worker.release()), m_setUp(erase(std::move(setUp))), m_tearDown(erase(std::move(tearDown)))
    {
        init(name);
    }
    ~WorkerThread(); // stop()
    Q_DISABLE_COPY_MOVE(WorkerThread)

    // Starts the thread (once; not after stop()).
    void start();
    // Runs the worker's pending calls and `tearDown` and deletes it, all on its thread, then joins the thread.
    // Blocks until that is done; does nothing the second time. Not to be called from the worker's thread.
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    // The worker, as the type it was made with; null once stopped. It lives on the thread: call it only queued,
    // and connect to its signals.
    template <typename Worker = QObject> Worker *worker() const
    {
        Q_ASSERT(!m_worker || dynamic_cast<Worker *>(m_worker));
        return static_cast<Worker *>(m_worker);
    }

private:
    using Step = std::function<void(QObject &)>;
    template <typename Worker> static Step erase(std::function<void(Worker &)> step)
    {
        if (!step)
            return {};
        return [step = std::move(step)](QObject &worker) { step(static_cast<Worker &>(worker)); };
    }
    void init(const QString &name);

    QThread m_thread;
    QObject *m_worker; // owned; deleted on m_thread by stop() (or here, if it never started), then null
    Step m_setUp;
    Step m_tearDown;
};

} // namespace scaledeck
