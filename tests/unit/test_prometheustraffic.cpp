// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Reading traffic from Prometheus' HTTP API without a Prometheus: answers captured from a real one (scraping the
// demo head) for the parsing, and a scripted HTTP server for the error paths (503, garbage, silence, refused).
// That the figures are right against real traffic is test_live_traffic's job.
#include "fixtures.h"
#include "prometheustraffic.h"
#include "scriptedhttpserver.h"
#include "trafficqueries.h"

#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <QtTest>

using namespace scaledeck;

class TestPrometheusTraffic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void capturedTrafficAnswerGivesEveryFigure();
    void nanAndInfAreUnknownNotZero();
    void rangeAnswerKeepsItsPoints();
    void badAnswersSayWhatIsWrong_data();
    void badAnswersSayWhatIsWrong();
    void queryReachesPrometheusAsWritten();
    void httpFailuresNameTheServer_data();
    void httpFailuresNameTheServer();
    void recentRequestsWithoutSeriesIsAnError();
    void recentRequestsCountsPerMinute();
    void rangeSeriesAreSummedAndGapsStayGaps();
    void tooFineAStepIsRefusedWithTheStepAllowed();
    void everyDeploymentsRatesInOneRangeQuery();
    void promqlStringsAreEscaped();
    void addressComesFromOptionThenRayEnvironment();

private:
    static QString sentQuery(const ReceivedRequest &request);
    Result<TrafficReading> readFrom(const QString &url, int timeoutMs = 5000);
};

// The query parameter as a server decodes it ('+' is a space in a query string).
QString TestPrometheusTraffic::sentQuery(const ReceivedRequest &request)
{
    const QUrlQuery query(QUrl(QString::fromLatin1(request.path)).query(QUrl::FullyEncoded));
    return query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
}

Result<TrafficReading> TestPrometheusTraffic::readFrom(const QString &url, int timeoutMs)
{
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(url), timeoutMs);
    std::optional<Result<TrafficReading>> result;
    QObject owner;
    readPrometheusTraffic(&client, &owner, 60, QDateTime::currentDateTimeUtc(),
                          [&](Result<TrafficReading> reading) { result = std::move(reading); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return makeError(RayErrorKind::Timeout, QStringLiteral("the test waited in vain"));
    return *result;
}

void TestPrometheusTraffic::capturedTrafficAnswerGivesEveryFigure()
{
    auto samples =
        parseInstantVector(readFixture(QStringLiteral("prometheus_traffic_vector.json")), QStringLiteral("P"));
    QVERIFY(samples.ok());
    const TrafficReading reading = trafficFromSamples(*samples, 60);
    QCOMPARE(reading.deployments.size(), size_t(5));
    QCOMPARE(reading.deployments.front().app, QStringLiteral("embedder")); // sorted
    const DeploymentTraffic *llm = reading.find(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY(llm);
    QVERIFY(llm->requestsPerS && qFuzzyCompare(*llm->requestsPerS, 7.203389830508474));
    QCOMPARE(llm->errorRate, std::optional<double>(0.0));
    QVERIFY(llm->p95Ms && qFuzzyCompare(*llm->p95Ms, 9.507575757575749));
    // Replicas scraped, no request: 0 requests/s; its error rate and latency nobody can know.
    const DeploymentTraffic *embedder = reading.find(QStringLiteral("embedder"), QStringLiteral("Embedder"));
    QVERIFY(embedder);
    QCOMPARE(embedder->requestsPerS, std::optional<double>(0.0));
    QVERIFY(!embedder->errorRate && !embedder->p95Ms);
}

void TestPrometheusTraffic::nanAndInfAreUnknownNotZero()
{
    const QByteArray body = R"({"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"application":"a","deployment":"d","figure":"error_rate"},"value":[1.5,"NaN"]},
        {"metric":{"application":"a","deployment":"d","figure":"p95_ms"},"value":[1.5,"+Inf"]},
        {"metric":{"application":"a","deployment":"d","figure":"requests_per_s"},"value":[1.5,"0"]}]}})";
    auto samples = parseInstantVector(body, QStringLiteral("P"));
    QVERIFY(samples.ok());
    const TrafficReading reading = trafficFromSamples(*samples, 60);
    QCOMPARE(reading.deployments.size(), size_t(1));
    QCOMPARE(reading.deployments[0].requestsPerS, std::optional<double>(0.0));
    QVERIFY(!reading.deployments[0].errorRate);
    QVERIFY(!reading.deployments[0].p95Ms);
}

