// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Address and token found the way Ray's own CLI finds them.
#include "clusterendpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
// A token file as it should be: only its owner may read it (0600).
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content,
                  QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner)
{
    QFile file(dir.filePath(name));
    QDir().mkpath(QFileInfo(file).absolutePath());
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.setPermissions(permissions))
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

const QFileDevice::Permissions worldReadable =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
} // namespace

class TestClusterEndpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void addressOrder();
    void badAddress();
    void tokenOrder();
    void namedTokenFileMissingIsAnError();
    void namedTokenFileReadableByOthersIsRefused();
    void rayTokenFileReadableByOthersWarns();
    void tokenFileThatIsAFolderIsNamed();
    void clusterKeyIgnoresPath();
};

void TestClusterEndpoint::addressOrder()
{
    QProcessEnvironment env;
    QCOMPARE(resolveDashboardUrl({}, env).value(), QUrl(QStringLiteral("http://127.0.0.1:8265")));
    env.insert(QStringLiteral("RAY_DASHBOARD_ADDRESS"), QStringLiteral("http://10.1.2.3:9000"));
    QCOMPARE(resolveDashboardUrl({}, env).value(), QUrl(QStringLiteral("http://10.1.2.3:9000")));
    QCOMPARE(resolveDashboardUrl(QStringLiteral("localhost:8266"), env).value(),
             QUrl(QStringLiteral("http://localhost:8266")));
}

void TestClusterEndpoint::badAddress()
{
    auto url = resolveDashboardUrl(QStringLiteral("ftp://x"), {});
    QVERIFY(!url.ok());
    QVERIFY(url.error().message.contains(QStringLiteral("ftp://x")));
}

void TestClusterEndpoint::tokenOrder()
{
    QTemporaryDir dir;
    const QString home = dir.filePath(QStringLiteral("home"));
    writeFile(dir, QStringLiteral("home/.ray/auth_token"), "from-home\n");
    const QString pathFile = writeFile(dir, QStringLiteral("path_token"), "from-path");
    const QString optionFile = writeFile(dir, QStringLiteral("option_token"), "  from-option  \n");
    QProcessEnvironment env;
    QCOMPARE(resolveToken({}, env, home)->token, QByteArray("from-home"));
    env.insert(QStringLiteral("RAY_AUTH_TOKEN_PATH"), pathFile);
    QCOMPARE(resolveToken({}, env, home)->token, QByteArray("from-path"));
    env.insert(QStringLiteral("RAY_AUTH_TOKEN"), QStringLiteral("from-env"));
    QCOMPARE(resolveToken({}, env, home)->token, QByteArray("from-env"));
    QCOMPARE(resolveToken({}, env, home)->origin, QStringLiteral("RAY_AUTH_TOKEN"));
    QCOMPARE(resolveToken(optionFile, env, home)->token, QByteArray("from-option"));
    QCOMPARE(resolveToken({}, QProcessEnvironment(), dir.filePath(QStringLiteral("nobody")))->token, QByteArray());
}

void TestClusterEndpoint::namedTokenFileMissingIsAnError()
{
    auto token = resolveToken(QStringLiteral("/nonexistent/token"), {}, QDir::tempPath());
    QVERIFY(!token.ok());
    QVERIFY(token.error().message.contains(QStringLiteral("/nonexistent/token")));
    QVERIFY(token.error().message.contains(QStringLiteral("--token-file")));
}

void TestClusterEndpoint::namedTokenFileReadableByOthersIsRefused()
{
    QTemporaryDir dir;
    const QString loose = writeFile(dir, QStringLiteral("token"), "secret-token-bytes", worldReadable);
    auto token = resolveToken(loose, {}, dir.path());
    QVERIFY(!token.ok());
    QCOMPARE(token.error().kind, RayErrorKind::BadSetting);
    const QString message = token.error().message;
    QVERIFY2(message.contains(loose) && message.contains(QStringLiteral("--token-file")) &&
                 message.contains(QStringLiteral("0644")) && message.contains(QStringLiteral("chmod 600 ") + loose),
             qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("secret-token-bytes")));
    // Named by a profile, the message says so.
    auto fromProfile = resolveToken(loose, {}, dir.path(), QStringLiteral("the profile lab"));
    QVERIFY(!fromProfile.ok());
    QVERIFY(fromProfile.error().message.contains(QStringLiteral("the profile lab")));
    // Group-writable is as bad as readable.
    const QString groupWritable = writeFile(dir, QStringLiteral("token2"), "t",
                                            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::WriteGroup);
    QVERIFY(!resolveToken(groupWritable, {}, dir.path()).ok());
}

void TestClusterEndpoint::rayTokenFileReadableByOthersWarns()
{
    QTemporaryDir dir;
    const QString home = dir.filePath(QStringLiteral("home"));
    const QString defaultFile = writeFile(dir, QStringLiteral("home/.ray/auth_token"), "from-home", worldReadable);
    auto token = resolveToken({}, {}, home);
    QVERIFY(token.ok()); // Ray itself reads it there: ScaleDeck warns, it does not refuse
    QCOMPARE(token->token, QByteArray("from-home"));
    QVERIFY2(token->warning.contains(defaultFile) && token->warning.contains(QStringLiteral("chmod 600")),
             qPrintable(token->warning));
    QProcessEnvironment env;
    const QString pathFile = writeFile(dir, QStringLiteral("path_token"), "from-path", worldReadable);
    env.insert(QStringLiteral("RAY_AUTH_TOKEN_PATH"), pathFile);
    token = resolveToken({}, env, home);
    QVERIFY(token.ok());
    QVERIFY(token->warning.contains(QStringLiteral("RAY_AUTH_TOKEN_PATH")));
    // A private file gets no warning.
    const QString privateFile = writeFile(dir, QStringLiteral("private_token"), "p");
    env.insert(QStringLiteral("RAY_AUTH_TOKEN_PATH"), privateFile);
    QVERIFY(resolveToken({}, env, home)->warning.isEmpty());
}

void TestClusterEndpoint::tokenFileThatIsAFolderIsNamed()
{
    QTemporaryDir dir;
    auto token = resolveToken(dir.path(), {}, dir.path());
    QVERIFY(!token.ok());
    QVERIFY2(token.error().message.contains(QStringLiteral("is a folder")), qPrintable(token.error().message));
}

void TestClusterEndpoint::clusterKeyIgnoresPath()
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:8265/"));
    QCOMPARE(endpoint.clusterKey(), QStringLiteral("http://127.0.0.1:8265"));
}

QTEST_GUILESS_MAIN(TestClusterEndpoint)
#include "test_clusterendpoint.moc"
