// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// An application Ray is still deploying (just unparked, or just `serve deploy`ed) is listed with its config
// but none of its deployments for some seconds. The controller reads such a deployment from the config it
// just deployed: it is in step or gets its count, not "missing" (a tick lost for nothing, found by the
// property test).
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

// The demo cluster with embedder DEPLOYING: its config (Embedder at 2 replicas) but no deployments listed.
QByteArray embedderStillDeploying()
{
    OrderedJson document = OrderedJson::parse(readFixture(QStringLiteral("applications_demo.json")).toStdString());
    document["applications"]["embedder"]["status"] = "DEPLOYING";
    document["applications"]["embedder"]["deployments"] = OrderedJson::object();
    return QByteArray::fromStdString(document.dump());
}
} // namespace

class TestControllerDeploying : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deploymentIsReadFromConfig_data();
    void deploymentIsReadFromConfig();
};

void TestControllerDeploying::deploymentIsReadFromConfig_data()
{
    QTest::addColumn<int>("scheduled");
    QTest::addColumn<QString>("result");
    QTest::newRow("config already holds the count") << 2 << QStringLiteral("in step");
    QTest::newRow("config holds another count") << 1 << QStringLiteral("dry-run");
}

void TestControllerDeploying::deploymentIsReadFromConfig()
{
    QFETCH(int, scheduled);
    QFETCH(QString, result);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    ScheduleStore schedules(path);
    ParkedStore parked(path);
    QVERIFY(parked.open().ok());
    const ScheduleParse parsed =
        parseScheduleText(QStringLiteral("tz UTC\ndefault %1\ndrift correct\n").arg(scheduled));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error ? parsed.error->describe() : QString()));
    QVERIFY(schedules
                .saveSchedule(clusterKey, {ScheduleTarget{QStringLiteral("embedder"), QStringLiteral("Embedder")},
                                           scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());

    ScriptedHttpServer server;
    server.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    server.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    server.answer("/api/serve/applications/", {200, embedderStillDeploying()});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    // A dry run: what the tick decides is the point, not the PUT (test_changeplanner covers the body).
    ScheduleController controller(&client, &parked, &schedules, &clock, clusterKey,
                                  ControllerOptions{1000, true, QStringLiteral("test"), 3});
    QSignalSpy ticked(&controller, &ScheduleController::tickFinished);
    controller.tickNow();
    QTRY_COMPARE_WITH_TIMEOUT(ticked.count(), 1, 20000);
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    QVERIFY2(!report.error, qPrintable(report.error ? report.error->describe() : QString()));
    QCOMPARE(report.decisions.size(), size_t(1));
    const TargetDecision &decision = report.decisions.front();
    QVERIFY2(
        decisionResultName(decision.result) == result,
        qPrintable(
            QStringLiteral("%1 (%2): %3").arg(decisionResultName(decision.result), decision.actual, decision.detail)));
    QCOMPARE(decision.actual, QStringLiteral("2"));
}

QTEST_GUILESS_MAIN(TestControllerDeploying)
#include "test_controller_deploying.moc"