void TestPrometheusTraffic::rangeAnswerKeepsItsPoints()
{
    auto series = parseRangeMatrix(readFixture(QStringLiteral("prometheus_llm_rate_matrix.json")), QStringLiteral("P"));
    QVERIFY(series.ok());
    QCOMPARE(series->size(), size_t(1));
    QCOMPARE(series->front().points.size(), size_t(5));
    QCOMPARE(series->front().points[3].first, 1796388743.0);
    QCOMPARE(series->front().points[3].second, std::optional<double>(7.0));
}

void TestPrometheusTraffic::badAnswersSayWhatIsWrong_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("<html>") << QStringLiteral("P answered with no JSON");
    QTest::newRow("no data") << QByteArray(R"({"status":"success"})") << QStringLiteral("the answer has no \"data\"");
    QTest::newRow("matrix for an instant query")
        << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":[]}})")
        << QStringLiteral("unexpected resultType \"matrix\"");
    QTest::newRow("value not a string")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}})")
        << QStringLiteral("a sample is not [time, \"value\"]");
    QTest::newRow("value no number")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}})")
        << QStringLiteral("sample value 'x' is no number");
    QTest::newRow("label not a string")
        << QByteArray(
               R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}})")
        << QStringLiteral("label a is not a string");
    QTest::newRow("error status") << QByteArray(R"({"status":"error","errorType":"bad_data","error":"parse error"})")
                                  << QStringLiteral("P refused the query: parse error");
}

void TestPrometheusTraffic::badAnswersSayWhatIsWrong()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    auto samples = parseInstantVector(body, QStringLiteral("P"));
    QVERIFY(!samples.ok());
    QVERIFY2(samples.error().message.contains(expected), qPrintable(samples.error().message));
}

void TestPrometheusTraffic::queryReachesPrometheusAsWritten()
{
    ScriptedHttpServer server;
    server.enqueue({200, readFixture(QStringLiteral("prometheus_traffic_vector.json"))});
    auto reading = readFrom(server.url());
    QVERIFY2(reading.ok(), reading.ok() ? "" : qPrintable(reading.error().describe()));
    QCOMPARE(reading->source, TrafficSource::Prometheus);
    QCOMPARE(reading->sourceAddress, server.url());
    QCOMPARE(server.requests().size(), 1);
    const QUrl sent(QString::fromLatin1(server.requests()[0].path));
    QCOMPARE(sent.path(), QStringLiteral("/api/v1/query"));
    QCOMPARE(sentQuery(server.requests()[0]), trafficQuery(60));

    // '+' would reach Prometheus as a space if it were not encoded: any query must arrive as it was written.
    const QString arithmetic = QStringLiteral("sum(rate(x{a=\"b c\"}[1m])) + 1 > 0.5 & 2");
    server.enqueue({200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"1"]}})"});
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()));
    std::optional<Result<QByteArray>> answer;
    QObject owner;
    client.query(&owner, arithmetic, QDateTime(), [&](Result<QByteArray> body) { answer = std::move(body); });
    QTRY_VERIFY(answer.has_value());
    QVERIFY(!server.requests()[1].path.contains('+'));
    QCOMPARE(sentQuery(server.requests()[1]), arithmetic);
}

void TestPrometheusTraffic::httpFailuresNameTheServer_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("503") << ScriptedResponse{503, "Service Unavailable"} << int(RayErrorKind::ServerError)
                         << QStringLiteral("answered 503: Service Unavailable");
    QTest::newRow("400 with Prometheus' words")
        << ScriptedResponse{400, R"({"status":"error","errorType":"bad_data","error":"1:15: parse error"})"}
        << int(RayErrorKind::Rejected) << QStringLiteral("answered 400: 1:15: parse error");
    QTest::newRow("401") << ScriptedResponse{401, "no"} << int(RayErrorKind::Unauthorized)
                         << QStringLiteral("answered 401");
    QTest::newRow("silent") << ScriptedResponse{200, {}, "application/json", true} << int(RayErrorKind::Timeout)
                            << QStringLiteral("did not answer in time");
    QTest::newRow("garbage 200") << ScriptedResponse{200, "{"} << int(RayErrorKind::BadPayload)
                                 << QStringLiteral("answered with no JSON");
}

