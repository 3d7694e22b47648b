// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Traffic without Prometheus, without a cluster: the node summary and a node's export captured from the real demo
// head (Ray 2.60), and a scripted HTTP server standing in for a node's metrics port so the two reads, their rates
// and the failures can be set. The figures against real traffic are test_live_traffic's.
#include "fakeclusterclient.h"
#include "fixtures.h"
#include "nodetrafficreader.h"
#include "scriptedhttpserver.h"

#include <QNetworkAccessManager>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// A node export with `llm/LLM` at `served` requests, `llm/Slow` at `failed` errors, and `idle/Idle` started but never
// asked, in Ray's shape (labels as 2.60 exports them).
QByteArray nodeExport(int served, int failed)
{
    return QStringLiteral(
               "# HELP ray_serve_deployment_request_counter_total The number of queries processed.\n"
               "# TYPE ray_serve_deployment_request_counter_total counter\n"
               "ray_serve_deployment_request_counter_total{Component=\"core_worker\",application=\"llm\","
               "deployment=\"LLM\",replica=\"r1\",route=\"/llm\"} %1\n"
               "ray_serve_deployment_error_counter_total{application=\"llm\",deployment=\"Slow\",replica=\"r2\","
               "route=\"/slow\",exception_type=\"ValueError\"} %2\n"
               "ray_serve_deployment_replica_starts_total{application=\"idle\",deployment=\"Idle\",replica=\"r3\"} 1\n")
        .arg(served)
        .arg(failed)
        .toUtf8();
}

QByteArray summaryFor(quint16 port)
{
    return QStringLiteral(R"({"result": true, "data": {"summary": [
        {"ip": "127.0.0.1", "raylet": {"state": "ALIVE", "metricsExportPort": %1}},
        {"ip": "10.0.0.9", "raylet": {"state": "DEAD", "metricsExportPort": 1}}]}})")
        .arg(port)
        .toUtf8();
}
} // namespace

class TestNodeTrafficReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void capturedSummaryNamesTheHeadsExportPort();
    void summaryOfAnotherShapeIsRefused_data();
    void summaryOfAnotherShapeIsRefused();
    void capturedExportHoldsServesCounters();
    void twoReadsGiveRatesAndIdleDeploymentsReadZero();
    void aNodeThatFailsMakesTheReadingUnknown();

private:
    Result<TrafficReading> readOnce(ScriptedHttpServer &node, int windowS);
};

void TestNodeTrafficReader::capturedSummaryNamesTheHeadsExportPort()
{
    auto endpoints = metricsEndpointsFromSummary(readFixture(QStringLiteral("node_summary.json")));
    QVERIFY(endpoints.ok());
    QCOMPARE(*endpoints, std::vector<QString>{QStringLiteral("192.0.2.2:32857")});
}

void TestNodeTrafficReader::summaryOfAnotherShapeIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("<html>") << QStringLiteral("has no data.summary list");
    QTest::newRow("no raylet") << QByteArray(R"({"data":{"summary":[{"ip":"1.2.3.4"}]}})")
                               << QStringLiteral("lists a node without its raylet");
    QTest::newRow("no port") << QByteArray(R"({"data":{"summary":[{"ip":"1.2.3.4","raylet":{"state":"ALIVE"}}]}})")
                             << QStringLiteral("lists a live node without its ip and metricsExportPort");
}

void TestNodeTrafficReader::summaryOfAnotherShapeIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    auto endpoints = metricsEndpointsFromSummary(body);
    QVERIFY(!endpoints.ok());
    QVERIFY2(endpoints.error().message.contains(expected), qPrintable(endpoints.error().message));
}

void TestNodeTrafficReader::capturedExportHoldsServesCounters()
{
    auto exposition =
        parseMetricsExposition(readFixture(QStringLiteral("node_metrics_ray260.txt")), serveRateSampleNames());
    QVERIFY2(exposition.ok(), exposition.ok() ? "" : qPrintable(exposition.error().toRayError().message));
    QVERIFY(exposition->lineCount > 3000);
    int llmCounters = 0;
    for (const MetricSample &sample : exposition->samples)
        if (sample.name == QLatin1String("ray_serve_deployment_request_counter_total") &&
            sample.label(QStringLiteral("application")) == QStringLiteral("llm"))
            ++llmCounters;
    QCOMPARE(llmCounters, 4); // two replicas, each called on two routes
}

Result<TrafficReading> TestNodeTrafficReader::readOnce(ScriptedHttpServer &node, int windowS)
{
    FakeClusterClient cluster;
    cluster.enqueue(FakeCall::NodeSummary, FakeAnswer::ok(summaryFor(QUrl(node.url()).port())));
    QNetworkAccessManager network;
    NodeTrafficReader reader(&cluster, &network);
    std::optional<Result<TrafficReading>> result;
    reader.read(windowS, [&](Result<TrafficReading> reading) { result = std::move(reading); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return makeError(RayErrorKind::Timeout, QStringLiteral("the test waited in vain"));
    return *result;
}

void TestNodeTrafficReader::twoReadsGiveRatesAndIdleDeploymentsReadZero()
{
    ScriptedHttpServer node;
    node.enqueue({200, nodeExport(100, 5), "text/plain"});
    node.enqueue({200, nodeExport(120, 9), "text/plain"});
    auto reading = readOnce(node, 1);
    QVERIFY2(reading.ok(), reading.ok() ? "" : qPrintable(reading.error().describe()));
    QCOMPARE(node.requests().size(), 2);
    QCOMPARE(node.requests()[0].path, QByteArray("/metrics"));
    QCOMPARE(reading->source, TrafficSource::Nodes);
    QCOMPARE(reading->sourceAddress, QStringLiteral("127.0.0.1:%1").arg(QUrl(node.url()).port()));
    const double elapsedS = reading->windowS;
    QVERIFY(elapsedS >= 1);
    const DeploymentTraffic *llm = reading->find(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY(llm && llm->requestsPerS);
    QVERIFY(*llm->requestsPerS > 0 && *llm->requestsPerS <= 20.0);
    QCOMPARE(llm->errorRate, std::optional<double>(0.0));
    const DeploymentTraffic *slow = reading->find(QStringLiteral("llm"), QStringLiteral("Slow"));
    QVERIFY(slow);
    QCOMPARE(slow->errorRate, std::optional<double>(1.0)); // only failures came
    // Started, never asked: 0 requests/s, not unknown.
    const DeploymentTraffic *idle = reading->find(QStringLiteral("idle"), QStringLiteral("Idle"));
    QVERIFY2(idle, "a deployment with replicas and no request counter is missing");
    QCOMPARE(idle->requestsPerS, std::optional<double>(0.0));
    QVERIFY(!idle->errorRate && !idle->p95Ms);
}

void TestNodeTrafficReader::aNodeThatFailsMakesTheReadingUnknown()
{
    ScriptedHttpServer node;
    node.enqueue({200, nodeExport(100, 5), "text/plain"});
    node.enqueue({200, "ray_serve_deployment_request_counter_total{application=\"llm\" 1\n", "text/plain"});
    auto reading = readOnce(node, 1);
    QVERIFY(!reading.ok());
    QVERIFY2(reading.error().message.startsWith(QStringLiteral("the metrics of 127.0.0.1:")),
             qPrintable(reading.error().message));
    QVERIFY2(reading.error().message.contains(QStringLiteral("line 1")), qPrintable(reading.error().message));
}

QTEST_GUILESS_MAIN(TestNodeTrafficReader)
#include "test_nodetrafficreader.moc"
