// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The applier's path after a park whose PUT got no clear answer (timeout, reset, 5xx), against the in-process
// fake: the stored config stays, the outcome says it is unknown and what ScaleDeck does about it, the PUT is
// not sent again, and the cluster is watched for exactly the watch time (on the injected clock), not longer.
// test_changeapplier_uncertain covers the same against a scripted HTTP server, test_live_faults against Ray.
#include "changeapplier.h"
#include "demodocuments.h"
#include "fakeclusterclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestApplierLostPut : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void lostAnswerAfterParkKeepsTheRecord_data();
    void lostAnswerAfterParkKeepsTheRecord();
    void lostAnswerThenAppGoneIsAPark();
    void refusedPutDropsTheRecord();

private:
    ApplyOutcome apply(ChangeSet changes, ApplyOptions options);
    std::vector<ParkedApp> stored();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ManualClock> m_clock;
    std::optional<FakeClusterClient> m_fake;
    std::optional<ParkedStore> m_store;
    std::optional<ChangeApplier> m_applier;
    OrderedJson m_demo;
};

void TestApplierLostPut::init()
{
    m_dir.emplace();
    m_clock.emplace(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    m_fake.emplace(&*m_clock);
    m_store.emplace(m_dir->filePath(QStringLiteral("store.sqlite")));
    m_applier.emplace(&*m_fake, &*m_store, &*m_clock);
    m_demo = demoDocument();
    m_fake->setServeApplications(bodyOf(m_demo));
    m_fake->setLatency(FakeCall::Applications, 1000); // each read of the cluster takes a second of its time
}

void TestApplierLostPut::cleanup()
{
    m_applier.reset();
    m_store.reset();
    m_fake.reset();
}

ApplyOutcome TestApplierLostPut::apply(ChangeSet changes, ApplyOptions options)
{
    options.followIntervalMs = 0; // the clock, not the event loop, says when the watch ends
    QSignalSpy finished(&*m_applier, &ChangeApplier::finished);
    m_applier->apply(snapshotOf(m_demo), std::move(changes), options);
    if (!finished.wait(5000))
        qFatal("the change did not finish; %d calls made", int(m_fake->requests().size()));
    return finished.first().first().value<ApplyOutcome>();
}

std::vector<ParkedApp> TestApplierLostPut::stored()
{
    auto list = m_store->list(m_fake->endpoint().clusterKey());
    if (!list)
        qFatal("store: %s", qPrintable(list.error().describe()));
    return list.value();
}

void TestApplierLostPut::lostAnswerAfterParkKeepsTheRecord_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("applied"); // Ray applied the PUT, but shows it only after the watch
    QTest::addColumn<RayErrorKind>("kind");
    QTest::newRow("timeout") << QStringLiteral("timeout") << false << RayErrorKind::Timeout;
    QTest::newRow("reset") << QStringLiteral("reset") << false << RayErrorKind::Unreachable;
    QTest::newRow("503") << QStringLiteral("503") << false << RayErrorKind::ServerError;
    QTest::newRow("applied, then timeout") << QStringLiteral("timeout") << true << RayErrorKind::Timeout;
    QTest::newRow("applied, then reset") << QStringLiteral("reset") << true << RayErrorKind::Unreachable;
}

void TestApplierLostPut::lostAnswerAfterParkKeepsTheRecord()
{
    QFETCH(QString, how);
    QFETCH(bool, applied);
    QFETCH(RayErrorKind, kind);
    FakeAnswer lost = how == QStringLiteral("timeout") ? FakeAnswer::timeout()
                      : how == QStringLiteral("reset") ? FakeAnswer::reset()
                                                       : FakeAnswer::serverError();
    if (applied) {
        const QByteArray parked = bodyOf(withoutApp(m_demo, "llm"));
        lost = FakeAnswer::appliedButLost(
            [this, parked] { m_fake->setServeApplications(parked, m_fake->now().addSecs(60)); }, lost);
    }
    m_fake->enqueue(FakeCall::PutConfig, lost);
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));
    ApplyOptions options;
    options.uncertainWatchMs = 5000;

    const ApplyOutcome outcome = apply(changes, options);

    // The stored config is the app's exact config, kept.
    const std::vector<ParkedApp> kept = stored();
    QCOMPARE(kept.size(), size_t(1));
    QCOMPARE(kept.front().name, QStringLiteral("llm"));
    QCOMPARE(OrderedJson::parse(kept.front().configJson.constBegin(), kept.front().configJson.constEnd()),
             m_demo["applications"]["llm"]["deployed_app_config"]);
    // The outcome is unknown, and says so with what ScaleDeck does.
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, kind);
    QVERIFY(!outcome.accepted);
    QVERIFY(!outcome.converged);
    const QString said = outcome.error->describe();
    QVERIFY2(said.contains(QStringLiteral("may or may not have applied")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("within 5 s")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("does not send it again")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("the stored config of llm is kept")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("scaledeckctl parked discard llm")), qPrintable(said));
    QVERIFY2(outcome.summary.startsWith(QStringLiteral("outcome unknown")), qPrintable(outcome.summary));
    // Sent once; then the cluster was read for the 5 s of the watch, at a second a read, and no longer.
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QCOMPARE(m_fake->count(FakeCall::Applications), 1 + 5);
    QCOMPARE(m_fake->count(FakeCall::Scale), 0);
}

// Ray applied the lost PUT and shows it two seconds later: the park is done, and its record is now the only
// copy of the app's config, so it stays.
void TestApplierLostPut::lostAnswerThenAppGoneIsAPark()
{
    const QByteArray parked = bodyOf(withoutApp(m_demo, "llm"));
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::appliedButLost([this, parked] {
                        m_fake->setServeApplications(parked, m_fake->now().addSecs(2));
                    }));
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));
    ApplyOptions options;
    options.uncertainWatchMs = 5000;
    QSignalSpy progress(&*m_applier, &ChangeApplier::progress);

    const ApplyOutcome outcome = apply(changes, options);

    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.accepted);
    QVERIFY(outcome.converged);
    QCOMPARE(stored().size(), size_t(1));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    // The fresh read, two reads of the watch (the second shows llm gone), one of the follow.
    QCOMPARE(m_fake->count(FakeCall::Applications), 1 + 2 + 1);
    bool saidApplied = false;
    for (const QList<QVariant> &message : progress)
        saidApplied = saidApplied || message.first().toString().contains(QStringLiteral("Ray applied it"));
    QVERIFY(saidApplied);
}

// Ray answered and refused: nothing was applied, so the record written before the PUT goes, and nothing is
// watched.
void TestApplierLostPut::refusedPutDropsTheRecord()
{
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::refused(QStringLiteral("invalid config")));
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));

    const ApplyOutcome outcome = apply(changes, {});

    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, RayErrorKind::Rejected);
    QCOMPARE(stored().size(), size_t(0));
    QVERIFY2(outcome.summary.contains(QStringLiteral("not changed")), qPrintable(outcome.summary));
    QCOMPARE(m_fake->count(FakeCall::Applications), 1);
}

QTEST_GUILESS_MAIN(TestApplierLostPut)
#include "test_applier_lostput.moc"
