// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// suggestFromTraffic, the job behind `scaledeckctl schedule suggest` and the editor's "Suggest from traffic…":
// the range query and the cold start it asks a (scripted) Prometheus, and what it answers when Prometheus fails or
// has nothing. The algorithm itself is test_schedulesuggest's; the real Prometheus test_live_suggest's.
#include "officehoursmatrix.h"
#include "scriptedhttpserver.h"
#include "trafficsuggestion.h"

#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <QtTest>

using namespace scaledeck;

class TestTrafficSuggestion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void officeHoursBecomeAWeekdayWindow();
    void rangeQueryEndsAtTheLastWholeStep();
    void unavailablePrometheusSaysSo();
    void emptyMatrixIsNoSuggestion();
    void missingColdStartMeansNoPrewarm();
    void stepStaysWithinPrometheusLimit();

private:
    static QDateTime now() { return QDateTime(QDate(2026, 12, 4), QTime(16, 7, 31), Qt::UTC); }
    static QDateTime lastStep() { return QDateTime(QDate(2026, 12, 4), QTime(16, 5), Qt::UTC); }
    static TrafficSuggestionRequest request();
    static Result<TrafficSuggestion, QString> suggestFrom(const ScriptedHttpServer &server);
};

TrafficSuggestionRequest TestTrafficSuggestion::request()
{
    TrafficSuggestionRequest request;
    request.app = QStringLiteral("llm");
    request.deployment = QStringLiteral("LLM");
    request.targetName = QStringLiteral("llm/LLM");
    request.weeks = 4;
    request.stepS = 300;
    request.nowUtc = now();
    request.options.timeZone = "UTC";
    request.options.gpusPerReplica = 1;
    return request;
}

Result<TrafficSuggestion, QString> TestTrafficSuggestion::suggestFrom(const ScriptedHttpServer &server)
{
    QNetworkAccessManager network;
    PrometheusClient client(&network, QUrl(server.url()), 5000);
    QObject owner;
    std::optional<Result<TrafficSuggestion, QString>> answer;
    suggestFromTraffic(&client, &owner, request(),
                       [&](Result<TrafficSuggestion, QString> result) { answer = std::move(result); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000))
        return QStringLiteral("the test waited in vain");
    return *answer;
}

void TestTrafficSuggestion::officeHoursBecomeAWeekdayWindow()
{
    ScriptedHttpServer server;
    server.enqueue({200, officeHoursMatrix(lastStep(), 4, 3.0, 0.25)});
    server.enqueue({200, instantAnswer(95000)}); // 95 s to start: a 2-minute prewarm
    const auto answer = suggestFrom(server);
    QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error()));
    const ScheduleSuggestion &suggestion = answer->suggestion;
    QVERIFY2(suggestion.text.contains(QStringLiteral("Mon-Fri 09:00-17:00 = 1")), qPrintable(suggestion.text));
    QCOMPARE(suggestion.schedule.prewarmMinutes, 2);
    QCOMPARE(answer->coldStartSeconds, std::optional<double>(95.0));
    QCOMPARE(answer->source, QStringLiteral("Prometheus at %1").arg(server.url()));
    QCOMPARE(suggestion.weeks, 4);
    // One Saturday night's requests fall while parked: 0.25/s for an hour.
    QVERIFY2(qAbs(suggestion.missedRequests - 3600 * 0.25) < 1, qPrintable(QString::number(suggestion.missedRequests)));
    QCOMPARE(suggestion.missedHours.front().weekday, 6);
    QCOMPARE(suggestion.missedHours.front().hour, 3);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(server.requests().at(1).path.contains("ray_serve_replica_startup_latency_ms"));
}

void TestTrafficSuggestion::rangeQueryEndsAtTheLastWholeStep()
{
    ScriptedHttpServer server;
    server.enqueue({200, officeHoursMatrix(lastStep(), 4, 3.0)});
    server.enqueue({200, instantAnswer(95000)});
    QVERIFY(suggestFrom(server).ok());
    const QUrlQuery query(QUrl(QString::fromLatin1(server.requests().at(0).path)).query(QUrl::FullyEncoded));
    QCOMPARE(query.queryItemValue(QStringLiteral("end")).toDouble(), double(lastStep().toSecsSinceEpoch()));
    QCOMPARE(query.queryItemValue(QStringLiteral("start")).toDouble(),
             double(lastStep().addDays(-28).toSecsSinceEpoch()));
    QCOMPARE(query.queryItemValue(QStringLiteral("step")), QStringLiteral("300"));
}

void TestTrafficSuggestion::unavailablePrometheusSaysSo()
{
    ScriptedHttpServer server;
    server.enqueue({503, "Service Unavailable"});
    server.enqueue({503, "Service Unavailable"}); // a GET is sent once more after a 503
    const auto answer = suggestFrom(server);
    QVERIFY(!answer.ok());
    QVERIFY2(answer.error().startsWith(QStringLiteral("no traffic data: Prometheus at %1").arg(server.url())),
             qPrintable(answer.error()));
    QVERIFY2(answer.error().contains(QLatin1String("503")), qPrintable(answer.error()));
    // No cold start is asked for a suggestion that cannot be made.
    QVERIFY(!server.requests().constLast().path.contains("startup_latency"));
}

void TestTrafficSuggestion::emptyMatrixIsNoSuggestion()
{
    ScriptedHttpServer server;
    server.enqueue({200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"});
    server.enqueue({200, R"({"status":"success","data":{"resultType":"vector","result":[]}})"});
    const auto answer = suggestFrom(server);
    QVERIFY(!answer.ok());
    QVERIFY2(answer.error().startsWith(QStringLiteral("no suggestion for llm/LLM: ")), qPrintable(answer.error()));
}

void TestTrafficSuggestion::missingColdStartMeansNoPrewarm()
{
    ScriptedHttpServer server;
    server.enqueue({200, officeHoursMatrix(lastStep(), 4, 3.0)});
    server.enqueue({500, "oops"});
    server.enqueue({500, "oops"});
    const auto answer = suggestFrom(server);
    QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error()));
    QCOMPARE(answer->coldStartSeconds, std::nullopt);
    QCOMPARE(answer->suggestion.schedule.prewarmMinutes, 0);
}

void TestTrafficSuggestion::stepStaysWithinPrometheusLimit()
{
    QCOMPARE(suggestionStepS(1), 300);
    QCOMPARE(suggestionStepS(4), 300);
    QCOMPARE(suggestionStepS(5), 300);
    QCOMPARE(suggestionStepS(6), 600);
    QCOMPARE(suggestionStepS(12), 900);
}

QTEST_GUILESS_MAIN(TestTrafficSuggestion)
#include "test_trafficsuggestion.moc"
