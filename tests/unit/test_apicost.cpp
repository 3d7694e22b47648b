// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The cost and history routes of the controller's API against a real ControllerApi and a real SQLite store holding
// a day of GPU history at known times (apicostday.h), on a fixed clock: the cost report equals the local report's
// (readStoredCost on the same store, as `scaledeckctl cost` computes it) and the figures worked out by hand; the
// default period is the local command's; bad periods and parameters get a 400 saying which; the history's series
// and leases, whole and for one target; a range with more leases than an answer holds is refused; the coming
// week's projection is projectSchedules' over the same store. Every read is a viewer's (bob).
#include "apicostday.h"
#include "costreportjson.h"
#include "scheduleprojection.h"
#include "storedcost.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
QString isoText(const QDateTime &utc)
{
    return utc.toUTC().toString(Qt::ISODate);
}

// The report `scaledeckctl cost` computes from the same store, as the API serializes it.
nlohmann::json localReport(ApiBench &bench, const QDateTime &from, const QDateTime &to, QString *error)
{
    const QString path = bench.controller.dir.filePath(QStringLiteral("store.sqlite"));
    HistoryStore history(path);
    PriceStore prices(path);
    auto stored = readStoredCost(history, prices, bench.controller.key, from, to);
    if (!stored) {
        *error = stored.error().describe();
        return {};
    }
    return nlohmann::json::parse(costReportJson(stored->report).dump());
}

// Every member of `expected` is in `actual`, equal: "" or the first that is not.
QString differences(const nlohmann::json &actual, const nlohmann::json &expected)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (!actual.contains(it.key()) || actual[it.key()] != it.value())
            return QStringLiteral("%1: %2, the local report has %3")
                .arg(QString::fromStdString(it.key()),
                     QString::fromStdString(actual.contains(it.key()) ? actual[it.key()].dump() : "nothing"),
                     QString::fromStdString(it.value().dump()));
    }
    return {};
}

const nlohmann::json *seriesNamed(const nlohmann::json &answer, const char *name)
{
    for (const nlohmann::json &series : answer["series"]) {
        if (series["name"] == name)
            return &series;
    }
    return nullptr;
}
} // namespace

class TestApiCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void costEqualsTheLocalReport();
    void costDefaultPeriodIsTheLocalCommands();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void historyHasTheSeriesAndLeases();
    void historyOfOneTarget();
    void historyRefusesTooManyLeases();
    void projectionIsTheLocalOne();
    void projectionRefusesAnInstantWithoutOffset();

private:
    ManualClock m_clock{kCostNow};
    std::unique_ptr<ApiBench> m_bench;
};

void TestApiCost::initTestCase()
{
    m_bench = std::make_unique<ApiBench>(&m_clock);
    const QString failed = m_bench->setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString recorded = recordCostDay(*m_bench);
    QVERIFY2(recorded.isEmpty(), qPrintable(recorded));
}

