// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "workerthread.h"

#include <utility>

namespace scaledeck {

void WorkerThread::init(const QString &name)
{
    Q_ASSERT(m_worker && !m_worker->parent()); // an object with a parent cannot move threads
    m_thread.setObjectName(name);
    m_worker->moveToThread(&m_thread);
    // started is emitted on the new thread, before its event loop delivers any queued call: a direct call there.
    // The lambda holds copies, so nothing of this object is read on the thread while stop() may change it.
    QObject::connect(
        &m_thread, &QThread::started, m_worker,
        [worker = m_worker, setUp = m_setUp] {
            if (setUp)
                setUp(*worker);
        },
        Qt::DirectConnection);
}

WorkerThread::~WorkerThread()
{
    stop();
}

void WorkerThread::start()
{
    Q_ASSERT(m_worker); // a stopped WorkerThread does not start again
    if (m_worker)
        m_thread.start();
}

void WorkerThread::stop()
{
    QObject *worker = std::exchange(m_worker, nullptr);
    if (!worker)
        return;
    Q_ASSERT(QThread::currentThread() != &m_thread); // a blocking call into its own thread would never return
    if (!m_thread.isRunning()) {
        delete worker; // never started: it never ran, set-up included
        return;
    }
    // Queued behind the worker's pending calls; deleting the object a queued call was made on is safe (Qt clears
    // the call's sender bookkeeping when the receiver is destroyed, and removes the events still posted to it).
    QMetaObject::invokeMethod(
        worker,
        [worker, tearDown = std::exchange(m_tearDown, {})] {
            if (tearDown)
                tearDown(*worker);
            delete worker;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace scaledeck
