// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The cost settings over the controller's API, as `scaledeckctl prices` and `always-on` have them: read, replace the
// price list (checked), set and remove an always-on count; a viewer refused; each change audited naming the operator.
#include "apibench.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");
} // namespace

class TestApiPrices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsAndSetsPrices();
    void setsAlwaysOnCounts();
};

void TestApiPrices::readsAndSetsPrices()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient bob = bench.client(kBobToken);
    ApiTestClient alice = bench.client(kAliceToken);
    ApiAnswer answer = bob.get(QStringLiteral("prices"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json(), nlohmann::json::parse(R"({"currency": "USD", "gpuHour": 0.0, "gpuHourByAccelerator": {},
                                                      "cpuHour": null, "alwaysOn": {}})"));
    const QByteArray prices = R"({"currency": "eur", "gpuHour": 2.5, "gpuHourByAccelerator": {"A100": 3.25},
                                  "cpuHour": 0.04})";
    QCOMPARE(bob.call("PUT", QStringLiteral("prices"), prices).status, 403);
    QCOMPARE(alice.call("PUT", QStringLiteral("prices"), R"({"gpuHour": -1})").status, 400);
    QCOMPARE(alice.call("PUT", QStringLiteral("prices"), R"({"gpuHour": 1e12})").status, 400);
    QCOMPARE(alice.call("PUT", QStringLiteral("prices"), R"({"gpuHour": 1, "currency": "EURO"})").status, 400);
    QCOMPARE(
        alice.call("PUT", QStringLiteral("prices"), R"({"gpuHour": 1, "gpuHourByAccelerator": {"A 100": 1}})").status,
        400);
    answer = alice.call("PUT", QStringLiteral("prices"), prices);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["currency"], "EUR");
    QCOMPARE(answer.json()["gpuHour"], 2.5);
    QCOMPARE(answer.json()["gpuHourByAccelerator"]["A100"], 3.25);
    QCOMPARE(answer.json()["cpuHour"], 0.04);
    auto stored = bench.prices->prices(bench.controller.key);
    QVERIFY(stored);
    QCOMPARE(stored->currency, QStringLiteral("EUR"));
    QCOMPARE(stored->gpuHourByAccelerator.at(QStringLiteral("A100")), 3.25);
    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().result, AuditResult::PricesSet);
    QCOMPARE(audit->front().holder, QStringLiteral("alice (scaledeckctl API)"));
}

void TestApiPrices::setsAlwaysOnCounts()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(bench.client(kBobToken).call("PUT", QStringLiteral("always-on/llm/LLM"), R"({"replicas": 1})").status,
             403);
    QCOMPARE(alice.call("PUT", QStringLiteral("always-on/llm"), R"({"replicas": 1})").status, 400);
    QCOMPARE(alice.call("PUT", QStringLiteral("always-on/llm/LLM"), R"({"replicas": -1})").status, 400);
    ApiAnswer answer = alice.call("PUT", QStringLiteral("always-on/llm/LLM"), R"({"replicas": 1})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["alwaysOn"], nlohmann::json::parse(R"({"llm/LLM": 1})"));
    answer = alice.call("PUT", QStringLiteral("always-on/llm/LLM"), R"({"replicas": null})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["alwaysOn"], nlohmann::json::object());
    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    QCOMPARE(audit->size(), size_t(2));
    QCOMPARE(audit->at(0).resultText(), QStringLiteral("always-on set"));
    QCOMPARE(audit->at(0).after, QStringLiteral("1"));
    QCOMPARE(audit->at(1).after, QStringLiteral("peak"));
}

QTEST_GUILESS_MAIN(TestApiPrices)
#include "test_apiprices.moc"
