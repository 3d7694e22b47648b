// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The lines the GUI-thread stall monitor logs (scaledeck.gui.stall), kept for a test: install() in init(), with the
// category enabled; remove() in cleanup(). The watchdog logs from its own thread, so the lines are kept under a lock;
// every other message goes on to the handler that was there before.
#include <QByteArrayView>
#include <QLoggingCategory>
#include <QMutex>
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
