// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// How long the applier follows the cluster after Ray accepted a change, against the in-process fake: until
// the cluster shows the requested state, or until the follow timeout on the applier's clock has passed, when
// the outcome is "not converged in time" with what it still waits for. The replicas here never all start
// (no room for them), or start within the timeout. accepted() says the change is sent before the follow
// begins, and stopFollowing() ends the follow there and then, the change still sent.
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
    void acceptedComesBeforeTheFollow();
    void stopFollowingEndsTheFollow();
    void stopFollowingFromAProgressSlot();
    void stopFollowingBeforeAcceptedDoesNothing();
    void unparkSaysWhatCameBack();

private:
    // llm/LLM from 2 to 3 on the demo cluster, where the third replica never finds room.
    void startScalingToThree(FakeClusterClient &fake, ChangeApplier &applier, int followIntervalMs);
};

void TestApplierConvergence::startScalingToThree(FakeClusterClient &fake, ChangeApplier &applier, int followIntervalMs)
{
    const OrderedJson demo = demoDocument();
    fake.setServeApplications(bodyOf(demo));
    fake.setLatency(FakeCall::Applications, 1000);
    fake.enqueue(FakeCall::PutConfig, FakeAnswer::ok().effectIs([&fake, demo] {
        fake.setServeApplications(bodyOf(withReplicas(demo, "llm", "LLM", 3, 2)));
    }));
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    ApplyOptions options;
    options.followIntervalMs = followIntervalMs;
    applier.apply(snapshotOf(demo), changes, options);
}

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

void TestApplierConvergence::acceptedComesBeforeTheFollow()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    ChangeApplier applier(&fake, &store, &clock);
    QStringList events;
    int readsWhenAccepted = -1;
    connect(&applier, &ChangeApplier::accepted, this, [&](const ApplyPlan &plan) {
        events << QStringLiteral("accepted");
        readsWhenAccepted = fake.count(FakeCall::Applications);
        QVERIFY(plan.putBody.has_value());
        QCOMPARE(fake.count(FakeCall::PutConfig), 1);
        QVERIFY(applier.isFollowing() == false); // the follow starts after the signal
    });
    connect(&applier, &ChangeApplier::progress, this, [&](const QString &message) {
        if (message.contains(QStringLiteral("of 3 running")))
            events << QStringLiteral("following");
    });
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    connect(&applier, &ChangeApplier::finished, this, [&] { events << QStringLiteral("finished"); });

    startScalingToThree(fake, applier, 1000);
    QTRY_VERIFY(events.contains(QStringLiteral("following")));
    QVERIFY(applier.isFollowing());
    QCOMPARE(events.first(), QStringLiteral("accepted"));
    QCOMPARE(readsWhenAccepted, 1); // only the fresh read before the PUT: none of the follow yet
    QCOMPARE(events.count(QStringLiteral("accepted")), 1);
    QCOMPARE(finished.size(), 0);
}

void TestApplierConvergence::stopFollowingEndsTheFollow()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    ChangeApplier applier(&fake, &store, &clock);
    QSignalSpy accepted(&applier, &ChangeApplier::accepted);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    // The fresh read and the follow's first answer; the follow's second read gets no answer (yet).
    fake.enqueue(FakeCall::Applications, FakeAnswer{});
    fake.enqueue(FakeCall::Applications, FakeAnswer{});
    FakeAnswer silent;
    silent.silent = true;
    fake.enqueue(FakeCall::Applications, silent);

    startScalingToThree(fake, applier, 0);
    QTRY_VERIFY(fake.count(FakeCall::Applications) == 3 && fake.runningJobs() == 1);
    QCOMPARE(accepted.size(), 1);
    QVERIFY(applier.isFollowing());
    applier.stopFollowing();

    QCOMPARE(finished.size(), 1); // at once, without waiting for the read in flight
    const ApplyOutcome outcome = finished.first().first().value<ApplyOutcome>();
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.accepted);
    QVERIFY(!outcome.converged);
    QVERIFY(outcome.followStopped);
    QCOMPARE(outcome.stillWaiting, QStringLiteral("llm/LLM: 2 of 3 running")); // what the last read saw
    QVERIFY2(outcome.summary.startsWith(QStringLiteral("stopped waiting for the cluster")),
             qPrintable(outcome.summary));
    QVERIFY2(outcome.summary.contains(QStringLiteral("llm/LLM: 2 of 3 running")), qPrintable(outcome.summary));
    QVERIFY(!applier.isBusy());
    QVERIFY(!applier.isFollowing());
    QCOMPARE(fake.runningJobs(), 0); // the read in flight was aborted
    // Past the silent read's own timeout (200 ms): nothing more comes, nothing more is read or sent.
    QVERIFY(!finished.wait(400));
    QCOMPARE(fake.count(FakeCall::Applications), 3);
    QCOMPARE(fake.count(FakeCall::PutConfig), 1);
    applier.stopFollowing(); // idle: nothing to stop
    QCOMPARE(finished.size(), 1);
}

// Stopped from a slot of progress() (a direct connection), in the middle of a follow read's handling: the
// follow ends there and does not schedule another read.
void TestApplierConvergence::stopFollowingFromAProgressSlot()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    ChangeApplier applier(&fake, &store, &clock);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    connect(&applier, &ChangeApplier::progress, this, [&](const QString &message) {
        if (message.contains(QStringLiteral("2 of 3 running")))
            applier.stopFollowing();
    });
    startScalingToThree(fake, applier, 0);
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.first().first().value<ApplyOutcome>().followStopped);
    QCOMPARE(fake.count(FakeCall::Applications), 2); // the fresh read and one of the follow
    QVERIFY(!finished.wait(100));
    QCOMPARE(fake.count(FakeCall::Applications), 2);
    QCOMPARE(fake.runningJobs(), 0);
}

void TestApplierConvergence::stopFollowingBeforeAcceptedDoesNothing()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    ParkedStore store(dir.filePath(QStringLiteral("store.sqlite")));
    ChangeApplier applier(&fake, &store, &clock);
    QSignalSpy accepted(&applier, &ChangeApplier::accepted);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    // The PUT is on its way: stopping now would leave the change half known, so the apply goes on.
    connect(&applier, &ChangeApplier::progress, this, [&](const QString &message) {
        if (message.startsWith(QStringLiteral("Sending the new Serve config")))
            applier.stopFollowing();
    });
    startScalingToThree(fake, applier, 1000);
    QVERIFY(accepted.wait(5000));
    QCOMPARE(finished.size(), 0);
    QVERIFY(applier.isFollowing());
    applier.stopFollowing();
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().first().value<ApplyOutcome>().followStopped);
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
    const SnapshotPtr running = snapshotOf(demo); // kept: llm points into it
    const ApplicationSnapshot *llm = running->findApplication(QStringLiteral("llm"));
    QCOMPARE(llm->deployments.size(), size_t(1));
    QCOMPARE(llm->deployments[0].runningReplicas, 2);
    QCOMPARE(llm->gpusHeld(), 2.0);
    QCOMPARE(outcome.summary, QStringLiteral("the cluster reached the requested state; llm is back: 1 deployment, "
                                             "2 replicas running, 2 GPUs held"));
}

QTEST_GUILESS_MAIN(TestApplierConvergence)
#include "test_applier_convergence.moc"
