// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// POST import on the controller's real API (127.0.0.1): an operator's bundle lands with a summary and one audit row
// naming her, a viewer is refused, a store that differs answers 409 with the conflicts and keeps every row (until
// replace=1), a dry run writes nothing, a bundle of tens of MB goes through whole, and the API answers other calls
// while an import runs.
#include "apibench.h"
#include "bundlefixtures.h"
#include "storebundle.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <atomic>
#include <functional>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");

QByteArray bodyOf(const StoreBundle &bundle)
{
    return QByteArray::fromStdString(bundleToJson(bundle).dump());
}

// Holds an SQLite store's write lock (BEGIN IMMEDIATE on a connection of its own) until release(): a writer then
// waits for it, up to its busy timeout.
class StoreWriteLock {
public:
    explicit StoreWriteLock(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName());
        db.setDatabaseName(path);
        if (!db.open())
            m_error = db.lastError().text();
        else if (QSqlQuery begin(db); !begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
            m_error = begin.lastError().text();
        m_held = m_error.isEmpty();
    }
    ~StoreWriteLock()
    {
        release();
        QSqlDatabase::database(connectionName(), false).close();
        QSqlDatabase::removeDatabase(connectionName());
    }
    Q_DISABLE_COPY_MOVE(StoreWriteLock)

    QString error() const { return m_error; }
    void release()
    {
        if (!std::exchange(m_held, false))
            return;
        QSqlQuery rollback(QSqlDatabase::database(connectionName(), false));
        if (!rollback.exec(QStringLiteral("ROLLBACK")))
            qFatal("cannot let go of the store's lock: %s", qPrintable(rollback.lastError().text()));
    }

private:
    static QString connectionName() { return QStringLiteral("test-write-lock"); }
    QString m_error;
    bool m_held = false;
};

// Runs `then`, queued to the main thread, the first time a message logged anywhere is `line`: a controller API
// logs "API: NAME PATH" (category scaledeck.controller, debug) when it takes a call. The message handler is
// process-wide, so the watch is too: one at a time, for the length of a case.
class LogWatch {
public:
    LogWatch(QString line, std::function<void()> then)
    {
        s_line = std::move(line);
        s_then = std::move(then);
        s_fired = false;
        QLoggingCategory::setFilterRules(QStringLiteral("scaledeck.controller.debug=true"));
        s_previous = qInstallMessageHandler(&LogWatch::handle);
    }
    ~LogWatch()
    {
        qInstallMessageHandler(s_previous);
        QLoggingCategory::setFilterRules(QString());
        s_then = {};
    }
    Q_DISABLE_COPY_MOVE(LogWatch)

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (message == s_line && !s_fired.exchange(true))
            QMetaObject::invokeMethod(QCoreApplication::instance(), s_then, Qt::QueuedConnection);
        if (s_previous)
            s_previous(type, context, message);
    }
    static inline QString s_line;
    static inline std::function<void()> s_then;
    static inline std::atomic<bool> s_fired = false;
    static inline QtMessageHandler s_previous = nullptr;
};
} // namespace

class TestApiImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void operatorImportsWithASummary();
    void viewerIsRefused();
    void conflictIs409AndChangesNothing();
    void dryRunChangesNothing();
    void badRequests();
    void largeBundleGoesThroughWhole();
    void serverAnswersWhileAnImportRuns();

private:
    // The laptop's store as a bundle, without the schedule of llm/LLM (the bench's controller has its own).
    StoreBundle withoutConflict() const;
    size_t storedSchedules(ApiBench &bench)
    {
        return bench.controller.schedules->schedules(bench.controller.key)->size();
    }

    QTemporaryDir m_dir;
    StoreBundle m_bundle;
    // Each case's controller and its API (apibench.h), made by init() with the controller's one schedule.
    std::unique_ptr<ApiCase> m_case;
};

