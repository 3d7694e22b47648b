// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Traffic against the real parts: the test sends real HTTP requests to Serve's proxy at a known rate while a real
// Prometheus (Debian's, started by scripts/test.sh on loopback) scrapes the real Ray head; the rates ScaleDeck
// reads from that Prometheus, in the core and through `scaledeckctl traffic --json`, agree with the rate sent
// within 5%; so do the rates read without Prometheus, from the nodes' own metrics endpoints. A deployment that
// served nothing reads 0 requests/s (not unknown), and one Prometheus has no series of reads as an error, never 0.
// `scaledeckctl run` records the GPU history meanwhile, so `scaledeckctl cost --prometheus` can say what the held GPUs
// served: llm/LLM's requests agree with those answered in the report's period, its cost per 1,000 requests is its
// cost over them, and a deployment that got no request held its GPUs idle.
#include "livecluster.h"
#include "prometheustraffic.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
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
    void costSaysWhatTheGpusServed();
    void cleanupTestCase();

private:
    void startRecording();
    void startSending();
    int answeredBetween(const QDateTime &fromUtc, const QDateTime &toUtc) const;
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
    QDateTime m_clockStartUtc; // m_clock's 0
    QTemporaryDir m_storeDir;
    std::unique_ptr<QProcess> m_run; // `scaledeckctl run --tick 1`, recording the GPU history
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
    m_clockStartUtc = QDateTime::currentDateTimeUtc();
    startRecording();
    startSending();
}

void TestLiveTraffic::cleanupTestCase()
{
    m_sender.stop();
    if (m_run && m_run->state() != QProcess::NotRunning) {
        m_run->terminate(); // SIGTERM: it releases the cluster's lock
        if (!QTest::qWaitFor([this] { return m_run->state() == QProcess::NotRunning; }, 15000))
            qWarning("scaledeckctl run did not stop on SIGTERM within 15 s");
    }
}

// A store of its own with no schedules: the controller only records.
void TestLiveTraffic::startRecording()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SCALEDECK_NOW"));
    environment.remove(QStringLiteral("SCALEDECK_STORE"));
    m_run = std::make_unique<QProcess>();
    m_run->setProcessEnvironment(environment);
    m_run->start(QStringLiteral(SCALEDECKCTL_PATH),
                 {QStringLiteral("--store"), m_storeDir.filePath(QStringLiteral("store.sqlite")), QStringLiteral("run"),
                  QStringLiteral("--tick"), QStringLiteral("1")});
    QVERIFY(m_run->waitForStarted());
    QByteArray said;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     said += m_run->readAllStandardOutput();
                     return said.contains(" controlling ");
                 },
                 30000),
             said.constData());
}

int TestLiveTraffic::answeredBetween(const QDateTime &fromUtc, const QDateTime &toUtc) const
{
    const qint64 from = m_clockStartUtc.msecsTo(fromUtc);
    const qint64 to = m_clockStartUtc.msecsTo(toUtc);
    return int(std::count_if(m_answeredAtMs.begin(), m_answeredAtMs.end(),
                             [from, to](qint64 at) { return at >= from && at <= to; }));
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

void TestLiveTraffic::costSaysWhatTheGpusServed()
{
    // From 65 s into the load: the period's first 1-minute step reaches up to a minute before its start, and its
    // average rate is what the part inside counts; that minute must be under load too (and Prometheus cannot see
    // requests that came before llm/LLM's counter was first scraped). That resolution is not what this compares.
    const QDateTime since = m_clockStartUtc.addMSecs(m_sendingSinceMs + 65000);
    QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > since.addSecs(60); }, 300000));
    QProcess ctl;
    ctl.start(QStringLiteral(SCALEDECKCTL_PATH),
              {QStringLiteral("--store"), m_storeDir.filePath(QStringLiteral("store.sqlite")), QStringLiteral("cost"),
               QStringLiteral("--since"), since.toString(Qt::ISODate), QStringLiteral("--json")});
    QVERIFY(waitWhileSending(ctl, 60000));
    const QByteArray err = ctl.readAllStandardError();
    QVERIFY2(ctl.exitCode() == 0, err.constData());
    const QJsonObject report = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
    QVERIFY2(report.value(QStringLiteral("traffic_error")).isNull(),
             qPrintable(report.value(QStringLiteral("traffic_error")).toString()));
    QCOMPARE(report.value(QStringLiteral("traffic_source")).toString(),
             QStringLiteral("Prometheus at %1").arg(qEnvironmentVariable("RAY_PROMETHEUS_HOST")));
    const QDateTime from = QDateTime::fromString(report.value(QStringLiteral("from_utc")).toString(), Qt::ISODate);
    const QDateTime to = QDateTime::fromString(report.value(QStringLiteral("to_utc")).toString(), Qt::ISODate);
    QVERIFY(from.isValid() && to.isValid());

    std::map<QString, QJsonObject> rows;
    for (const QJsonValue row : report.value(QStringLiteral("deployments")).toArray())
        rows[row[QStringLiteral("app")].toString() + QLatin1Char('/') + row[QStringLiteral("deployment")].toString()] =
            row.toObject();
    QVERIFY(rows.count(QStringLiteral("llm/LLM")));
    const QJsonObject llm = rows[QStringLiteral("llm/LLM")];
    const double requests = llm.value(QStringLiteral("requests")).toDouble(-1);
    const int answered = answeredBetween(from, to);
    qInfo("cost from %s to %s: llm/LLM %.1f requests by Prometheus, %d answered (%+.2f%%)",
          qPrintable(from.toString(Qt::ISODate)), qPrintable(to.toString(Qt::ISODate)), requests, answered,
          100.0 * (requests - answered) / std::max(1, answered));
    QVERIFY(answered >= 500); // a minute or more of load
    QVERIFY(std::abs(requests - answered) <= 0.05 * answered);
    const double cost = llm.value(QStringLiteral("cost")).toDouble();
    if (cost > 0) // with prices set: the cost over the requests; without, nothing to divide
        QVERIFY(std::abs(llm.value(QStringLiteral("cost_per_1000_requests")).toDouble() - cost * 1000 / requests) <=
                1e-9 * cost * 1000 / requests);

    // embedder/Embedder gets no request here (its backfilled weeks end before the test): every GPU-hour it held in
    // a step with data was idle.
    QVERIFY(rows.count(QStringLiteral("embedder/Embedder")));
    const QJsonObject embedder = rows[QStringLiteral("embedder/Embedder")];
    QCOMPARE(embedder.value(QStringLiteral("requests")).toDouble(-1), 0.0);
    QVERIFY(embedder.value(QStringLiteral("cost_per_1000_requests")).isNull()); // no requests: no price of one
    const double held = embedder.value(QStringLiteral("gpu_hours")).toDouble();
    const double idle = embedder.value(QStringLiteral("idle_while_held_gpu_hours")).toDouble(-1);
    const double unknown = embedder.value(QStringLiteral("traffic_unknown_gpu_hours")).toDouble(-1);
    qInfo("embedder/Embedder: %.4f GPU-hours held, %.4f idle while held, %.4f with no data", held, idle, unknown);
    QVERIFY(held > 0);
    QVERIFY(std::abs(idle + unknown - held) <= 0.01 * held);
    QVERIFY(idle >= 0.9 * held);
}

QTEST_GUILESS_MAIN(TestLiveTraffic)
#include "test_live_traffic.moc"
