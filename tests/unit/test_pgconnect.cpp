// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What a PostgreSQL store says when the server refuses it, against the real server of SCALEDECK_PG_URL
// (scripts/postgres.sh, password authentication): a wrong password and a missing one each say so, and neither
// message carries a password. Label "postgres": it fails when there is no server.
#include "schedulestore.h"
#include "storelocation.h"

#include <QUrl>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString wrong = QStringLiteral("not-the-Pa55word");

QString serverUrl()
{
    return qEnvironmentVariable("SCALEDECK_PG_URL");
}

QString openError(const QString &url)
{
    ScheduleStore store(url);
    auto opened = store.open();
    return opened.ok() ? QString() : opened.error().message;
}
} // namespace

class TestPgConnect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theServerIsReachedWithItsPgpass();
    void wrongPasswordSaysSoWithoutIt();
    void missingPasswordSaysWhereToPutIt();
    void missingDatabaseSaysSo();
};

void TestPgConnect::initTestCase()
{
    QVERIFY2(!serverUrl().isEmpty(), "SCALEDECK_PG_URL is not set: start a server with scripts/postgres.sh start");
}

void TestPgConnect::theServerIsReachedWithItsPgpass()
{
    const QString error = openError(serverUrl());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestPgConnect::wrongPasswordSaysSoWithoutIt()
{
    QUrl url(serverUrl());
    url.setPassword(wrong); // a URL's password goes before ~/.pgpass
    const QString error = openError(url.toString());
    QVERIFY2(error.contains(QStringLiteral("password authentication failed")), qPrintable(error));
    QVERIFY2(error.contains(displayStore(url.toString())), qPrintable(error));
    QVERIFY2(!error.contains(wrong), qPrintable(error));
}

void TestPgConnect::missingPasswordSaysWhereToPutIt()
{
    const QByteArray passFile = qgetenv("PGPASSFILE");
    qputenv("PGPASSFILE", "/nonexistent/pgpass");
    const QByteArray password = qgetenv("PGPASSWORD");
    qunsetenv("PGPASSWORD");
    const QString error = openError(serverUrl());
    qputenv("PGPASSFILE", passFile);
    if (!password.isNull())
        qputenv("PGPASSWORD", password);
    QVERIFY2(error.contains(QStringLiteral("no password supplied")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("~/.pgpass")), qPrintable(error));
}

void TestPgConnect::missingDatabaseSaysSo()
{
    QUrl url(serverUrl());
    url.setPath(QStringLiteral("/scaledeck_no_such_database"));
    const QString error = openError(url.toString());
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestPgConnect)
#include "test_pgconnect.moc"
