// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulestorethread.h"

namespace scaledeck {

ScheduleStoreThread::ScheduleStoreThread(QString storePath, WriteGuard guard, QObject *parent)
    : QObject(parent), m_store(std::make_unique<ScheduleStore>(storePath, guard)),
      m_thread(QStringLiteral("ScheduleStore"), std::make_unique<QObject>(), {}, [this](QObject &) { m_store.reset(); })
{
    // Not opened here: the first job's call opens it on m_thread, so that the connection belongs to that
    // thread (see checkOpeningThread), and an open failure comes back as that call's error.
    m_thread.start();
}

ScheduleStoreThread::~ScheduleStoreThread()
{
    // The tear-down is queued after every posted job: they finish first. Their answers, queued to this object,
    // die with it.
    m_thread.stop();
}

} // namespace scaledeck
