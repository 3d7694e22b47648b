// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The window's backends on the team's controller, against the real API in front of the real controller on the fake
// cluster (ApiBench): autoscaling bounds and a deployment at 0 become scale requests the controller applies (no
// refusal in planControllerRequests any more); a kept config is discarded through DELETE parked/APP at the
// controller's tick, and a copy stored since is not; a contested target is resumed under the operator's name, and
// a viewer's resume comes back as a failure.
#include "apibench.h"
#include "controllerapplyworker.h"
#include "controllerschedulebackend.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
} // namespace

class TestControllerBackends : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void plansBoundsAndZero();
    void appliesAutoscalingBoundsThroughTheController();
    void discardsAKeptConfigThroughTheController();
    void aCopyStoredSinceIsNotDiscarded();
    void resumesAContestUnderTheOperatorsName();

private:
    ApiBench &bench() { return m_case->bench; }
    ControllerConnection connection(const QByteArray &token) const
    {
        return ControllerConnection{QUrl(m_case->bench.base.chopped(int(qstrlen("/api/v1/")))), token,
                                    QStringLiteral("token file")};
    }
    std::unique_ptr<ApiCase> m_case;
};

void TestControllerBackends::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = bench().setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestControllerBackends::cleanup()
{
    m_case.reset();
}

void TestControllerBackends::plansBoundsAndZero()
{
    QVERIFY2(bench().tick().isEmpty(), "the tick failed");
    QVERIFY(bench().api->hub().snapshot());
    const ClusterSnapshot snapshot = *bench().api->hub().snapshot();
    ChangeSet changes;
    changes.setAutoscaling(QStringLiteral("llm"), QStringLiteral("LLM"), AutoscalingBounds{0, 4});
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 0);
    auto planned = planControllerRequests(snapshot, changes);
    QVERIFY2(planned, planned ? "" : qPrintable(planned.error().describe()));
    QCOMPARE(planned->requests.size(), size_t(2));
    QCOMPARE(planned->requests[0].autoscaling, (AutoscalingBounds{0, 4}));
    QCOMPARE(planned->requests[0].scaledTo(), QStringLiteral("autoscaling 0..4"));
    QCOMPARE(planned->plan.preview[0].field, QStringLiteral("autoscaling"));
    QCOMPARE(planned->requests[1].replicas, 0);
    QVERIFY(!planned->requests[1].autoscaling);
    // No external scaler: the controller's planner parks the app, and the confirmation says so.
    QCOMPARE(planned->plan.preview[1].field, QStringLiteral("parked"));
    QVERIFY(planned->plan.preview[1].stopsServing);
    ChangeSet negative;
    negative.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), -1);
    QVERIFY(!planControllerRequests(snapshot, negative));
}

void TestControllerBackends::appliesAutoscalingBoundsThroughTheController()
{
    QVERIFY2(bench().tick().isEmpty(), "the tick failed");
    ControllerApplyWorker worker(connection(kAliceToken));
    worker.setUp();
    QSignalSpy finished(&worker, &ApplyBackend::finished);
    ChangeSet changes;
    changes.setAutoscaling(QStringLiteral("llm"), QStringLiteral("LLM"), AutoscalingBounds{1, 4});
    ApplyOptions options;
    options.followIntervalMs = 50;
    worker.apply(bench().api->hub().snapshot(), changes, options);
    QTRY_VERIFY_WITH_TIMEOUT(bench().queue->request(1).has_value(), 10000);
    QCOMPARE(bench().queue->request(1)->autoscaling, (AutoscalingBounds{1, 4}));
    QCOMPARE(bench().queue->request(1)->requestedBy, QStringLiteral("alice (scaledeckctl API)"));
    QVERIFY2(bench().tick().isEmpty(), "the tick failed");
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const ApplyOutcome outcome = finished.at(0).at(0).value<ApplyOutcome>();
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY2(outcome.summary.contains(QStringLiteral("llm/LLM → autoscaling 1..4")), qPrintable(outcome.summary));
    worker.tearDown();
}

