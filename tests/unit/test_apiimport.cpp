// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// POST import on the controller's real API (127.0.0.1): an operator's bundle lands with a summary and one audit row
// naming her, a viewer is refused, a store that differs answers 409 with the conflicts and keeps every row (until
// replace=1), a dry run writes nothing, a bundle of tens of MB goes through whole.
#include "apibench.h"
#include "bundlefixtures.h"
#include "storebundle.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");

QByteArray bodyOf(const StoreBundle &bundle)
{
    return QByteArray::fromStdString(bundleToJson(bundle).dump());
}
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

QTEST_GUILESS_MAIN(TestApiImport)
#include "test_apiimport.moc"
