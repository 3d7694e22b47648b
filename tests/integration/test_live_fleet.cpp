// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 16: the fleet against real Ray. Two real heads, each on its own ports: the suite's shared one (4 GPUs, the
// example apps) and one this test starts (2 GPUs, only the embedder app), plus an address that refuses
// connections. `scaledeckctl fleet --json` shows both heads' real figures, as a direct read of each head gives
// them, and the third's error; and a fault proxy that holds one head's answers back by seconds does not hold
// back the other's row, in the poller the window uses nor in the command.
#include "clock.h"
#include "faultproxy.h"
#include "fleetpoller.h"
#include "livecluster.h"
#include "ownhead.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#ifndef SCALEDECKCTL_PATH
#error "SCALEDECKCTL_PATH names the scaledeckctl under test"
#endif
#include "ctlprocess.h"

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
constexpr int kHeldBackMs = 6000; // the proxy's delay on every request to the second head
const QString kNotDeployed = QStringLiteral("llm,gateway,batch,scaler"); // the second head runs the embedder only

struct Head {
    QUrl url;
    QString tokenFile;
};

// A loopback port nothing listens on: bound, then closed.
quint16 refusingPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}
} // namespace

class TestLiveFleet : public QObject {
    Q_OBJECT
public:
    ~TestLiveFleet() override { stopOwnHead(); }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopOwnHead(); }
    void theCommandShowsEachHeadsRealFiguresAndTheRefusedOne();
    void aHeadHeldBackDoesNotHoldBackTheOtherRow();
    void theCommandTakesAboutAsLongAsTheSlowestHead();

private:
    void stopOwnHead();
    SnapshotPtr readDirectly(const Head &head);
    FleetMember memberOf(const QString &name, const QUrl &url, const Head &head) const;
    QString clustersFile(const QUrl &secondUrl);
    nlohmann::json fleetJson(const QString &file, CtlRun *run);

    QTemporaryDir m_dir;
    QString m_envFile;
    bool m_headStarted = false;
    Head m_shared;
    Head m_own;
    quint16 m_refusing = 0;
    QNetworkAccessManager m_network;
};

void TestLiveFleet::initTestCase()
{
    QString whyNot;
    const std::optional<ClusterEndpoint> shared = liveEndpoint(&whyNot);
    QVERIFY2(shared, qPrintable(whyNot));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    m_shared = {shared->dashboardUrl, env.value(QStringLiteral("RAY_AUTH_TOKEN_PATH"))};
    QVERIFY2(!m_shared.tokenFile.isEmpty(), "the shared head's token is in RAY_AUTH_TOKEN_PATH");

    QVERIFY(m_dir.isValid());
    m_envFile = m_dir.filePath(QStringLiteral("second-head.env"));
    const QProcessEnvironment child = withoutSharedHead(env);
    m_headStarted = true; // from here on, stopOwnHead() stops whatever the script got to start
    QVERIFY(runRayClusterScript({QStringLiteral("start"), QStringLiteral("--gpus"), QStringLiteral("2"),
                                 QStringLiteral("--cpus"), QStringLiteral("4"), QStringLiteral("--auth"),
                                 QStringLiteral("token"), QStringLiteral("--port-file"), m_envFile},
                                child));
    QVERIFY(
        runRayClusterScript({QStringLiteral("deploy"), m_envFile, QStringLiteral("--without"), kNotDeployed}, child));
    const QProcessEnvironment own = readEnvFile(m_envFile);
    m_own = {QUrl(own.value(QStringLiteral("RAY_DASHBOARD_ADDRESS"))),
             own.value(QStringLiteral("RAY_AUTH_TOKEN_PATH"))};
    QVERIFY2(m_own.url.isValid() && !m_own.tokenFile.isEmpty(), qPrintable(m_envFile));
    if (m_own.url.scheme().isEmpty())
        m_own.url = QUrl(QStringLiteral("http://") + own.value(QStringLiteral("RAY_DASHBOARD_ADDRESS")));
    QVERIFY(m_own.url.port() != m_shared.url.port());
    m_refusing = refusingPort();
    QVERIFY(m_refusing != 0);

    // The embedder's two replicas settle first: the figures compared below are then the head's steady ones.
    QTRY_VERIFY_WITH_TIMEOUT(
        [this] {
            const SnapshotPtr snapshot = readDirectly(m_own);
            const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(QStringLiteral("embedder")) : nullptr;
            return app && !app->deployments.empty() && app->deployments.front().runsExactly(2);
        }(),
        180000);
}