void TestApiCost::costEqualsTheLocalReport()
{
    const ApiAnswer answer = m_bench->client(kBobToken).get(
        QStringLiteral("cost?from=%1&to=%2").arg(isoText(kCostFirstRecord), isoText(kCostNow)));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QString error;
    const nlohmann::json local = localReport(*m_bench, kCostFirstRecord, kCostNow, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString differ = differences(json, local);
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    // By hand (apicostday.h): 10 + 4 GPU-hours at EUR 2.50; always on 1 x 2 GPUs and 1 x 1 GPU for 24 hours.
    QCOMPARE(json["currency"], "EUR");
    QCOMPARE(json["gpu_hours"].get<double>(), 14.0);
    QCOMPARE(json["cost"].get<double>(), 35.0);
    QCOMPARE(json["always_on_gpu_hours"].get<double>(), 72.0);
    QCOMPARE(json["saved"].get<double>(), 180.0 - 35.0);
    QCOMPARE(json["capacity_gpu_hours"].get<double>(), 192.0);
    QCOMPARE(json["idle_gpu_hours"].get<double>(), 192.0 - 14.0);
    QCOMPARE(json["deployments"].size(), size_t(2));
    const nlohmann::json &llm = json["deployments"][0];
    QCOMPARE(llm["app"], "llm");
    QCOMPARE(llm["gpu_hours"].get<double>(), 10.0);
    QCOMPARE(llm["peak_replicas"], 2);
    QCOMPARE(llm["always_on_replicas"], 1);
    QCOMPARE(llm["always_on_from"], "configured");
    QCOMPARE(json["asked_from_utc"], "2026-11-29T00:00:00Z");
    QCOMPARE(json["first_record_utc"], "2026-11-29T00:00:00Z");
    QCOMPARE(json["prices"]["gpuHour"].get<double>(), 2.5);
    QCOMPARE(json["prices"]["alwaysOn"], nlohmann::json::parse(R"({"llm/LLM": 1})"));
}

void TestApiCost::costDefaultPeriodIsTheLocalCommands()
{
    const ApiAnswer answer = m_bench->client(kBobToken).get(QStringLiteral("cost"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    // The last week up to now, started where the history starts.
    QCOMPARE(json["asked_from_utc"], isoText(kCostNow.addDays(-kDefaultCostDays)).toStdString());
    QCOMPARE(json["from_utc"], "2026-11-29T00:00:00Z");
    QCOMPARE(json["to_utc"], "2026-11-30T00:00:00Z");
    QString error;
    const nlohmann::json local = localReport(*m_bench, kCostNow.addDays(-kDefaultCostDays), kCostNow, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString differ = differences(json, local);
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
}

void TestApiCost::badInputIsRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("from not a time") << QStringLiteral("cost?from=yesterday") << 400
                                     << QStringLiteral("from takes an ISO 8601 instant with its offset");
    QTest::newRow("to without an offset") << QStringLiteral("cost?to=2026-11-29T10:00:00") << 400
                                          << QStringLiteral("to takes an ISO 8601 instant with its offset");
    QTest::newRow("from = to") << QStringLiteral("cost?from=2026-11-29T10:00:00Z&to=2026-11-29T10:00:00Z") << 400
                               << QStringLiteral("from must be before to (from 2026-11-29T10:00:00Z, to "
                                                 "2026-11-29T10:00:00Z)");
    QTest::newRow("from after to") << QStringLiteral("cost?from=2026-11-29T11:00:00Z&to=2026-11-29T10:00:00Z") << 400
                                   << QStringLiteral("from must be before to");
    QTest::newRow("from ahead of now") << QStringLiteral("cost?from=2026-12-01T00:00:00Z") << 400
                                       << QStringLiteral("from 2026-12-01T00:00:00Z is not in the past");
    QTest::newRow("history from ahead of now")
        << QStringLiteral("history?from=2026-12-01T00:00:00Z") << 400 << QStringLiteral("is not in the past");
    QTest::newRow("no points") << QStringLiteral("history?points=0") << 400
                               << QStringLiteral("points takes 1 to 2000 buckets per series, not '0'");
    QTest::newRow("too many points") << QStringLiteral("history?points=2001") << 400
                                     << QStringLiteral("points takes 1 to 2000");
    QTest::newRow("not a target") << QStringLiteral("history?target=llm/LLM/x") << 400
                                  << QStringLiteral("target takes APP or APP/DEPLOYMENT, not 'llm/LLM/x'");
}

void TestApiCost::badInputIsRefused()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, error);
    const ApiAnswer answer = m_bench->client(kBobToken).get(path);
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.error().contains(error), qPrintable(answer.error()));
}

void TestApiCost::historyHasTheSeriesAndLeases()
{
    ApiTestClient bob = m_bench->client(kBobToken);
    QCOMPARE(bob.call("POST", QStringLiteral("history")).status, 405);
    const ApiAnswer answer =
        bob.get(QStringLiteral("history?from=%1&to=%2&points=24").arg(isoText(kCostFirstRecord), isoText(kCostNow)));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QCOMPARE(json["bucket_ms"], 3600 * 1000);
    QCOMPARE(json["target"], nullptr);
    QCOMPARE(json["series"].size(), size_t(3)); // by GPU-hours, then capacity
    QCOMPARE(json["series"][0]["name"], "llm/LLM");
    QCOMPARE(json["series"][2]["name"], "capacity");
    // One point an hour: llm/LLM holds 2 GPUs from 06:00, 4 from 08:00, 2 from 09:00, none from 10:00.
    const nlohmann::json &llm = json["series"][0]["points"];
    QCOMPARE(llm.size(), size_t(24));
    QCOMPARE(llm[6], nlohmann::json::array({costDayAt(6).toMSecsSinceEpoch(), 2.0}));
    QCOMPARE(llm[8][1].get<double>(), 4.0);
    QCOMPARE(llm[9][1].get<double>(), 2.0);
    QCOMPARE(llm[10][1].get<double>(), 0.0);
    QCOMPARE(json["series"][2]["points"][0][1].get<double>(), 8.0);
    QCOMPARE(json["leases"].size(), size_t(3));
    QCOMPARE(json["leases"][0]["replica"], "r1");
    QCOMPARE(json["leases"][0]["start_utc"], "2026-11-29T06:00:00Z");
    QCOMPARE(json["leases"][0]["end_utc"], "2026-11-29T10:00:00Z");
    QCOMPARE(json["leases"][2]["replica"], "e1");
    QCOMPARE(json["leases"][2]["end_utc"], nullptr); // still running
}

