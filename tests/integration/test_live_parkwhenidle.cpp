// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// park-when-idle on the real cluster, with the real Prometheus scraping it: `scaledeckctl run` enforces
// "Mon 10:00-11:00 = 2, park-when-idle 1m" for llm/LLM from a clock started just before 11:00, while the test sends
// real requests to llm. The park due at 11:00 is deferred (audited with the rate) as long as requests come; once
// they stop, llm is parked within a few ticks of one idle minute, never before.
#include "auditentry.h"
#include "livecluster.h"
#include "prometheustraffic.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestLiveParkWhenIdle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aBusyParkWaitsForIdleness();
    void cleanupTestCase();

private:
    std::vector<AuditEntry> auditRows();
    const AuditEntry *lastRowWith(AuditResult result);
    bool llmIsParked(); // the cluster no longer lists llm, and the store keeps its config

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    std::unique_ptr<ScheduleStore> m_store;
    std::unique_ptr<QProcess> m_run;
    std::vector<AuditEntry> m_rows;
};

void TestLiveParkWhenIdle::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("RAY_PROMETHEUS_HOST"))
        QFAIL("RAY_PROMETHEUS_HOST is not set: scripts/test.sh starts a real Prometheus for this test");
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    m_store = std::make_unique<ScheduleStore>(m_storePath);
    QVERIFY(m_store->open().ok());
    const ScheduleParse parsed =
        parseScheduleText(QStringLiteral("tz UTC\ndefault 0\nMon 10:00-11:00 = 2\npark-when-idle 1m\n"));
    QVERIFY2(parsed.ok(), parsed.error ? qPrintable(parsed.error->describe()) : "");
    QVERIFY(m_store
                ->saveSchedule(m_endpoint->clusterKey(),
                               StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                              scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
}

void TestLiveParkWhenIdle::cleanupTestCase()
{
    if (m_run && m_run->state() != QProcess::NotRunning) {
        m_run->terminate();
        m_run->waitForFinished(30000);
    }
    if (!m_client)
        return;
    // A park Ray has accepted lists the app until it is removed: settle first, or the unpark below would not see
    // it parked (and the config would be left in this test's store only).
    QVERIFY(waitUntilSettled(*m_client));
    ParkedStore parked(m_storePath);
    QVERIFY(parked.open().ok());
    auto snapshot = snapshotNow(*m_client, &parked);
    QVERIFY(snapshot.ok());
    const ApplicationSnapshot *llm = (*snapshot)->findApplication(QStringLiteral("llm"));
    if (llm && llm->parked) {
        ChangeSet unpark;
        unpark.unpark(QStringLiteral("llm"));
        const ApplyOutcome outcome = applyAndFollow(*m_client, parked, *snapshot, unpark);
        QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    }
    QVERIFY(waitUntilSettled(*m_client));
}

std::vector<AuditEntry> TestLiveParkWhenIdle::auditRows()
{
    auto rows = m_store->audit(m_endpoint->clusterKey(), utcTime("2000-01-01T00:00:00Z"));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

const AuditEntry *TestLiveParkWhenIdle::lastRowWith(AuditResult result)
{
    m_rows = auditRows();
    for (auto it = m_rows.rbegin(); it != m_rows.rend(); ++it)
        if (it->result == result)
            return &*it;
    return nullptr;
}

void TestLiveParkWhenIdle::aBusyParkWaitsForIdleness()
{
    // Real requests to llm, 5 a second, until the test stops them.
    const QUrl llm(QStringLiteral("http://127.0.0.1:%1/llm").arg(qEnvironmentVariable("SERVE_HTTP_PORT")));
    QTimer sender;
    int answered = 0;
    sender.setInterval(200);
    connect(&sender, &QTimer::timeout, this, [&] {
        QNetworkReply *reply = m_network.get(QNetworkRequest(llm));
        connect(reply, &QNetworkReply::finished, reply, [reply, &answered] {
            answered += reply->error() == QNetworkReply::NoError ? 1 : 0;
            reply->deleteLater();
        });
    });
    sender.start();
    // Prometheus must see the traffic before the window ends: the idle minute then holds requests.
    PrometheusClient prometheus(&m_network, QUrl(qEnvironmentVariable("RAY_PROMETHEUS_HOST")));
    PrometheusRecentRequests recent(&prometheus);
    const auto prometheusSeesRequests = [&] {
        const auto count = await<Result<RecentRequestCount>>([&](auto done) {
            recent.recentRequests(this, QStringLiteral("llm"), QStringLiteral("LLM"), std::chrono::minutes(1), done);
        });
        return count.ok() && count->requests > 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(prometheusSeesRequests(), 30000);

    m_run = std::make_unique<QProcess>();
    m_run->setProcessChannelMode(QProcess::MergedChannels);
    m_run->start(QStringLiteral(SCALEDECKCTL_PATH),
                 {QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                  QStringLiteral("1"), QStringLiteral("--clock-start"), QStringLiteral("2026-11-23T10:59:50Z")});
    QVERIFY(m_run->waitForStarted());

    // 11:00 on the controller's clock: the park is due, and deferred while llm is busy.
    QTRY_VERIFY_WITH_TIMEOUT(lastRowWith(AuditResult::Deferred) != nullptr, 60000);
    const AuditEntry deferred = *lastRowWith(AuditResult::Deferred);
    qInfo("deferred: %s", qPrintable(deferred.detail));
    QVERIFY2(deferred.detail.contains(QStringLiteral("req/min in the last 1 m")), qPrintable(deferred.detail));
    QCOMPARE(deferred.target, QStringLiteral("llm/LLM"));
    // Still busy 50 requests later (ten ticks): nothing parked.
    const int answeredAtDeferral = answered;
    QTRY_VERIFY_WITH_TIMEOUT(answered >= answeredAtDeferral + 50, 60000);
    QVERIFY(!lastRowWith(AuditResult::Sent));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));

    sender.stop();
    QElapsedTimer sinceLastRequest;
    sinceLastRequest.start();
    QTRY_VERIFY_WITH_TIMEOUT(lastRowWith(AuditResult::Sent) != nullptr, 180000);
    const qint64 parkedAfterMs = sinceLastRequest.elapsed();
    const AuditEntry sent = *lastRowWith(AuditResult::Sent);
    qInfo("parked %.1f s after the last request: %s", parkedAfterMs / 1000.0, qPrintable(sent.detail));
    QVERIFY2(sent.detail.contains(QStringLiteral("no requests in the last 1 m")), qPrintable(sent.detail));
    // Never before a whole idle minute; within a few ticks of it (Ray and the scrape lag a second or two).
    QVERIFY(parkedAfterMs >= 60000);
    QVERIFY(parkedAfterMs <= 60000 + 15000);
    // Ray answers the park before it has removed the app: the cluster shows it parked a little later.
    QTRY_VERIFY_WITH_TIMEOUT(llmIsParked(), 120000);
}

bool TestLiveParkWhenIdle::llmIsParked()
{
    ParkedStore parked(m_storePath);
    if (!parked.open().ok())
        return false;
    auto snapshot = snapshotNow(*m_client, &parked);
    const ApplicationSnapshot *llm = snapshot ? (*snapshot)->findApplication(QStringLiteral("llm")) : nullptr;
    return llm && llm->parked;
}

QTEST_GUILESS_MAIN(TestLiveParkWhenIdle)
#include "test_live_parkwhenidle.moc"
