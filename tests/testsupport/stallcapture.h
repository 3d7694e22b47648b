// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The lines the GUI-thread stall monitor logs (scaledeck.gui.stall), kept for a test: install() in init(), with the
// category enabled; remove() in cleanup(). The watchdog logs from its own thread, so the lines are kept under a lock;
// every other message goes on to the handler that was there before.
#include "referencework.h"

#include <QByteArrayView>
#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QStringList>

namespace scaledeck::testing {

class StallCapture {
public:
    static void install()
    {
        {
            const QMutexLocker lock(&mutex());
            lines().clear();
        }
        previous() = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(QStringLiteral("scaledeck.gui.stall.info=true"));
    }
    static void remove()
    {
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous());
    }
    static QStringList captured()
    {
        const QMutexLocker lock(&mutex());
        return lines();
    }
    // The stalls that were this program's own: at least `thresholdMs` once the time the GUI thread spent waiting
    // for a CPU (another process's, on a loaded machine) is taken off. What a test of "no stall" asserts on.
    static QStringList ownStalls(int thresholdMs = 50)
    {
        static const QRegularExpression form(
            QStringLiteral("^GUI thread stalled for (\\d+) ms(?: \\((\\d+) ms of it waiting for a CPU\\))? in: "));
        QStringList own;
        for (const QString &line : captured()) {
            const QRegularExpressionMatch match = form.match(line);
            const int lasted = match.captured(1).toInt();
            const int waited = match.captured(2).toInt(); // 0 where the kernel does not say
            if (!match.hasMatch() || lasted - waited >= thresholdMs)
                own.append(line);
        }
        return own;
    }
    // The stalls over the budget that the reference work sets on this build and machine (referencework.h), timed
    // now and at `referenceBefore` (the slower of the two); logged with it. Call with the monitor gone: the
    // reference work runs on the GUI thread.
    static QStringList ownStallsOverBudget(std::chrono::microseconds referenceBefore)
    {
        const std::chrono::microseconds reference = std::max(referenceBefore, timeReferenceWork());
        const std::chrono::milliseconds budget = stallBudget(reference);
        qInfo("slices judged against %lld ms (reference work %lld us)", static_cast<long long>(budget.count()),
              static_cast<long long>(reference.count()));
        return ownStalls(int(budget.count()));
    }

private:
    static void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (context.category && QByteArrayView(context.category) == QByteArrayView("scaledeck.gui.stall")) {
            const QMutexLocker lock(&mutex());
            lines().append(message);
            return;
        }
        previous()(type, context, message);
    }
    static QMutex &mutex()
    {
        static QMutex instance;
        return instance;
    }
    static QStringList &lines()
    {
        static QStringList instance;
        return instance;
    }
    static QtMessageHandler &previous()
    {
        static QtMessageHandler instance = nullptr;
        return instance;
    }
};

} // namespace scaledeck::testing
