// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Next week under the stored schedules (the cost view's projection): a replica of a scheduled target holds what
// its config asks for, so a deployment that has never run (the demo's batch, autoscaled from 0, no lease ever)
// is projected as well as one that has; a parked app from the config ScaleDeck stored for it. Leases only stand
// in when there is no snapshot. The cluster is applications_demo.json, captured from Ray 2.60.
#include "fixtures.h"
#include "scheduleprojection.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"

#include <QtTest>

#include <cmath>

using namespace scaledeck;

namespace {
// Monday 2026-11-30 00:00 UTC: the projected week, in the schedules' zone (UTC).
const QDateTime kWeekStart = QDateTime(QDate(2026, 11, 30), QTime(0, 0), Qt::UTC);

// The embedder as ScaleDeck stores it when parked: its deployed config (2 replicas of 0.5 GPU) and the summary.
ParkedApp parkedEmbedder()
{
    return {
        QStringLiteral("embedder"),
        R"({"name":"embedder","route_prefix":"/embed","import_path":"scaledeck_demo.embedder:app",)"
        R"("deployments":[{"name":"Embedder","num_replicas":2,"ray_actor_options":{"num_cpus":0.5,"num_gpus":0.5}}]})",
        R"({"route_prefix":"/embed","deployments":[{"name":"Embedder","target_replicas":2,)"
        R"("gpus_per_replica":0.5,"cpus_per_replica":0.5,"autoscaling":null}]})",
        QDateTime(QDate(2026, 11, 25), QTime(18, 16), Qt::UTC)};
}

// The demo cluster with the embedder parked; its node's 4 GPUs are L4s when `typed`.
SnapshotPtr demoSnapshot(bool typed)
{
    QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    auto document = OrderedJson::parse(body.constBegin(), body.constEnd());
    document["applications"].erase("embedder"); // parked: Ray no longer has it
    auto state = readServeState(QByteArray::fromStdString(document.dump()));
    if (!state)
        qFatal("%s", qPrintable(state.error().describe()));
    NodeTotals nodes{4, 8, 1, {}, {}, {}};
    if (typed)
        nodes.gpusByAccelerator = {{QStringLiteral("L4"), 4.0}};
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(state).value(), nodes, {parkedEmbedder()},
                         kWeekStart.addDays(-3));
}

StoredSchedule schedule(const char *target, const char *text)
{
    return StoredSchedule{*ScheduleTarget::parse(QString::fromLatin1(target)), QString::fromLatin1(text), {}};
}

// A batch window of 30 minutes a week at 8 replicas: 4 replica-hours.
const char *kBatch = "tz UTC\ndefault 0\nSun 02:00+30m = 8\n";
// Office hours: 50 hours a week at 2 replicas (or, for an app target, running).
const char *kOffice = "tz UTC\ndefault 0\nMon-Fri 07:00-17:00 = 2\n";
const char *kOfficeApp = "tz UTC\ndefault 0\nMon-Fri 07:00-17:00 = 1\n";

GpuLease leaseOf(const char *app, const char *deployment, double gpus, const char *accelerator)
{
    GpuLease lease;
    lease.app = QString::fromLatin1(app);
    lease.deployment = QString::fromLatin1(deployment);
    lease.replicaId = QStringLiteral("r1");
    lease.gpus = gpus;
    lease.accelerator = QString::fromLatin1(accelerator);
    lease.startUtc = kWeekStart.addDays(-2);
    return lease;
}

bool near(double actual, double expected)
{
    return std::abs(actual - expected) < 1e-9 * std::max(1.0, std::abs(expected));
}
} // namespace

class TestScheduleProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void neverRunDeploymentIsProjectedFromItsConfig_data();
    void neverRunDeploymentIsProjectedFromItsConfig();
    void configWinsOverPastLeases();
    void leasesStandInWithoutASnapshot();
    void unknownTargetAndBadTextAddNothing();
};