void TestApiImport::init()
{
    const QString laptop =
        m_dir.filePath(QStringLiteral("laptop-%1.sqlite").arg(QLatin1String(QTest::currentTestFunction())));
    QVERIFY(fillSingleUserStore(laptop, bundleLaptop));
    auto bundle = readStoreBundle(laptop, bundleLaptop);
    QVERIFY(bundle.ok());
    m_bundle = *bundle;
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = m_case->bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestApiImport::cleanup()
{
    m_case.reset();
}

StoreBundle TestApiImport::withoutConflict() const
{
    StoreBundle bundle = m_bundle;
    std::erase_if(bundle.schedules, [](const BundleSchedule &s) { return s.target == QStringLiteral("llm/LLM"); });
    return bundle;
}

void TestApiImport::operatorImportsWithASummary()
{
    ApiBench &bench = m_case->bench;
    const ApiAnswer answer =
        bench.client(kAliceToken).call("POST", QStringLiteral("import"), bodyOf(withoutConflict()));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QCOMPARE(json["written"], true);
    QCOMPARE(json["from"], bundleLaptop.toStdString());
    QCOMPARE(json["cluster"], bench.controller.key.toStdString());
    QCOMPARE(json["summary"]["schedules"], nlohmann::json::parse(R"({"added": 1, "alreadyThere": 0, "replaced": 0})"));
    QCOMPARE(json["summary"]["parked apps"]["added"], 1);
    QCOMPARE(json["summary"]["leases"]["added"], 2);
    QCOMPARE(json["conflicts"], nlohmann::json::array());

    QCOMPARE(storedSchedules(bench), size_t(2));
    auto parked = bench.controller.parked->list(bench.controller.key);
    QVERIFY(parked.ok());
    QCOMPARE(parked->size(), size_t(1));
    QCOMPARE(parked->front().configJson, parkedConfigBytes());
    QCOMPARE(bench.prices->prices(bench.controller.key)->currency, QStringLiteral("EUR"));
    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart);
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().result, AuditResult::Imported);
    QCOMPARE(audit->front().holder, QStringLiteral("alice (scaledeckctl API)"));
    QVERIFY2(audit->front().detail.contains(QStringLiteral("parked apps 1 added")), qPrintable(audit->front().detail));
    // The controller goes on ticking with what it was given.
    QCOMPARE(bench.tick(), QString());
}

void TestApiImport::viewerIsRefused()
{
    ApiBench &bench = m_case->bench;
    const ApiAnswer answer = bench.client(kBobToken).call("POST", QStringLiteral("import"), bodyOf(withoutConflict()));
    QCOMPARE(answer.status, 403);
    QVERIFY2(answer.error().startsWith(QStringLiteral("bob is a viewer")), qPrintable(answer.error()));
    QCOMPARE(storedSchedules(bench), size_t(1));
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
    QCOMPARE(bench.client({}).call("POST", QStringLiteral("import"), bodyOf(withoutConflict())).status, 401);
}

