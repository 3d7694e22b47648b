// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What a PostgreSQL store says when the server refuses it, against the real server of SCALEDECK_PG_URL
// (scripts/postgres.sh, password authentication): a wrong password and a missing one each say so, and neither
// message carries a password. Label "postgres": it fails when there is no server.
#include "schedulestore.h"
#include "storelocation.h"
#include "teststore.h"

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
    void aDroppedConnectionIsReopenedOnTheNextCall();
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
void TestPgConnect::aDroppedConnectionIsReopenedOnTheNextCall()
{
    // A server restart or a proxy's idle cut drops the connection; Qt's PSQL driver never reconnects, so without
    // this every later call failed until the process restarted.
    QString error;
    const QString url = testing::freshPostgresStore(&error, QStringLiteral("dropped"));
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    const auto location = StoreLocation::parse(url);
    QVERIFY(location);
    ScheduleStore store(url);
    const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
    const QDateTime at(QDate(2026, 12, 5), QTime(3, 0), Qt::UTC);
    QVERIFY(store.saveSchedule(QStringLiteral("k"), {llm, QStringLiteral("default 1\n"), at}));

    QVERIFY2(testing::detail::runOn(qEnvironmentVariable("SCALEDECK_PG_URL"),
                                    {QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                                    "datname = '%1' AND pid <> pg_backend_pid()")
                                         .arg(location->database)},
                                    &error),
             qPrintable(error));

    // The first call meets the closed connection and says so; the next one connects again.
    auto failed = store.saveSchedule(QStringLiteral("k"), {llm, QStringLiteral("default 2\n"), at});
    QVERIFY(!failed);
    auto saved = store.saveSchedule(QStringLiteral("k"), {llm, QStringLiteral("default 3\n"), at});
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().describe()));
    auto read = store.schedule(QStringLiteral("k"), llm);
    QVERIFY(read);
    QVERIFY(read->has_value());
    QCOMPARE((*read)->text, QStringLiteral("default 3\n"));
}

#include "test_pgconnect.moc"