void TestApiCost::historyOfOneTarget()
{
    const ApiAnswer answer = m_bench->client(kBobToken).get(QStringLiteral("history?target=embed/Embed&points=24"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QCOMPARE(json["target"], "embed/Embed");
    QCOMPARE(json["series"].size(), size_t(2));
    QVERIFY(seriesNamed(json, "embed/Embed"));
    QVERIFY(seriesNamed(json, "capacity"));
    QCOMPARE(json["leases"].size(), size_t(1));
    QCOMPARE(json["leases"][0]["gpus"].get<double>(), 1.0);
    const ApiAnswer app = m_bench->client(kBobToken).get(QStringLiteral("history?target=llm"));
    QCOMPARE(app.status, 200);
    QCOMPARE(app.json()["leases"].size(), size_t(2));
    QVERIFY(seriesNamed(app.json(), "llm/LLM"));
    QVERIFY(!seriesNamed(app.json(), "embed/Embed"));
}

// More leases than one answer holds (2000): refused, with what to ask instead; a target with fewer still answers.
void TestApiCost::historyRefusesTooManyLeases()
{
    ManualClock clock(kCostNow);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    LeaseTracker::Update update;
    for (int i = 0; i < 2001; ++i)
        update.started.push_back(testLease(QStringLiteral("b%1").arg(i), QStringLiteral("batch"),
                                           QStringLiteral("Worker"), 1, costDayAt(12)));
    update.started.push_back(
        testLease(QStringLiteral("l1"), QStringLiteral("llm"), QStringLiteral("LLM"), 1, costDayAt(12)));
    auto recorded = bench.history->record(bench.controller.key, snapshotHolding(costDayAt(12), {}), update);
    QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().describe()));
    ApiTestClient bob = bench.client(kBobToken);
    const ApiAnswer all = bob.get(QStringLiteral("history"));
    QCOMPARE(all.status, 400);
    QVERIFY2(all.error().contains(QStringLiteral("2002 leases")), qPrintable(all.error()));
    QVERIFY2(all.error().contains(QStringLiteral("one target")), qPrintable(all.error()));
    const ApiAnswer one = bob.get(QStringLiteral("history?target=llm/LLM"));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json()["leases"].size(), size_t(1));
}

void TestApiCost::projectionIsTheLocalOne()
{
    const QDateTime nextWeek = kCostNow.addDays(7); // kCostNow is a Monday
    const ApiAnswer answer =
        m_bench->client(kBobToken).get(QStringLiteral("projection?from=%1").arg(isoText(nextWeek)));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    // The same computation over the same store: the schedules, and what a replica holds from the recent leases.
    auto schedules = m_bench->controller.schedules->schedules(m_bench->controller.key);
    QVERIFY(schedules.ok());
    auto leases = m_bench->history->leases(m_bench->controller.key, kCostNow.addDays(-14), kCostNow);
    QVERIFY(leases.ok());
    auto prices = m_bench->prices->prices(m_bench->controller.key);
    QVERIFY(prices.ok());
    const SchedulesProjection local = projectSchedules(*schedules, {}, nextWeek, nullptr, *leases, *prices);
    QVERIFY(local.hasSchedules);
    QVERIFY(local.gpuHours > 0); // llm/LLM at 2 all week, 2 GPUs each by its leases
    QCOMPARE(json["from_utc"], "2026-12-07T00:00:00Z");
    QCOMPARE(json["to_utc"], "2026-12-14T00:00:00Z");
    QCOMPARE(json["has_schedules"], true);
    QCOMPARE(json["gpu_hours"].get<double>(), local.gpuHours);
    QCOMPARE(json["cost"].get<double>(), local.cost);
    QCOMPARE(json["always_on_gpu_hours"].get<double>(), local.alwaysOnGpuHours);
    QCOMPARE(json["currency"], "EUR");
}

void TestApiCost::projectionRefusesAnInstantWithoutOffset()
{
    const ApiAnswer answer = m_bench->client(kBobToken).get(QStringLiteral("projection?from=2026-12-07T00:00:00"));
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.body.contains("from takes an ISO 8601 instant with its offset"), answer.body.constData());
    QCOMPARE(m_bench->client(kAliceToken).call("PUT", QStringLiteral("projection"), "{}").status, 405);
}

QTEST_GUILESS_MAIN(TestApiCost)
#include "test_apicost.moc"