void TestPrometheusTraffic::httpFailuresNameTheServer()
{
    QFETCH(ScriptedResponse, response);
    QFETCH(int, kind);
    QFETCH(QString, expected);
    ScriptedHttpServer server;
    server.enqueue(response);
    server.enqueue(response); // a transient failure is asked once more
    auto reading = readFrom(server.url(), 500);
    QVERIFY(!reading.ok());
    QCOMPARE(int(reading.error().kind), kind);
    QVERIFY2(reading.error().message.contains(QStringLiteral("Prometheus at ") + server.url()),
             qPrintable(reading.error().message));
    QVERIFY2(reading.error().message.contains(expected), qPrintable(reading.error().message));
}

void TestPrometheusTraffic::recentRequestsWithoutSeriesIsAnError()
{
    ScriptedHttpServer server;
    server.enqueue({200, R"({"status":"success","data":{"resultType":"vector","result":[]}})"});
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()));
    PrometheusRecentRequests probe(&client);
    std::optional<Result<RecentRequestCount>> result;
    QObject owner;
    probe.recentRequests(&owner, QStringLiteral("llm"), QStringLiteral("LLM"), std::chrono::minutes(15),
                         [&](Result<RecentRequestCount> count) { result = std::move(count); });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QVERIFY2(result->error().message.contains(QStringLiteral("has no series of llm/LLM in the last 15m")),
             qPrintable(result->error().message));
    QVERIFY(QUrl::fromPercentEncoding(server.requests()[0].path)
                .contains(QStringLiteral("application=\"llm\",deployment=\"LLM\"}[15m]")));
}

void TestPrometheusTraffic::recentRequestsCountsPerMinute()
{
    ScriptedHttpServer server;
    server.enqueue(
        {200, R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"45"]}]}})"});
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()));
    PrometheusRecentRequests probe(&client);
    std::optional<Result<RecentRequestCount>> result;
    QObject owner;
    probe.recentRequests(&owner, QStringLiteral("llm"), QString(), std::chrono::minutes(15),
                         [&](Result<RecentRequestCount> count) { result = std::move(count); });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE((*result)->requests, 45.0);
    QCOMPARE((*result)->perMinute, 3.0);
    QCOMPARE((*result)->source, QStringLiteral("Prometheus at ") + server.url());
}

void TestPrometheusTraffic::rangeSeriesAreSummedAndGapsStayGaps()
{
    const QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"route":"/a"},"values":[[600,"1"],[900,"2"],[1500,"NaN"]]},
        {"metric":{"route":"/b"},"values":[[600,"0.5"],[1500,"3"]]}]}})";
    auto matrix = parseRangeMatrix(body, QStringLiteral("P"));
    QVERIFY(matrix.ok());
    const RateSeries series = rateSeriesFromMatrix(*matrix, 300);
    QCOMPARE(series.stepS, 300);
    // 1200 had no sample in either series: no point (unknown), not a point at 0.
    QCOMPARE(series.points.size(), size_t(3));
    QCOMPARE(series.points[0].atUtc, QDateTime::fromSecsSinceEpoch(600, Qt::UTC));
    QCOMPARE(series.points[0].perSecond, 1.5);
    QCOMPARE(series.points[1].perSecond, 2.0);
    QCOMPARE(series.points[2].perSecond, 3.0); // NaN in one series: the other's value alone
}

void TestPrometheusTraffic::tooFineAStepIsRefusedWithTheStepAllowed()
{
    ScriptedHttpServer server;
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()));
    std::optional<Result<RateSeries>> result;
    QObject owner;
    const QDateTime end = QDateTime::fromSecsSinceEpoch(1796388767, Qt::UTC);
    QCOMPARE(readRequestRate(&client, &owner, QStringLiteral("llm"), QStringLiteral("LLM"), end.addDays(-28), end, 60,
                             [&](Result<RateSeries> series) { result = std::move(series); }),
             nullptr);
    QVERIFY(!result.has_value()); // answered later, as every answer
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QCOMPARE(result->error().message,
             QStringLiteral("a step of 60 s asks Prometheus for more than 11,000 points; use 220 s or more"));
    QCOMPARE(server.requests().size(), 0);
}

