// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// How long the applier follows the cluster after Ray accepted a change, against the in-process fake: until
// the cluster shows the requested state, or until the follow timeout on the applier's clock has passed, when
// the outcome is "not converged in time" with what it still waits for. The replicas here never all start
// (no room for them), or start within the timeout.
#include "changeapplier.h"
#include "demodocuments.h"
#include "fakeclusterclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestApplierConvergence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followEndsAtItsTimeout_data();
    void followEndsAtItsTimeout();
    void unparkSaysWhatCameBack();
};

void TestApplierConvergence::followEndsAtItsTimeout_data()
{
    QTest::addColumn<int>("allRunningAfterSecs"); // -1: never
    QTest::addColumn<bool>("converged");
    QTest::addColumn<int>("followReads");
    // Reads at 1, 2, ... 5 s: the fifth is at the timeout, and the applier stops there.
    QTest::newRow("never") << -1 << false << 5;
    QTest::newRow("after 3 s") << 3 << true << 3;
    QTest::newRow("at the timeout") << 5 << true << 5;
    QTest::newRow("just after it") << 6 << false << 5;
}

void TestApplierConvergence::followEndsAtItsTimeout()
{
    QFETCH(int, allRunningAfterSecs);
    QFETCH(bool, converged);
    QFETCH(int, followReads);
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    ChangeApplier applier(&fake, &store, &clock);
    const OrderedJson demo = demoDocument();
    fake.setServeApplications(bodyOf(demo));
    fake.setLatency(FakeCall::Applications, 1000);
    // Ray takes the new count at once; its third replica starts only when (if) it finds room.
    const QByteArray starting = bodyOf(withReplicas(demo, "llm", "LLM", 3, 2));
    const QByteArray running = bodyOf(withReplicas(demo, "llm", "LLM", 3, 3));
    fake.enqueue(FakeCall::PutConfig, FakeAnswer::ok().effectIs([&] {
        fake.setServeApplications(starting);
        if (allRunningAfterSecs >= 0)
            fake.setServeApplications(running, fake.now().addSecs(allRunningAfterSecs));
    }));
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    ApplyOptions options;
    options.followTimeoutMs = 5000;
    options.followIntervalMs = 0; // the clock, not the event loop, says when the follow ends
    QSignalSpy finished(&applier, &ChangeApplier::finished);

    applier.apply(snapshotOf(demo), changes, options);

    QVERIFY(finished.wait(5000));
    const ApplyOutcome outcome = finished.first().first().value<ApplyOutcome>();
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.accepted);
    QCOMPARE(outcome.converged, converged);
    if (converged) {
        QCOMPARE(outcome.summary, QStringLiteral("the cluster reached the requested state"));
    } else {
        QVERIFY2(outcome.summary.startsWith(QStringLiteral("not converged in time: ")), qPrintable(outcome.summary));
        QVERIFY2(outcome.summary.contains(QStringLiteral("llm/LLM: 2 of 3 running")), qPrintable(outcome.summary));
    }
    QCOMPARE(fake.count(FakeCall::PutConfig), 1);
    QCOMPARE(fake.count(FakeCall::Applications), 1 + followReads);
}

// An unpark's outcome names what came back, not only that the state was reached.
void TestApplierConvergence::unparkSaysWhatCameBack()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    const OrderedJson demo = demoDocument();
    const OrderedJson config = demo["applications"]["llm"]["deployed_app_config"];
    QVERIFY(store
                .save(fake.endpoint().clusterKey(),
                      ParkedApp{QStringLiteral("llm"), QByteArray::fromStdString(config.dump()), "{}", clock.nowUtc()})
                .ok());
    const OrderedJson parkedCluster = withoutApp(demo, "llm");
    fake.setServeApplications(bodyOf(parkedCluster));
    fake.enqueue(FakeCall::PutConfig, FakeAnswer::ok().effectIs([&] { fake.setServeApplications(bodyOf(demo)); }));
    auto parked = store.list(fake.endpoint().clusterKey());
    QVERIFY(parked.ok());
    ChangeSet changes;
    changes.unpark(QStringLiteral("llm"));
    ChangeApplier applier(&fake, &store, &clock);
    QSignalSpy finished(&applier, &ChangeApplier::finished);

    applier.apply(snapshotOf(parkedCluster, parked.value()), changes, {});

    QVERIFY(finished.wait(5000));
    const ApplyOutcome outcome = finished.first().first().value<ApplyOutcome>();
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.converged);
    // The demo's llm: one deployment, LLM, with two running replicas of one GPU each.
    const ApplicationSnapshot *llm = snapshotOf(demo)->findApplication(QStringLiteral("llm"));
    QCOMPARE(llm->deployments.size(), size_t(1));
    QCOMPARE(llm->deployments[0].runningReplicas, 2);
    QCOMPARE(llm->gpusHeld(), 2.0);
    QCOMPARE(outcome.summary, QStringLiteral("the cluster reached the requested state; llm is back: 1 deployment, "
                                             "2 replicas running, 2 GPUs held"));
}

QTEST_GUILESS_MAIN(TestApplierConvergence)
#include "test_applier_convergence.moc"