void TestApiImport::conflictIs409AndChangesNothing()
{
    ApiBench &bench = m_case->bench;
    ApiTestClient alice = bench.client(kAliceToken);
    const auto before = bench.controller.schedules->schedule(
        bench.controller.key, ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    QVERIFY(before.ok() && before->has_value());

    ApiAnswer answer = alice.call("POST", QStringLiteral("import"), bodyOf(m_bundle));
    QCOMPARE(answer.status, 409);
    nlohmann::json json = answer.json();
    QCOMPARE(json["written"], false);
    QCOMPARE(json["conflicts"].size(), size_t(1));
    QCOMPARE(json["conflicts"][0]["kind"], "schedules");
    QCOMPARE(json["conflicts"][0]["key"], "llm/LLM");
    QVERIFY(answer.error().contains(QStringLiteral("nothing was imported")));
    // Nothing landed: not the other schedule, not the parked app, no audit row.
    QCOMPARE(storedSchedules(bench), size_t(1));
    QCOMPARE((*bench.controller.schedules->schedule(bench.controller.key,
                                                    ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")}))
                 ->text,
             (*before)->text);
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
    QVERIFY(bench.controller.schedules->audit(bench.controller.key, kStart)->empty());

    answer = alice.call("POST", QStringLiteral("import?replace=1"), bodyOf(m_bundle));
    QCOMPARE(answer.status, 200);
    json = answer.json();
    QCOMPARE(json["summary"]["schedules"], nlohmann::json::parse(R"({"added": 1, "alreadyThere": 0, "replaced": 1})"));
    QCOMPARE((*bench.controller.schedules->schedule(bench.controller.key,
                                                    ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")}))
                 ->text,
             m_bundle.schedules.back().text); // llm/LLM sorts after embedder
}

void TestApiImport::dryRunChangesNothing()
{
    ApiBench &bench = m_case->bench;
    const ApiAnswer answer =
        bench.client(kAliceToken).call("POST", QStringLiteral("import?dry_run=1"), bodyOf(withoutConflict()));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QCOMPARE(json["dryRun"], true);
    QCOMPARE(json["written"], false);
    QCOMPARE(json["summary"]["schedules"]["added"], 1);
    QCOMPARE(storedSchedules(bench), size_t(1));
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
    QVERIFY(bench.controller.schedules->audit(bench.controller.key, kStart)->empty());
}

void TestApiImport::badRequests()
{
    ApiBench &bench = m_case->bench;
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(alice.call("POST", QStringLiteral("import"), "not json").status, 400);
    const ApiAnswer wrong = alice.call("POST", QStringLiteral("import"), R"({"format": "recipes"})");
    QCOMPARE(wrong.status, 400);
    QVERIFY(wrong.error().contains(QStringLiteral("not a ScaleDeck store bundle")));
    QCOMPARE(alice.call("POST", QStringLiteral("import?replace=maybe"), bodyOf(m_bundle)).status, 400);
    QCOMPARE(alice.get(QStringLiteral("import")).status, 405);
    QCOMPARE(storedSchedules(bench), size_t(1));
}

// Years of history make a bundle of tens of MB: Qt HTTP Server takes the whole body, and it lands whole.
void TestApiImport::largeBundleGoesThroughWhole()
{
    ApiBench &bench = m_case->bench;
    StoreBundle bundle = withoutConflict();
    const QString padding(300, QLatin1Char('x'));
    for (int i = 0; i < 50'000; ++i)
        bundle.audit.push_back(BundleAudit{bundleT0.toMSecsSinceEpoch() + i * 1000, QStringLiteral("llm/LLM"),
                                           QStringLiteral("schedule"), QStringLiteral("2"), QStringLiteral("0"),
                                           QStringLiteral("sent"), padding, QStringLiteral("laptop %1").arg(i)});
    const QByteArray body = bodyOf(bundle);
    QVERIFY2(body.size() > 20'000'000, qPrintable(QString::number(body.size())));
    ApiTestClient alice = bench.client(kAliceToken);
    const ApiAnswer answer = ApiTestClient::finish(alice.start("POST", QStringLiteral("import"), body), 100'000);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["summary"]["audit rows"]["added"], 50'002);
    QCOMPARE(bench.controller.schedules->audit(bench.controller.key, bundleT0.addDays(-1))->size(), size_t(50'003));
}

// The import runs off the server's thread: while it waits for the store (this test holds the store's write lock),
// the API answers other calls. The whoami call goes out only once the server has taken the import (its "API:
// alice import" line), queued to this thread, and the lock is let go only once whoami has answered: with the
// import on the server's thread, whoami could only answer after it (the import failing on the lock, 5 s later).
void TestApiImport::serverAnswersWhileAnImportRuns()
{
    ApiBench &bench = m_case->bench;
    StoreWriteLock lock(bench.controller.schedules->databasePath());
    QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));
    ApiTestClient alice = bench.client(kAliceToken);
    QStringList answered; // the calls in the order their answers arrived
    std::unique_ptr<QNetworkReply> whoami;
    LogWatch taken(QStringLiteral("API: alice import"), [&] {
        whoami.reset(alice.start("GET", QStringLiteral("whoami")));
        QObject::connect(whoami.get(), &QNetworkReply::finished, whoami.get(), [&] {
            answered << QStringLiteral("whoami");
            lock.release(); // now the import may write
        });
    });
    std::unique_ptr<QNetworkReply> import(alice.start("POST", QStringLiteral("import"), bodyOf(withoutConflict())));
    QObject::connect(import.get(), &QNetworkReply::finished, import.get(),
                     [&] { answered << QStringLiteral("import"); });
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 30000);
    QCOMPARE(answered, (QStringList{QStringLiteral("whoami"), QStringLiteral("import")}));
    QCOMPARE(whoami->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const ApiAnswer imported = ApiTestClient::finish(import.release());
    QCOMPARE(imported.status, 200);
    QCOMPARE(imported.json()["written"], true);
    QCOMPARE(storedSchedules(bench), size_t(2));
}

QTEST_GUILESS_MAIN(TestApiImport)
#include "test_apiimport.moc"
