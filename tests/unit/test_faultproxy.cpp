// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The test-support fault proxy itself, against a scripted upstream: each fault does what it says to the client
// and to the upstream (forwarded or not), rules match by method and path for the next N requests, and the
// random mode repeats itself from the same seed.
#include "dashboardclient.h"
#include "faultproxy.h"
#include "scriptedhttpserver.h"

#include <QNetworkAccessManager>
#include <QtTest>

#include <optional>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestFaultProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachFault_data();
    void eachFault();
    void rulesMatchMethodPathAndCount();
    void randomFaultsRepeatFromTheSeed();

private:
    Result<QByteArray> call(DashboardClient &client, const QByteArray &verb);
};

Result<QByteArray> TestFaultProxy::call(DashboardClient &client, const QByteArray &verb)
{
    std::optional<Result<QByteArray>> result;
    auto handler = [&result](Result<QByteArray> reply) { result = std::move(reply); };
    if (verb == "PUT")
        client.put(DashboardClient::applicationsPath, R"({"applications": []})", handler);
    else
        client.get(DashboardClient::applicationsPath, handler);
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return makeError(RayErrorKind::ServerError, QStringLiteral("test: no answer"));
    return *result;
}

void TestFaultProxy::eachFault_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("forwarded");
    QTest::addColumn<int>("kind"); // -1: success
    QTest::newRow("none") << int(Fault::None) << 1 << -1;
    QTest::newRow("delay") << int(Fault::Delay) << 1 << -1;
    QTest::newRow("hang") << int(Fault::Hang) << 0 << int(RayErrorKind::Timeout);
    QTest::newRow("reset-before") << int(Fault::ResetBeforeForward) << 0 << int(RayErrorKind::Unreachable);
    QTest::newRow("reset-after") << int(Fault::ResetAfterForward) << 1 << int(RayErrorKind::Unreachable);
    QTest::newRow("5xx") << int(Fault::ServerError) << 0 << int(RayErrorKind::ServerError);
    // An incomplete 200: the connection closed before the whole answer came (not a bad status or payload).
    QTest::newRow("truncated") << int(Fault::TruncatedBody) << 1 << int(RayErrorKind::Unreachable);
    QTest::newRow("garbage") << int(Fault::GarbageBody) << 1 << -1;
}

void TestFaultProxy::eachFault()
{
    QFETCH(int, fault);
    QFETCH(int, forwarded);
    QFETCH(int, kind);
    ScriptedHttpServer upstream;
    upstream.enqueue({200, R"({"applications": {}})"});
    FaultProxy proxy(QUrl(upstream.url()));
    proxy.addRule({"PUT", "/api/serve/", Fault(fault), 1, 100});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{proxy.url(), {}, {}, 1500, false, false, {}});

    const auto result = call(client, "PUT");

    QCOMPARE(upstream.requests().size(), forwarded);
    QCOMPARE(proxy.forwardedCount(), forwarded);
    if (kind < 0) {
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().describe()));
        if (Fault(fault) == Fault::GarbageBody)
            QVERIFY(!result.value().startsWith('{'));
        else
            QCOMPARE(result.value(), QByteArray(R"({"applications": {}})"));
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().kind), kind);
    }
    QCOMPARE(proxy.log().size(), 1);
    QVERIFY2(proxy.log().first().endsWith(faultName(Fault(fault))), qPrintable(proxy.log().first()));
}

void TestFaultProxy::rulesMatchMethodPathAndCount()
{
    ScriptedHttpServer upstream;
    for (int i = 0; i < 4; ++i)
        upstream.enqueue({200, "{}"});
    FaultProxy proxy(QUrl(upstream.url()));
    proxy.addRule({"PUT", "/api/serve/", Fault::ServerError, 2});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{proxy.url(), {}, {}, 1500, false, false, {}});

    QVERIFY(call(client, "GET").ok());  // not a PUT: forwarded
    QVERIFY(!call(client, "PUT").ok()); // first of two
    QVERIFY(!call(client, "PUT").ok()); // second of two
    QVERIFY(call(client, "PUT").ok());  // the rule is used up
    QCOMPARE(upstream.requests().size(), 2);
}

void TestFaultProxy::randomFaultsRepeatFromTheSeed()
{
    auto faultsFor = [this](quint32 seed) {
        ScriptedHttpServer upstream;
        for (int i = 0; i < 12; ++i)
            upstream.enqueue({200, "{}"});
        FaultProxy proxy(QUrl(upstream.url()));
        proxy.setRandom(seed, 0.8, {Fault::ServerError, Fault::ResetBeforeForward, Fault::GarbageBody});
        QNetworkAccessManager network;
        DashboardClient client(&network, ClusterEndpoint{proxy.url(), {}, {}, 1500, false, false, {}});
        QStringList log;
        for (int i = 0; i < 6; ++i) {
            const bool answered = call(client, "PUT").ok(); // only the garbage body and no fault answer 200
            log.append(proxy.log().value(i) + (answered ? QStringLiteral(" -> 200") : QStringLiteral(" -> error")));
        }
        return log;
    };
    const QStringList first = faultsFor(42);
    QCOMPARE(first.size(), 6);
    QCOMPARE(faultsFor(42), first);
    QVERIFY2(first.filter(QStringLiteral(" none -> 200")).size() < 6, qPrintable(first.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "test_faultproxy.moc"