void TestScheduleProjection::neverRunDeploymentIsProjectedFromItsConfig_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("typed");
    QTest::addColumn<double>("gpuHours");
    QTest::addColumn<double>("alwaysOnGpuHours");
    QTest::addColumn<double>("cost"); // at $2.50 a GPU-hour, L4 $4.00, $0.10 a CPU-hour
    // batch/BatchWorker: 1 GPU and 0.5 CPU a replica (required_resources), never ran: 4 replica-hours.
    QTest::newRow("batch, untyped GPUs") << QStringLiteral("batch/BatchWorker") << QString::fromLatin1(kBatch) << false
                                         << 4.0 << 8.0 * 168 << 4.0 * (2.5 + 0.5 * 0.1);
    QTest::newRow("batch on L4 nodes") << QStringLiteral("batch/BatchWorker") << QString::fromLatin1(kBatch) << true
                                       << 4.0 << 8.0 * 168 << 4.0 * (4.0 + 0.5 * 0.1);
    // The parked embedder as an application: running means its stored 2 replicas of 0.5 GPU, 50 hours.
    QTest::newRow("parked app") << QStringLiteral("embedder") << QString::fromLatin1(kOfficeApp) << false << 50.0
                                << 168.0 << 50.0 * (2.5 + 2 * 0.5 * 0.1);
    // One of its deployments: 2 replicas of 0.5 GPU for 50 hours.
    QTest::newRow("parked app's deployment") << QStringLiteral("embedder/Embedder") << QString::fromLatin1(kOffice)
                                             << false << 50.0 << 168.0 << 100.0 * (0.5 * 2.5 + 0.5 * 0.1);
}

void TestScheduleProjection::neverRunDeploymentIsProjectedFromItsConfig()
{
    QFETCH(QString, target);
    QFETCH(QString, text);
    QFETCH(bool, typed);
    QFETCH(double, gpuHours);
    QFETCH(double, alwaysOnGpuHours);
    QFETCH(double, cost);
    PriceList prices;
    prices.gpuHour = 2.5;
    prices.gpuHourByAccelerator = {{QStringLiteral("L4"), 4.0}};
    prices.cpuHour = 0.1;
    const SnapshotPtr snapshot = demoSnapshot(typed);
    const StoredSchedule stored{*ScheduleTarget::parse(target), text, {}};
    const SchedulesProjection projection = projectSchedules({stored}, {}, kWeekStart, snapshot.get(), {}, prices);
    QVERIFY(projection.hasSchedules);
    QVERIFY2(near(projection.gpuHours, gpuHours), qPrintable(QString::number(projection.gpuHours)));
    QVERIFY2(near(projection.alwaysOnGpuHours, alwaysOnGpuHours),
             qPrintable(QString::number(projection.alwaysOnGpuHours)));
    QVERIFY2(near(projection.cost, cost), qPrintable(QString::number(projection.cost)));
}

void TestScheduleProjection::configWinsOverPastLeases()
{
    // llm's replicas held 2 GPUs each last week; its config asks for 1 now (as the next week will run).
    const SnapshotPtr snapshot = demoSnapshot(false);
    PriceList prices;
    prices.gpuHour = 1;
    const SchedulesProjection projection = projectSchedules({schedule("llm/LLM", kOffice)}, {}, kWeekStart,
                                                            snapshot.get(), {leaseOf("llm", "LLM", 2.0, "")}, prices);
    QVERIFY(near(projection.gpuHours, 100.0));
    QVERIFY(near(projection.cost, 100.0));
}

void TestScheduleProjection::leasesStandInWithoutASnapshot()
{
    // Not polled yet: what a replica held is all there is; a target with no lease adds nothing (but counts as
    // scheduled).
    PriceList prices;
    prices.gpuHour = 1;
    prices.gpuHourByAccelerator = {{QStringLiteral("A100"), 3.0}};
    const SchedulesProjection projection =
        projectSchedules({schedule("llm/LLM", kOffice), schedule("batch/BatchWorker", kBatch)}, {}, kWeekStart, nullptr,
                         {leaseOf("llm", "LLM", 0.5, "A100")}, prices);
    QVERIFY(projection.hasSchedules);
    QVERIFY(near(projection.gpuHours, 50.0));
    QVERIFY(near(projection.cost, 150.0));
}

void TestScheduleProjection::unknownTargetAndBadTextAddNothing()
{
    const SnapshotPtr snapshot = demoSnapshot(false);
    const SchedulesProjection projection =
        projectSchedules({schedule("gone/Gone", kOffice), schedule("batch/BatchWorker", "tz UTC\ndefault x\n")}, {},
                         kWeekStart, snapshot.get(), {}, PriceList{});
    QVERIFY(projection.hasSchedules); // the unknown target's schedule parses
    QCOMPARE(projection.gpuHours, 0.0);
    QCOMPARE(projection.cost, 0.0);
}

QTEST_GUILESS_MAIN(TestScheduleProjection)
#include "test_scheduleprojection.moc"