void TestLiveFleet::stopOwnHead()
{
    if (!std::exchange(m_headStarted, false))
        return;
    // By the env file: the script stops the processes it started, by PID, and nothing of the shared head.
    if (!runRayClusterScript({QStringLiteral("stop"), m_envFile},
                             withoutSharedHead(QProcessEnvironment::systemEnvironment())))
        qWarning("could not stop the second head (%s)", qPrintable(m_envFile));
}

SnapshotPtr TestLiveFleet::readDirectly(const Head &head)
{
    auto token = resolveToken(head.tokenFile, {}, QDir::homePath());
    if (!token)
        return nullptr;
    ClusterEndpoint endpoint = endpointFor(head.url, *token);
    endpoint.timeoutMs = 30000;
    DashboardClient client(&m_network, endpoint);
    const Result<SnapshotPtr> snapshot = snapshotNow(client, nullptr);
    return snapshot ? *snapshot : nullptr;
}

FleetMember TestLiveFleet::memberOf(const QString &name, const QUrl &url, const Head &head) const
{
    FleetMember member;
    member.name = name;
    member.url = url;
    if (!head.tokenFile.isEmpty()) {
        auto token = resolveToken(head.tokenFile, {}, QDir::homePath());
        if (token) {
            member.token = token->token;
            member.tokenOrigin = token->origin;
        }
    }
    return member;
}

// NAME ADDRESS [TOKEN_FILE], one cluster a line: the shared head, the second head at `secondUrl` (itself or a proxy
// in front of it), and the refusing address.
QString TestLiveFleet::clustersFile(const QUrl &secondUrl)
{
    const QString path = m_dir.filePath(QStringLiteral("clusters-%1").arg(secondUrl.port()));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QStringLiteral("# the suite's head, this test's head, and nothing\n"
                              "shared %1 %2\nsecond %3 %4\ndown 127.0.0.1:%5\n")
                   .arg(m_shared.url.toString(), m_shared.tokenFile, secondUrl.toString(), m_own.tokenFile)
                   .arg(m_refusing)
                   .toUtf8());
    return path;
}

nlohmann::json TestLiveFleet::fleetJson(const QString &file, CtlRun *run)
{
    const QProcessEnvironment env = withoutSharedHead(QProcessEnvironment::systemEnvironment());
    *run = runCtl(env, {QStringLiteral("fleet"), QStringLiteral("--clusters"), file, QStringLiteral("--json")});
    const nlohmann::json json = nlohmann::json::parse(run->out.toStdString(), nullptr, false);
    return json.is_object() ? json : nlohmann::json();
}

void TestLiveFleet::theCommandShowsEachHeadsRealFiguresAndTheRefusedOne()
{
    const SnapshotPtr shared = readDirectly(m_shared);
    const SnapshotPtr own = readDirectly(m_own);
    QVERIFY(shared && own);
    CtlRun run;
    const nlohmann::json json = fleetJson(clustersFile(m_own.url), &run);
    QCOMPARE(run.exitCode, 1); // one cluster did not answer; the rows are printed all the same
    QVERIFY2(json.contains("clusters") && json["clusters"].size() == 3, qPrintable(run.out + run.err));
    const nlohmann::json &first = json["clusters"][0];
    const nlohmann::json &second = json["clusters"][1];
    const nlohmann::json &down = json["clusters"][2];

    QCOMPARE(first["name"], "shared");
    QCOMPARE(first["reachable"], true);
    QVERIFY(first["error"].is_null());
    QCOMPARE(QString::fromStdString(first["ray_version"].get<std::string>()), shared->rayVersion);
    QCOMPARE(first["gpus_total"].get<double>(), shared->gpusTotal);
    QCOMPARE(first["gpus_total"].get<double>(), 4.0);
    int sharedDeployments = 0;
    for (const ApplicationSnapshot &app : shared->applications)
        sharedDeployments += app.parked ? 0 : int(app.deployments.size());
    QCOMPARE(first["deployments"].get<int>(), sharedDeployments);

    // The second head runs the embedder alone: one deployment, 2 replicas of half a GPU each, on 2 GPUs.
    QCOMPARE(second["name"], "second");
    QCOMPARE(second["reachable"], true);
    QCOMPARE(QString::fromStdString(second["ray_version"].get<std::string>()), own->rayVersion);
    QCOMPARE(second["deployments"].get<int>(), 1);
    QCOMPARE(second["replicas_running"].get<int>(), 2);
    QCOMPARE(second["replicas_target"].get<int>(), 2);
    QCOMPARE(second["gpus_held"].get<double>(), 1.0);
    QCOMPARE(second["gpus_total"].get<double>(), 2.0);

    QCOMPARE(down["name"], "down");
    QCOMPARE(down["reachable"], false);
    QVERIFY2(down["error"].is_string() && down["error"].get<std::string>().find("refused") != std::string::npos,
             down.dump().c_str());
    for (const char *figure : {"ray_version", "deployments", "replicas_running", "gpus_total", "cost_per_hour"})
        QVERIFY2(down[figure].is_null(), figure);
}

