// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Traffic against the real parts: the test sends real HTTP requests to Serve's proxy at a known rate while a real
// Prometheus (Debian's, started by scripts/test.sh on loopback) scrapes the real Ray head; the rates ScaleDeck
// reads from that Prometheus, in the core and through `scaledeckctl traffic --json`, agree with the rate sent
// within 5%; so do the rates read without Prometheus, from the nodes' own metrics endpoints. A deployment that
// served nothing reads 0 requests/s (not unknown), and one Prometheus has no series of reads as an error, never 0.
#include "livecluster.h"
#include "prometheustraffic.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <QtTest>

#include <deque>
#include <map>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// Waits for the CLI in the event loop, so the load goes on meanwhile (QProcess::waitForFinished would stop it).
bool waitWhileSending(QProcess &process, int timeoutMs)
{
    return QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, timeoutMs);
}

constexpr int kWindowS = 60;
constexpr int kSendEveryMs = 100; // 10 requests/s
} // namespace

class TestLiveTraffic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ratesAgreeWithTheRateSent();
    void recentRequestsCountWhatCame();
    void withoutPrometheusTheNodesAreRead();
    void aScaleDownShowsWhatTheTargetServed();
    void cleanupTestCase();

private:
    void startSending();
    double sentRatePerS(int windowS) const; // answers that came back in the last windowS, per second
    Result<TrafficReading> readTraffic();
    Result<RecentRequestCount> recent(const QString &app, const QString &deployment);

    QUrl m_llmUrl;
    QNetworkAccessManager m_network;
    std::unique_ptr<PrometheusClient> m_prometheus;
    QTimer m_sender;
    QElapsedTimer m_clock;
    std::deque<qint64> m_answeredAtMs; // m_clock's time of every 200 answer
    int m_failedAnswers = 0;
    qint64 m_sendingSinceMs = -1;
};

void TestLiveTraffic::initTestCase()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString prometheus = env.value(QStringLiteral("RAY_PROMETHEUS_HOST"));
    if (prometheus.isEmpty())
        QFAIL("RAY_PROMETHEUS_HOST is not set: scripts/test.sh starts a real Prometheus for this test");
    const QString port = env.value(QStringLiteral("SERVE_HTTP_PORT"));
    if (port.isEmpty())
        QFAIL("SERVE_HTTP_PORT is not set: run integration tests through scripts/test.sh");
    m_llmUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/llm").arg(port));
    m_prometheus = std::make_unique<PrometheusClient>(&m_network, QUrl(prometheus));
    m_clock.start();
    startSending();
}

void TestLiveTraffic::cleanupTestCase()
{
    m_sender.stop();
}

void TestLiveTraffic::startSending()
{
    m_sender.setTimerType(Qt::PreciseTimer);
    m_sender.setInterval(kSendEveryMs);
    connect(&m_sender, &QTimer::timeout, this, [this] {
        QNetworkReply *reply = m_network.get(QNetworkRequest(m_llmUrl));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply->error() == QNetworkReply::NoError)
                m_answeredAtMs.push_back(m_clock.elapsed());
            else
                ++m_failedAnswers;
        });
    });
    m_sendingSinceMs = m_clock.elapsed();
    m_sender.start();
}

double TestLiveTraffic::sentRatePerS(int windowS) const
{
    const qint64 from = m_clock.elapsed() - qint64(windowS) * 1000;
    const auto count =
        std::count_if(m_answeredAtMs.begin(), m_answeredAtMs.end(), [from](qint64 at) { return at >= from; });
    return double(count) / windowS;
}

Result<TrafficReading> TestLiveTraffic::readTraffic()
{
    return await<Result<TrafficReading>>([this](auto done) {
        readPrometheusTraffic(m_prometheus.get(), this, kWindowS, QDateTime::currentDateTimeUtc(), done);
    });
}

Result<RecentRequestCount> TestLiveTraffic::recent(const QString &app, const QString &deployment)
{
    PrometheusRecentRequests probe(m_prometheus.get());
    return await<Result<RecentRequestCount>>(
        [&](auto done) { probe.recentRequests(this, app, deployment, std::chrono::seconds(kWindowS), done); });
}