void TestControllerBackends::discardsAKeptConfigThroughTheController()
{
    const QDateTime storedAt = kStart.addSecs(-3600).addMSecs(250);
    QVERIFY(bench().controller.parked->save(bench().controller.key,
                                            ParkedApp{QStringLiteral("llm"), "{}", "{}", storedAt}));
    QVERIFY2(bench().tick().isEmpty(), "the tick failed");
    ControllerApplyWorker worker(connection(kAliceToken));
    worker.setUp();
    QSignalSpy discarded(&worker, &ApplyBackend::keptConfigDiscarded);
    QSignalSpy failed(&worker, &ApplyBackend::keptConfigDiscardFailed);
    worker.discardKeptConfig(QStringLiteral("llm"), storedAt);
    QTRY_VERIFY_WITH_TIMEOUT(bench().queue->request(1).has_value(), 10000);
    QCOMPARE(bench().controller.parked->list(bench().controller.key)->size(), size_t(1)); // not before the tick
    QVERIFY2(bench().tick().isEmpty(), "the tick failed");
    QTRY_COMPARE_WITH_TIMEOUT(discarded.size() + failed.size(), 1, 10000);
    QCOMPARE(discarded.size(), 1);
    QCOMPARE(discarded.at(0).at(0).toString(), QStringLiteral("llm"));
    QVERIFY(bench().controller.parked->list(bench().controller.key)->empty());
    worker.tearDown();
}

void TestControllerBackends::aCopyStoredSinceIsNotDiscarded()
{
    QVERIFY(bench().controller.parked->save(bench().controller.key,
                                            ParkedApp{QStringLiteral("llm"), "{}", "{}", kStart.addSecs(-60)}));
    ControllerApplyWorker worker(connection(kAliceToken));
    worker.setUp();
    QSignalSpy failed(&worker, &ApplyBackend::keptConfigDiscardFailed);
    worker.discardKeptConfig(QStringLiteral("llm"), kStart.addSecs(-3600));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    const RayError error = failed.at(0).at(1).value<RayError>();
    QCOMPARE(error.httpStatus, 409);
    QVERIFY(!bench().queue->hasQueued());
    QCOMPARE(bench().controller.parked->list(bench().controller.key)->size(), size_t(1));
    worker.tearDown();
}

void TestControllerBackends::resumesAContestUnderTheOperatorsName()
{
    TargetContest contest;
    contest.target = QStringLiteral("llm/LLM");
    contest.contestedUtc = kStart.addSecs(-240);
    contest.description = QStringLiteral("2 → 3 twice in 35 s");
    contest.outsideValue = QStringLiteral("3");
    QVERIFY(bench().controller.schedules->saveTargetContest(bench().controller.key, contest));

    ControllerScheduleBackend bob(connection(kBobToken));
    std::optional<QStringList> bobFailures;
    bob.resumeContests({QStringLiteral("llm/LLM")}, [&](const QStringList &failures) { bobFailures = failures; });
    QTRY_VERIFY_WITH_TIMEOUT(bobFailures.has_value(), 10000);
    QCOMPARE(bobFailures->size(), 1);
    QVERIFY2(bobFailures->at(0).contains(QStringLiteral("viewer")), qPrintable(bobFailures->join(u'\n')));

    ControllerScheduleBackend alice(connection(kAliceToken));
    std::optional<QStringList> aliceFailures;
    alice.resumeContests({QStringLiteral("llm/LLM")}, [&](const QStringList &failures) { aliceFailures = failures; });
    QTRY_VERIFY_WITH_TIMEOUT(aliceFailures.has_value(), 10000);
    QVERIFY2(aliceFailures->isEmpty(), qPrintable(aliceFailures->join(u'\n')));
    auto stored = bench().controller.schedules->targetContest(bench().controller.key, QStringLiteral("llm/LLM"));
    QVERIFY(stored);
    QVERIFY(!stored->has_value() || !(*stored)->isContested());
    auto audit = bench().controller.schedules->audit(bench().controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    QVERIFY(std::any_of(audit->begin(), audit->end(), [](const AuditEntry &entry) {
        return entry.result == AuditResult::Resumed && entry.holder == QStringLiteral("alice (scaledeckctl API)");
    }));
}

QTEST_MAIN(TestControllerBackends)
#include "test_controllerbackends.moc"
