// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run --metrics-listen 127.0.0.1:0` against the real Ray cluster, watched by a real Prometheus (Debian's
// `prometheus`, its own on a free loopback port, scraping every second): the schedule moves llm/LLM from 2 to 1
// (the clock starts three seconds before its window), and Prometheus' query API comes to show the decision sent,
// the target's desired and actual replicas at 1, the GPUs it holds, and this controller holding the lock. Both
// processes are stopped by their own PIDs (QProcess), and llm/LLM is put back to 2.
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// A body from a GET on loopback, or empty after 10 s without one.
QByteArray getBody(QNetworkAccessManager &network, const QUrl &url, int *status = nullptr)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(15000))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->readAll();
}

// A loopback port free now (the system's choice), for a process that binds it next.
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}
} // namespace

class TestLiveMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void prometheusSeesTheControllersChange();

private:
    std::unique_ptr<QProcess> startRun();
    std::unique_ptr<QProcess> startPrometheus(const QString &target);
    // The value of the one series `query` returns now, or nullopt (none yet, several, or no answer).
    std::optional<double> queryValue(const QString &query);

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    QUrl m_prometheus;
};

void TestLiveMetrics::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("prometheus")).isEmpty(),
             "prometheus is not installed (scripts/install-deps.sh)");
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    ScheduleStore store(m_storePath);
    QVERIFY(store.open().ok());
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 2\nMon 10:00-11:00 = 1\n"));
    QVERIFY(parsed.ok());
    QVERIFY(store
                .saveSchedule(m_endpoint->clusterKey(),
                              StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                             scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
}

void TestLiveMetrics::cleanupTestCase()
{
    if (!m_client)
        return;
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2) {
        ParkedStore parked(m_storePath);
        QVERIFY(parked.open().ok());
        ChangeSet restore;
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        const ApplyOutcome outcome =
            applyAndFollow(*m_client, parked, snapshotNow(*m_client, &parked).value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
}

std::unique_ptr<QProcess> TestLiveMetrics::startRun()
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    // Three seconds before Monday's window opens: the first ticks are in step, then 2 -> 1 is sent.
    process->start(QStringLiteral(SCALEDECKCTL_PATH),
                   {QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                    QStringLiteral("1"), QStringLiteral("--clock-start"), QStringLiteral("2026-11-23T09:59:57Z"),
                    QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")});
    if (!process->waitForStarted())
        qFatal("scaledeckctl run did not start");
    return process;
}

std::unique_ptr<QProcess> TestLiveMetrics::startPrometheus(const QString &target)
{
    const QString dir = m_dir.filePath(QStringLiteral("prometheus"));
    QDir().mkpath(dir + QStringLiteral("/data"));
    QFile config(dir + QStringLiteral("/prometheus.yml"));
    if (!config.open(QIODevice::WriteOnly))
        qFatal("cannot write the Prometheus config");
    config.write(QStringLiteral("global:\n"
                                "  scrape_interval: 1s\n"
                                "  evaluation_interval: 1s\n"
                                "scrape_configs:\n"
                                "  - job_name: scaledeck\n"
                                "    static_configs:\n"
                                "      - targets: ['%1']\n")
                     .arg(target)
                     .toUtf8());
    config.close();
    const quint16 port = freePort();
    m_prometheus = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStandardPaths::findExecutable(QStringLiteral("prometheus")),
                   {QStringLiteral("--config.file=%1").arg(config.fileName()),
                    QStringLiteral("--storage.tsdb.path=%1/data").arg(dir),
                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)});
    if (!process->waitForStarted())
        qFatal("prometheus did not start");
    return process;
}

std::optional<double> TestLiveMetrics::queryValue(const QString &query)
{
    QUrl url = m_prometheus;
    url.setPath(QStringLiteral("/api/v1/query"));
    url.setQuery(QUrlQuery{{QStringLiteral("query"), query}});
    const QJsonObject answer = QJsonDocument::fromJson(getBody(m_network, url)).object();
    const QJsonArray result = answer.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray();
    if (result.size() != 1)
        return std::nullopt;
    // [timestamp, "value"]
    const QJsonArray value = result.first().toObject().value(QStringLiteral("value")).toArray();
    bool ok = false;
    const double number = value.at(1).toString().toDouble(&ok);
    return ok ? std::optional<double>(number) : std::nullopt;
}

void TestLiveMetrics::prometheusSeesTheControllersChange()
{
    auto run = startRun();
    QByteArray output;
    static const QRegularExpression listening(QStringLiteral("metrics on (127\\.0\\.0\\.1:(\\d+)) "));
    QRegularExpressionMatch match;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     output += run->readAll();
                     match = listening.match(QString::fromUtf8(output));
                     return match.hasMatch() || run->state() == QProcess::NotRunning;
                 },
                 30000),
             output.constData());
    QVERIFY2(match.hasMatch(), output.constData());
    const QString target = match.captured(1);

    // The endpoint itself answers before Prometheus is asked.
    int status = 0;
    const QByteArray health = getBody(m_network, QUrl(QStringLiteral("http://%1/healthz").arg(target)), &status);
    QVERIFY2(status == 200 || status == 503, health.constData());

    auto prometheus = startPrometheus(target);
    QByteArray prometheusLog;
    auto logs = [&] {
        output += run->readAll();
        prometheusLog += prometheus->readAll();
        return QString::fromUtf8("scaledeckctl:\n" + output + "\nprometheus:\n" + prometheusLog.right(4000));
    };
    auto waitFor = [&](const QString &query, double expected) {
        return QTest::qWaitFor([&] { return queryValue(query) == expected; }, 90000);
    };
    QVERIFY2(waitFor(QStringLiteral("up{job=\"scaledeck\"}"), 1), qPrintable(logs()));
    QVERIFY2(waitFor(QStringLiteral("scaledeck_controller_holds_lock{job=\"scaledeck\"}"), 1), qPrintable(logs()));
    QVERIFY2(waitFor(QStringLiteral(
                         "scaledeck_controller_decisions_total{job=\"scaledeck\",cause=\"schedule\",result=\"sent\"}"),
                     1),
             qPrintable(logs()));
    QVERIFY2(waitFor(QStringLiteral("scaledeck_target_desired_replicas{job=\"scaledeck\",target=\"llm/LLM\"}"), 1),
             qPrintable(logs()));
    QVERIFY2(waitFor(QStringLiteral("scaledeck_target_actual_replicas{job=\"scaledeck\",target=\"llm/LLM\"}"), 1),
             qPrintable(logs()));
    // llm/LLM's replica holds one GPU (ray_actor_options num_gpus 1): once the second replica is gone, 1.
    QVERIFY2(
        waitFor(QStringLiteral("scaledeck_deployment_gpus_held{job=\"scaledeck\",app=\"llm\",deployment=\"LLM\"}"), 1),
        qPrintable(logs()));
    QVERIFY2(waitFor(QStringLiteral("scaledeck_target_in_step{job=\"scaledeck\",target=\"llm/LLM\"}"), 1),
             qPrintable(logs()));
    // One change, counted once however many ticks saw it since.
    QCOMPARE(queryValue(QStringLiteral(
                 "scaledeck_controller_decisions_total{job=\"scaledeck\",cause=\"schedule\",result=\"sent\"}")),
             std::optional<double>(1));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(1));
    const QByteArray healthy = getBody(m_network, QUrl(QStringLiteral("http://%1/healthz").arg(target)), &status);
    QCOMPARE(status, 200);
    QVERIFY2(healthy.startsWith("ok (last successful tick "), healthy.constData());

    // Stopped by their own PIDs (SIGTERM through QProcess), never by name.
    run->terminate();
    prometheus->terminate();
    QVERIFY(run->waitForFinished(30000));
    QCOMPARE(run->exitCode(), 0);
    QVERIFY(prometheus->waitForFinished(30000));
}

QTEST_GUILESS_MAIN(TestLiveMetrics)
#include "test_live_metrics.moc"