void TestLiveTraffic::ratesAgreeWithTheRateSent()
{
    // The window must lie within the sending (plus the few seconds Ray and the scrape lag behind).
    QVERIFY(QTest::qWaitFor([this] { return m_clock.elapsed() - m_sendingSinceMs > (kWindowS + 8) * 1000; },
                            (kWindowS + 30) * 1000));
    QCOMPARE(m_failedAnswers, 0);
    const double sent = sentRatePerS(kWindowS);
    auto reading = readTraffic();
    QVERIFY2(reading.ok(), reading.ok() ? "" : qPrintable(reading.error().describe()));
    const DeploymentTraffic *llm = reading->find(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY2(llm && llm->requestsPerS, "no request rate for llm/LLM");
    qInfo("llm/LLM: %.3f requests/s sent, %.3f read from Prometheus (%+.2f%%), p95 %.1f ms, error rate %s", sent,
          *llm->requestsPerS, 100.0 * (*llm->requestsPerS - sent) / sent, llm->p95Ms.value_or(-1),
          llm->errorRate ? qPrintable(QString::number(*llm->errorRate)) : "unknown");
    QVERIFY(std::abs(*llm->requestsPerS - sent) <= 0.05 * sent);
    QCOMPARE(llm->errorRate, std::optional<double>(0.0));
    QVERIFY(llm->p95Ms && *llm->p95Ms > 0);
    // scaler/Scaled runs a replica and receives nothing: 0 requests/s, its latency and error rate unknown.
    const DeploymentTraffic *idle = reading->find(QStringLiteral("scaler"), QStringLiteral("Scaled"));
    QVERIFY2(idle, "scaler/Scaled is missing from the reading");
    QCOMPARE(idle->requestsPerS, std::optional<double>(0.0));
    QVERIFY(!idle->p95Ms && !idle->errorRate);

    // The same through the CLI, while the load goes on.
    QProcess ctl;
    ctl.start(QStringLiteral(SCALEDECKCTL_PATH), {QStringLiteral("traffic"), QStringLiteral("--json")});
    QVERIFY(waitWhileSending(ctl, 60000));
    QCOMPARE(ctl.exitCode(), 0);
    const double sentNow = sentRatePerS(kWindowS);
    const QJsonObject document = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
    QCOMPARE(document.value(QStringLiteral("source")).toString(), QStringLiteral("prometheus"));
    QCOMPARE(document.value(QStringLiteral("window_s")).toInt(), kWindowS);
    QJsonObject llmRow;
    for (const QJsonValue &row : document.value(QStringLiteral("deployments")).toArray())
        if (row[QStringLiteral("app")] == QStringLiteral("llm"))
            llmRow = row.toObject();
    QCOMPARE(llmRow.value(QStringLiteral("replicas")).toInt(), 2);
    const double ctlRate = llmRow.value(QStringLiteral("requests_per_s")).toDouble(-1);
    qInfo("scaledeckctl traffic: %.3f requests/s for llm/LLM, %.3f sent", ctlRate, sentNow);
    QVERIFY(std::abs(ctlRate - sentNow) <= 0.05 * sentNow);
}

void TestLiveTraffic::recentRequestsCountWhatCame()
{
    const double sent = sentRatePerS(kWindowS) * kWindowS;
    auto llm = recent(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY2(llm.ok(), llm.ok() ? "" : qPrintable(llm.error().describe()));
    qInfo("llm/LLM: %.1f requests in the last minute by Prometheus, %.0f answered", llm->requests, sent);
    QVERIFY(std::abs(llm->requests - sent) <= 0.05 * sent);
    QVERIFY(llm->source.contains(QStringLiteral("Prometheus at")));

    auto idle = recent(QStringLiteral("scaler"), QString());
    QVERIFY2(idle.ok(), idle.ok() ? "" : qPrintable(idle.error().describe()));
    QCOMPARE(idle->requests, 0.0);

    auto unknown = recent(QStringLiteral("no-such-app"), QString());
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.error().message.contains(QStringLiteral("has no series of no-such-app")),
             qPrintable(unknown.error().message));
}

// No Prometheus: `scaledeckctl traffic` reads the nodes' own metrics endpoints (found in the dashboard's node
// summary) twice, a window apart, while the load goes on.
void TestLiveTraffic::withoutPrometheusTheNodesAreRead()
{
    constexpr int nodeWindowS = 40;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("RAY_PROMETHEUS_HOST"));
    QProcess ctl;
    ctl.setProcessEnvironment(environment);
    ctl.start(QStringLiteral(SCALEDECKCTL_PATH),
              {QStringLiteral("traffic"), QStringLiteral("--json"), QStringLiteral("--window"),
               QString::number(nodeWindowS) + QLatin1Char('s')});
    QVERIFY(waitWhileSending(ctl, (nodeWindowS + 60) * 1000));
    const QByteArray err = ctl.readAllStandardError();
    QVERIFY2(ctl.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("reading the nodes' metrics twice, 40 s apart"), err.constData());
    const double sent = sentRatePerS(nodeWindowS);
    const QJsonObject document = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
    QCOMPARE(document.value(QStringLiteral("source")).toString(), QStringLiteral("nodes"));
    QVERIFY(std::abs(document.value(QStringLiteral("window_s")).toInt() - nodeWindowS) <= 2);
    std::map<QString, QJsonObject> rows;
    for (const QJsonValue &row : document.value(QStringLiteral("deployments")).toArray())
        rows[row[QStringLiteral("app")].toString() + QLatin1Char('/') + row[QStringLiteral("deployment")].toString()] =
            row.toObject();
    const double rate = rows[QStringLiteral("llm/LLM")].value(QStringLiteral("requests_per_s")).toDouble(-1);
    qInfo("from the nodes: %.3f requests/s for llm/LLM, %.3f sent (%+.2f%%)", rate, sent, 100.0 * (rate - sent) / sent);
    QVERIFY(std::abs(rate - sent) <= 0.05 * sent);
    QVERIFY(rows[QStringLiteral("llm/LLM")].value(QStringLiteral("p95_ms")).toDouble(-1) > 0);
    // Running and never asked: 0, not unknown.
    QCOMPARE(rows[QStringLiteral("scaler/Scaled")].value(QStringLiteral("requests_per_s")), QJsonValue(0.0));
}