void TestLiveFleet::aHeadHeldBackDoesNotHoldBackTheOtherRow()
{
    FaultProxy proxy(m_own.url);
    proxy.addRule({{}, {}, Fault::Delay, 1000, kHeldBackMs});
    SystemClock clock;
    FleetPollOptions options;
    options.timeout = std::chrono::milliseconds(kHeldBackMs * 3);
    FleetPoller poller(
        {memberOf(QStringLiteral("shared"), m_shared.url, m_shared),
         memberOf(QStringLiteral("second"), proxy.url(), m_own),
         memberOf(QStringLiteral("down"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_refusing)), Head{})},
        FleetStores{}, &clock, options);
    QElapsedTimer took;
    took.start();
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(poller.rows()[0].state == FleetState::Answering, 60000);
    const qint64 sharedMs = took.elapsed();
    // The held-back head has not answered yet when the other one has: each is read on its own.
    QCOMPARE(poller.rows()[1].state, FleetState::Waiting);
    QTRY_VERIFY_WITH_TIMEOUT(poller.rows()[1].state == FleetState::Answering, 60000);
    const qint64 secondMs = took.elapsed();
    QVERIFY(secondMs >= kHeldBackMs);
    QCOMPARE(poller.rows()[1].figures->gpusTotal, 2.0);
    QCOMPARE(poller.rows()[2].state, FleetState::Unreachable);
    qInfo("the shared head's row answered after %lld ms, the held-back head's after %lld ms (held back %d ms)",
          sharedMs, secondMs, kHeldBackMs);
    poller.stop();
}

void TestLiveFleet::theCommandTakesAboutAsLongAsTheSlowestHead()
{
    // Both heads held back: read one after the other, the command would take twice the delay at least.
    FaultProxy sharedProxy(m_shared.url);
    FaultProxy ownProxy(m_own.url);
    for (FaultProxy *proxy : {&sharedProxy, &ownProxy})
        proxy->addRule({{}, {}, Fault::Delay, 1000, kHeldBackMs});
    const QString path = m_dir.filePath(QStringLiteral("clusters-held-back"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("shared %1 %2\nsecond %3 %4\n")
                   .arg(sharedProxy.url().toString(), m_shared.tokenFile, ownProxy.url().toString(), m_own.tokenFile)
                   .toUtf8());
    file.close();
    QElapsedTimer took;
    took.start();
    CtlRun run;
    const nlohmann::json json = fleetJson(path, &run);
    const qint64 wallMs = took.elapsed();
    QCOMPARE(run.exitCode, 0); // both answered
    QVERIFY2(json.contains("clusters") && json["clusters"].size() == 2, qPrintable(run.out + run.err));
    QCOMPARE(json["clusters"][0]["gpus_total"].get<double>(), 4.0);
    QCOMPARE(json["clusters"][1]["gpus_total"].get<double>(), 2.0);
    // Each head's reads are held back once, all at the same time: the command waits for the slowest head, not for
    // the sum of the heads. The bound only tells concurrent from one after the other; the figure is for the note.
    qInfo("scaledeckctl fleet with both heads held back %d ms: %lld ms", kHeldBackMs, wallMs);
    QVERIFY2(wallMs >= kHeldBackMs && wallMs < 2 * kHeldBackMs, qPrintable(QString::number(wallMs)));
}

QTEST_GUILESS_MAIN(TestLiveFleet)
#include "test_live_fleet.moc"
