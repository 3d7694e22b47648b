// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulestorethread.h"

namespace scaledeck {

ScheduleStoreThread::ScheduleStoreThread(QString storePath, WriteGuard guard, QObject *parent)
    : QObject(parent), m_worker(new QObject), m_store(std::make_unique<ScheduleStore>(storePath, guard))
{
    m_thread.setObjectName(QStringLiteral("ScheduleStore"));
    m_worker->moveToThread(&m_thread);
    // Not opened here: the first job's call opens it on m_thread, so that the connection belongs to that
    // thread (see checkOpeningThread), and an open failure comes back as that call's error.
    m_thread.start();
}

ScheduleStoreThread::~ScheduleStoreThread()
{
    // Queued after every posted job: they finish first. Their answers, queued to this object, die with it.
    QMetaObject::invokeMethod(
        m_worker, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

} // namespace scaledeck
