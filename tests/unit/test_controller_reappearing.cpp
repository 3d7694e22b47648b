// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule controller and an application that leaves the cluster and comes back (a Ray head restarted
// and its apps deployed again, or an app deleted and redeployed): the count it comes back with is the
// deployer's, not an operator's change, so the controller converges it to the schedule at once instead of
// keeping it as drift. A count changed while the app stayed on the cluster is still drift, and kept.
#include "dashboardclient.h"
#include "fixtures.h"
#include "schedulecontroller.h"
#include "scheduletext.h"
#include "scriptedhttpserver.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString clusterKey = QStringLiteral("http://127.0.0.1:8265");
const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
} // namespace

class TestControllerReappearing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void reappearedAppConvergesToTheSchedule();
    void countChangedInPlaceIsKeptAsDrift();

private:
    TargetDecision tickWith(const char *applicationsFixture);
    int changesSent() const;

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    std::unique_ptr<ParkedStore> m_parked;
    std::unique_ptr<ScheduleStore> m_schedules;
    ManualClock m_clock{QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate)};
    std::unique_ptr<ScheduleController> m_controller;
};

void TestControllerReappearing::init()
{
    const QString path =
        m_dir.filePath(QStringLiteral("%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    m_parked = std::make_unique<ParkedStore>(path);
    QVERIFY(m_parked->open().ok());
    m_schedules = std::make_unique<ScheduleStore>(path);
    QVERIFY(m_schedules->open().ok());
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 1\n")); // drift keep: the default
    QVERIFY(parsed.ok());
    QVERIFY(
        m_schedules->saveSchedule(clusterKey, {llm, scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
            .ok());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    endpoint.timeoutMs = 5000;
    m_client = std::make_unique<DashboardClient>(&m_network, endpoint);
    m_controller =
        std::make_unique<ScheduleController>(m_client.get(), m_parked.get(), m_schedules.get(), &m_clock, clusterKey,
                                             ControllerOptions{1000, false, QStringLiteral("test"), 3});
}

void TestControllerReappearing::cleanup()
{
    m_controller.reset();
    m_client.reset();
    m_server.reset();
    m_schedules.reset();
    m_parked.reset();
}

// One tick against the given GET /api/serve/applications/ answer (also the answer to the PUT, which only needs
// a 200); returns its decision for llm/LLM.
TargetDecision TestControllerReappearing::tickWith(const char *applicationsFixture)
{
    m_server->answer("/api/serve/applications/", {200, readFixture(QString::fromLatin1(applicationsFixture))});
    QSignalSpy ticked(m_controller.get(), &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (!ticked.wait(20000))
        qFatal("no tick");
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    if (report.error)
        qFatal("tick failed: %s", qPrintable(report.error->describe()));
    if (report.decisions.size() != 1)
        qFatal("%d decisions", int(report.decisions.size()));
    m_clock.advanceSecs(2);
    return report.decisions.front();
}

int TestControllerReappearing::changesSent() const
{
    int sent = 0;
    for (const ReceivedRequest &request : m_server->requests())
        sent += request.method == "PUT" ? 1 : 0;
    return sent;
}

void TestControllerReappearing::reappearedAppConvergesToTheSchedule()
{
    QCOMPARE(tickWith("applications_llm1_embedder_parked.json").result, DecisionResult::InStep);
    // The head restarted: Ray answers with no applications until they are deployed again.
    const TargetDecision gone = tickWith("applications_empty.json");
    QCOMPARE(gone.result, DecisionResult::Missing);
    // Deployed again from the deployer's config, at 2: the schedule says 1, and the controller sends it.
    const TargetDecision back = tickWith("applications_demo.json");
    QCOMPARE(back.actual, QStringLiteral("2"));
    QCOMPARE(back.cause, AuditCause::Schedule);
    QCOMPARE(back.result, DecisionResult::Sent);
    QCOMPARE(changesSent(), 1);
}

void TestControllerReappearing::countChangedInPlaceIsKeptAsDrift()
{
    QCOMPARE(tickWith("applications_llm1_embedder_parked.json").result, DecisionResult::InStep);
    const TargetDecision moved = tickWith("applications_demo.json");
    QCOMPARE(moved.cause, AuditCause::DriftKept);
    QCOMPARE(moved.result, DecisionResult::Kept);
    QCOMPARE(changesSent(), 0);
}

QTEST_GUILESS_MAIN(TestControllerReappearing)
#include "test_controller_reappearing.moc"