// The sparklines' query: one range query for every deployment, split by (application, deployment); a step
// without a value stays a gap, and a series without both labels is not taken for a deployment.
void TestPrometheusTraffic::everyDeploymentsRatesInOneRangeQuery()
{
    ScriptedHttpServer server;
    server.enqueue({200, R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"application":"gateway","deployment":"Router"},"values":[[1796385167,"2"],[1796385227,"2.5"]]},
        {"metric":{"application":"llm","deployment":"LLM"},"values":[[1796385167,"7"],[1796385227,"NaN"],
                                                                      [1796385287,"7.25"]]},
        {"metric":{"application":"llm"},"values":[[1796385167,"1"]]}]}})"});
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()));
    std::optional<Result<RequestRates>> result;
    QObject owner;
    const QDateTime end = QDateTime::fromSecsSinceEpoch(1796388767, Qt::UTC);
    QVERIFY(readRequestRates(&client, &owner, end.addSecs(-3600), end, 60,
                             [&](Result<RequestRates> rates) { result = std::move(rates); }));
    QTRY_VERIFY(result.has_value());
    QVERIFY2(result->ok(), result->ok() ? "" : qPrintable(result->error().describe()));
    QCOMPARE(server.requests().size(), 1);
    const QUrl sent(QString::fromLatin1(server.requests()[0].path));
    QCOMPARE(sent.path(), QStringLiteral("/api/v1/query_range"));
    QCOMPARE(sentQuery(server.requests()[0]), requestRatesByDeploymentQuery(60));
    QCOMPARE(sentQuery(server.requests()[0]),
             QStringLiteral("sum by (application, deployment) "
                            "(rate({__name__=~\"ray_serve_deployment_(request|error)_counter_total\"}[1m])) or 0 * "
                            "sum by (application, deployment) (max_over_time(ray_serve_deployment_replica_starts_total"
                            "[1m]))"));
    QCOMPARE(QUrlQuery(sent).queryItemValue(QStringLiteral("step")), QStringLiteral("60"));
    const RequestRates &rates = result->value();
    QCOMPARE(rates.size(), size_t(2));
    const RateSeries &llm = rates.at({QStringLiteral("llm"), QStringLiteral("LLM")});
    QCOMPARE(llm.stepS, 60);
    QCOMPARE(llm.points.size(), size_t(2)); // the NaN step is a gap, not 0
    QCOMPARE(llm.points[1].atUtc, QDateTime::fromSecsSinceEpoch(1796385287, Qt::UTC));
    QCOMPARE(llm.points[1].perSecond, 7.25);
    QCOMPARE(rates.at({QStringLiteral("gateway"), QStringLiteral("Router")}).points[1].perSecond, 2.5);
}

void TestPrometheusTraffic::promqlStringsAreEscaped()
{
    QCOMPARE(promqlString(QStringLiteral("a\"b\\c")), QStringLiteral("\"a\\\"b\\\\c\""));
    QCOMPARE(promqlDuration(60), QStringLiteral("1m"));
    QCOMPARE(promqlDuration(90), QStringLiteral("90s"));
    QCOMPARE(promqlDuration(7200), QStringLiteral("2h"));
    QVERIFY(recentRequestsQuery(QStringLiteral("we\"ird"), QString(), 60)
                .contains(QStringLiteral("{application=\"we\\\"ird\"}[1m]")));
}

void TestPrometheusTraffic::addressComesFromOptionThenRayEnvironment()
{
    QProcessEnvironment environment;
    QCOMPARE(prometheusAddress(QString(), environment).value(), QUrl());
    environment.insert(QStringLiteral("RAY_PROMETHEUS_HOST"), QStringLiteral("http://prom:9090"));
    QCOMPARE(prometheusAddress(QString(), environment).value(), QUrl(QStringLiteral("http://prom:9090")));
    QCOMPARE(prometheusAddress(QStringLiteral("https://other:443"), environment).value(),
             QUrl(QStringLiteral("https://other:443")));
    auto bad = prometheusAddress(QStringLiteral("prom:9090"), environment);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             QStringLiteral("--prometheus 'prom:9090' is no Prometheus address; expected e.g. http://127.0.0.1:9090"));
}

QTEST_GUILESS_MAIN(TestPrometheusTraffic)
#include "test_prometheustraffic.moc"