// A scale-down of a deployment that is serving says so before anything is sent (here a dry run: nothing is).
void TestLiveTraffic::aScaleDownShowsWhatTheTargetServed()
{
    QProcess ctl;
    ctl.start(QStringLiteral(SCALEDECKCTL_PATH),
              {QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("1"), QStringLiteral("--dry-run")});
    QVERIFY(waitWhileSending(ctl, 60000));
    QCOMPARE(ctl.exitCode(), 0);
    const QString out = QString::fromUtf8(ctl.readAllStandardOutput());
    const QRegularExpression line(
        QStringLiteral("# traffic: llm/LLM served (\\d+) requests in the last 5 min \\(([\\d.]+) a minute\\); 1 of 2 "
                       "replicas would take them"));
    const QRegularExpressionMatch match = line.match(out);
    QVERIFY2(match.hasMatch(), qPrintable(out));
    // What this test sent in those 5 minutes (the load has run for about two), within 10%: increase() over a
    // window the series began in extrapolates its start.
    const double sent = sentRatePerS(300) * 300;
    qInfo("the dry run says %d requests in the last 5 min; %.0f answered", match.captured(1).toInt(), sent);
    QVERIFY2(std::abs(match.captured(1).toInt() - sent) <= 0.10 * sent, qPrintable(out));
    const QProcess::ExitStatus status = ctl.exitStatus();
    QCOMPARE(status, QProcess::NormalExit);
}

QTEST_GUILESS_MAIN(TestLiveTraffic)
#include "test_live_traffic.moc"
