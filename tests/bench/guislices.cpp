// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "guislices.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cstdio>
#include <ctime>
#include <utility>

namespace scaledeck::bench {

namespace {
// The GUI thread's CPU time: on a machine other work shares, a slice's wall time counts the time it waited for a
// core too.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}
} // namespace

bool SliceTimingApplication::notify(QObject *receiver, QEvent *event)
{
    // notify() runs on every thread with an event loop (the cost loader's, the fleet search's): only the GUI
    // thread's slices are the ones a user feels.
    if (QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    if (m_depth++ > 0) { // a nested delivery is part of the outer slice
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        return handled;
    }
    // Read before the delivery: a DeferredDelete deletes its receiver, and a posted event is deleted after it.
    const char *className = receiver->metaObject()->className();
    const int type = int(event->type());
    QElapsedTimer timer;
    timer.start();
    static const bool cpuTime = qEnvironmentVariableIsSet("BENCH_CPU");
    const double cpuBefore = cpuTime ? threadCpuMs() : 0;
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    const double ms = cpuTime ? threadCpuMs() - cpuBefore : double(timer.nsecsElapsed()) / 1e6;
    if (ms > m_longestMs) {
        m_longestMs = ms;
        m_longestWhat = QStringLiteral("event %1 to %2").arg(type).arg(QString::fromLatin1(className));
    }
    if (ms > 16.0 && qEnvironmentVariableIsSet("BENCH_SLICES"))
        std::printf("    slice %.1f ms: event %d to %s\n", ms, type, className);
    return handled;
}

double SliceTimingApplication::takeLongestMs()
{
    return std::exchange(m_longestMs, 0.0);
}

SliceTimingApplication *sliceTimer()
{
    return static_cast<SliceTimingApplication *>(QCoreApplication::instance());
}

void processEventsUntilIdle()
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    int idleRounds = 0;
    for (int round = 0; idleRounds < 2 && round < 100000; ++round) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const bool didWork = dispatcher->processEvents(QEventLoop::AllEvents);
        idleRounds = didWork ? 0 : idleRounds + 1;
    }
}

} // namespace scaledeck::bench
