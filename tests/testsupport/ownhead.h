// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A Ray head of a test's own, beside the suite's shared one: started and stopped through scripts/ray-cluster.sh
// (which stops only the processes it started, by PID), its address and token file read from the env file the
// script writes.
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace scaledeck::testing {

inline const QString kRayClusterScript = QStringLiteral(SCALEDECK_SOURCE_DIR "/scripts/ray-cluster.sh");

// KEY=VALUE lines of the env file ray-cluster.sh writes.
inline QProcessEnvironment readEnvFile(const QString &path)
{
    QProcessEnvironment env;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return env;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const int equals = line.indexOf('=');
        if (equals > 0)
            env.insert(QString::fromUtf8(line.left(equals)), QString::fromUtf8(line.mid(equals + 1)));
    }
    return env;
}

// The environment without the suite's shared head (RAY_* and the store): a child sees only what the test gives it.
inline QProcessEnvironment withoutSharedHead(QProcessEnvironment env)
{
    for (const char *name : {"RAY_ADDRESS", "RAY_DASHBOARD_ADDRESS", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH",
                             "RAY_AUTH_MODE", "SCALEDECK_RAY_ENV", "SCALEDECK_STORE"})
        env.remove(QString::fromLatin1(name));
    return env;
}

// scripts/ray-cluster.sh ARGUMENTS, to the end, with `env`. The script bounds each of its own steps (ray start
// 120 s, the dashboard 90 s, a deploy 180 s); its output (ports and paths, never the token) is logged on failure.
inline bool runRayClusterScript(const QStringList &arguments, const QProcessEnvironment &env)
{
    QElapsedTimer took;
    took.start();
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(kRayClusterScript, arguments);
    const bool finished = process.waitForFinished(420000);
    const QByteArray output = process.readAll();
    const bool ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    qInfo("ray-cluster.sh %s: %s in %.1f s", qPrintable(arguments.join(QLatin1Char(' '))), ok ? "done" : "FAILED",
          took.elapsed() / 1000.0);
    if (!ok)
        qWarning("%s", output.constData());
    return ok;
}

} // namespace scaledeck::testing
