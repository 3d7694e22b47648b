// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real scaledeckctl binary in a test, run while the test's event loop goes on serving what it calls (a
// controller's API in the same process): started with the environment the test built, waited for on its
// finished signal, never a fixed time. The test target names the binary: SCALEDECKCTL_PATH, from
// $<TARGET_FILE:scaledeckctl>.

#ifndef SCALEDECKCTL_PATH
#error "a test that runs scaledeckctl defines SCALEDECKCTL_PATH (target_compile_definitions)"
#endif

#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>
#include <QStringList>

namespace scaledeck::testing {

// One finished run: exit code -1 when it crashed or did not finish (then `err` says which).
struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// Starts scaledeckctl ARGUMENTS in `process`, with `environment` only; finishCtl waits for it. For a test that does
// something while the command runs.
inline void startCtl(QProcess &process, const QProcessEnvironment &environment, const QStringList &arguments)
{
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SCALEDECKCTL_PATH), arguments);
}

// Waits on `finished` (a spy on the process's finished signal, made before it started) for up to a minute, and
// reads what the run printed. One that does not finish is killed, so no process outlives its test.
inline CtlRun finishCtl(QProcess &process, QSignalSpy &finished)
{
    CtlRun run;
    if (finished.isEmpty() && !finished.wait(60000)) {
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

// scaledeckctl ARGUMENTS with `environment`, to the end.
inline CtlRun runCtl(const QProcessEnvironment &environment, const QStringList &arguments)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCtl(process, environment, arguments);
    return finishCtl(process, finished);
}

} // namespace scaledeck::testing
