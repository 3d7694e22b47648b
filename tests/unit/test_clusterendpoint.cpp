// Address and token found the way Ray's own CLI finds them.
#include "clusterendpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    QDir().mkpath(QFileInfo(file).absolutePath());
    file.open(QIODevice::WriteOnly);
    file.write(content);
    return file.fileName();
}
}  // namespace

class TestClusterEndpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void addressOrder();
    void badAddress();
    void tokenOrder();
    void namedTokenFileMissingIsAnError();
    void clusterKeyIgnoresPath();
};

void TestClusterEndpoint::addressOrder()
{
    QProcessEnvironment env;
    QCOMPARE(resolveDashboardUrl({}, env).value(), QUrl(QStringLiteral("http://127.0.0.1:8265")));
    env.insert(QStringLiteral("RAY_DASHBOARD_ADDRESS"), QStringLiteral("http://10.1.2.3:9000"));
    QCOMPARE(resolveDashboardUrl({}, env).value(), QUrl(QStringLiteral("http://10.1.2.3:9000")));
    QCOMPARE(resolveDashboardUrl(QStringLiteral("localhost:8266"), env).value(), QUrl(QStringLiteral("http://localhost:8266")));
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

void TestClusterEndpoint::clusterKeyIgnoresPath()
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:8265/"));
    QCOMPARE(endpoint.clusterKey(), QStringLiteral("http://127.0.0.1:8265"));
}

QTEST_GUILESS_MAIN(TestClusterEndpoint)
#include "test_clusterendpoint.moc"
