// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A certificate authority made at test time with the openssl command (never a checked-in key): a CA, and
// server certificates it signs for the host names a test asks for. The files live in the caller's directory.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace scaledeck::testing {

// Runs openssl with `arguments` in `directory`; returns its error output when it fails, else an empty string.
inline QString runOpenssl(const QString &directory, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("openssl %1 failed: %2%3")
            .arg(arguments.join(QLatin1Char(' ')), process.errorString(),
                 QString::fromLocal8Bit(process.readAllStandardError()));
    return {};
}

inline QStringList ecKeyArguments()
{
    return {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
}

// Makes NAME.pem (the CA's certificate) and NAME.key in `directory`. Returns an error text, or empty.
inline QString makeCa(const QString &directory, const QString &name)
{
    return runOpenssl(
        directory, QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKeyArguments() +
                       QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                   name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("2"),
                                   QStringLiteral("-subj"), QStringLiteral("/CN=ScaleDeck test CA ") + name,
                                   QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                   QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
}

// Makes NAME.pem and NAME.key in `directory`: a server certificate signed by the CA `caName` (made by makeCa)
// for `subjectAltName` (e.g. "IP:127.0.0.1" or "DNS:other.example"). Returns an error text, or empty.
inline QString makeServerCertificate(const QString &directory, const QString &caName, const QString &name,
                                     const QString &subjectAltName)
{
    const QString extensions = name + QStringLiteral(".ext");
    QFile file(QDir(directory).filePath(extensions));
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write("subjectAltName=" + subjectAltName.toUtf8() +
               "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    file.close();
    const QString request =
        runOpenssl(directory, QStringList{QStringLiteral("req")} + ecKeyArguments() +
                                  QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                              QStringLiteral("-out"), name + QStringLiteral(".csr"),
                                              QStringLiteral("-subj"), QStringLiteral("/CN=") + name});
    if (!request.isEmpty())
        return request;
    return runOpenssl(directory,
                      {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                       name + QStringLiteral(".csr"), QStringLiteral("-CA"), caName + QStringLiteral(".pem"),
                       QStringLiteral("-CAkey"), caName + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                       QStringLiteral("-out"), name + QStringLiteral(".pem"), QStringLiteral("-days"),
                       QStringLiteral("2"), QStringLiteral("-extfile"), extensions});
}

} // namespace scaledeck::testing
