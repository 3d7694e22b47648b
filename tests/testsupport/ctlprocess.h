// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real scaledeckctl binary run from a test while the test's event loop keeps serving (a controller API in the
// test's process answers it): waited for on its finished signal, never a fixed time.

#include <QProcess>
#include <QSignalSpy>

namespace scaledeck::testing {

struct CtlProcessRun {
    int exitCode = -1; // -1: it crashed or did not finish
    QString out;
    QString err;
};

inline CtlProcessRun runCtlProcess(const QString &program, const QStringList &arguments,
                                   const QProcessEnvironment &environment, int timeoutMs = 60000)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    CtlProcessRun run;
    if (finished.isEmpty() && !finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("scaledeckctl did not finish");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace scaledeck::testing
