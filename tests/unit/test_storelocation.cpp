// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A store is a file or a postgresql:// URL; a URL's password is never shown, and a PostgreSQL store that
// cannot be used says why. No server needed: a closed loopback port is the unreachable one.
#include "schedulestore.h"
#include "storelocation.h"

#include <QTcpServer>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString secret = QStringLiteral("s3cr3t-Pa55");

// A loopback port nothing listens on: bound, then freed.
int closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 1;
    return server.serverPort();
}
} // namespace

class TestStoreLocation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pathsStaySqlite();
    void urlsAreRead_data();
    void urlsAreRead();
    void passwordNeverShown_data();
    void passwordNeverShown();
    void badUrlsSayWhy_data();
    void badUrlsSayWhy();
    void unreachableServerSaysSoWithoutPassword();
};

void TestStoreLocation::pathsStaySqlite()
{
    auto location = StoreLocation::parse(QStringLiteral("/tmp/x/store.sqlite"));
    QVERIFY(location.ok());
    QCOMPARE(location->backend, StoreLocation::Backend::Sqlite);
    QCOMPARE(location->display(), QStringLiteral("/tmp/x/store.sqlite"));
    QVERIFY(!isPostgresUrl(QStringLiteral("postgresql.sqlite")));
}

void TestStoreLocation::urlsAreRead_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("options");
    QTest::newRow("full") << "postgresql://ops@db.example:6543/scaledeck"
                          << "db.example" << 6543 << "ops"
                          << "scaledeck"
                          << "connect_timeout=10";
    QTest::newRow("short scheme, default port") << "postgres://ops@db/sd"
                                                << "db" << 0 << "ops"
                                                << "sd"
                                                << "connect_timeout=10";
    QTest::newRow("local socket, options") << "postgresql:///sd?sslmode=require&connect_timeout=3"
                                           << "" << 0 << ""
                                           << "sd"
                                           << "sslmode=require;connect_timeout=3";
    QTest::newRow("encoded user") << "postgresql://a%40b@h/d"
                                  << "h" << 0 << "a@b"
                                  << "d"
                                  << "connect_timeout=10";
}

void TestStoreLocation::urlsAreRead()
{
    QFETCH(QString, url);
    auto location = StoreLocation::parse(url);
    QVERIFY2(location.ok(), qPrintable(location.ok() ? QString() : location.error().message));
    QCOMPARE(location->backend, StoreLocation::Backend::Postgres);
    QTEST(location->host, "host");
    QTEST(location->port, "port");
    QTEST(location->user, "user");
    QTEST(location->database, "database");
    QTEST(location->connectOptions, "options");
    QVERIFY(location->password.isEmpty());
}

void TestStoreLocation::passwordNeverShown_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("shown");
    QTest::newRow("user:password@") << QStringLiteral("postgresql://ops:") + secret + QStringLiteral("@db:5432/sd")
                                    << "postgresql://ops@db:5432/sd";
    QTest::newRow("?password=") << QStringLiteral("postgres://ops@db/sd?password=") + secret +
                                       QStringLiteral("&sslmode=require")
                                << "postgres://ops@db/sd?sslmode=require";
}

void TestStoreLocation::passwordNeverShown()
{
    QFETCH(QString, url);
    auto location = StoreLocation::parse(url);
    QVERIFY(location.ok());
    QCOMPARE(location->password, secret); // handed to libpq ...
    QTEST(location->display(), "shown");  // ... and shown nowhere
    QTEST(displayStore(url), "shown");
    QVERIFY(!location->connectOptions.contains(secret));
}

void TestStoreLocation::badUrlsSayWhy_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("says");
    QTest::newRow("no database") << QStringLiteral("postgresql://ops:") + secret + QStringLiteral("@db:5432/")
                                 << "names no database";
    QTest::newRow("quote in an option") << QStringLiteral("postgresql://ops:") + secret +
                                               QStringLiteral("@db/sd?sslmode=a%27b")
                                        << "sslmode";
    QTest::newRow("bad port") << QStringLiteral("postgresql://ops:") + secret + QStringLiteral("@db:port/sd")
                              << "not a valid PostgreSQL URL";
}

void TestStoreLocation::badUrlsSayWhy()
{
    QFETCH(QString, url);
    QFETCH(QString, says);
    ScheduleStore store(url);
    auto opened = store.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, RayErrorKind::BadSetting);
    QVERIFY2(opened.error().message.contains(says), qPrintable(opened.error().message));
    QVERIFY2(!opened.error().message.contains(secret), qPrintable(opened.error().message));
}

void TestStoreLocation::unreachableServerSaysSoWithoutPassword()
{
    const QString url = QStringLiteral("postgresql://ops:%1@127.0.0.1:%2/sd").arg(secret).arg(closedPort());
    ScheduleStore store(url);
    auto lock = store.acquireLock(QStringLiteral("http://c:1"), QStringLiteral("me"), false,
                                  QDateTime::currentDateTimeUtc(), 3000);
    QVERIFY(!lock.ok());
    const QString message = lock.error().message;
    QCOMPARE(lock.error().kind, RayErrorKind::Storage);
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        QVERIFY2(message.contains(QStringLiteral("libqt6sql6-psql")), qPrintable(message));
        return;
    }
    QVERIFY2(message.contains(QStringLiteral("cannot connect to the store postgresql://ops@127.0.0.1:")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("refused")), qPrintable(message)); // libpq's "Connection refused"
    QVERIFY2(!message.contains(secret), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestStoreLocation)
#include "test_storelocation.moc"
