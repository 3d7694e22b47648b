// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Schedules, overrides, the audit log, controller state and the controller lock: durable, per cluster, and
// the lock held by exactly one holder even when several connections race for it.
#include "schedulestore.h"
#include "teststore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace scaledeck;

namespace {
const QString clusterA = QStringLiteral("http://a:8265");
const QString clusterB = QStringLiteral("http://b:8265");
const QDateTime t0 = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);

ScheduleTarget target(const char *app, const char *deployment = "")
{
    return ScheduleTarget{QString::fromUtf8(app), QString::fromUtf8(deployment)};
}

StoredSchedule stored(const ScheduleTarget &t, const char *text, const QDateTime &updated = t0)
{
    return StoredSchedule{t, QString::fromUtf8(text), updated};
}

ScheduleOverride override_(const ScheduleTarget &t, int replicas, const QDateTime &until, const QDateTime &created = t0)
{
    return ScheduleOverride{t, replicas, until, created, QStringLiteral("scaledeckctl"), QStringLiteral("load test")};
}

AuditEntry entry(const QDateTime &at, const char *target, AuditCause cause, const char *before, const char *after,
                 AuditResult result = AuditResult::Pending)
{
    AuditEntry e;
    e.atUtc = at;
    e.target = QString::fromUtf8(target);
    e.cause = cause;
    e.before = QString::fromUtf8(before);
    e.after = QString::fromUtf8(after);
    e.result = result;
    e.detail = QStringLiteral("Mon-Fri 07:00-17:00 = 2");
    e.holder = QStringLiteral("scaledeckctl run on host (pid 1)");
    return e;
}
} // namespace

class TestScheduleStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void schedulesSaveListGetRemove();
    void clustersAreSeparate();
    void overrideReplacesAndClears();
    void expiredOverridesAreDeleted();
    void auditAppendFinishSinceOrdered();
    void auditCauseNames_data();
    void auditCauseNames();
    void auditResultNames_data();
    void auditResultNames();
    void unrecognizedResultKeepsItsText();
    void markInterruptedOnlyTouchesPending();
    void targetStateRoundTrip_data();
    void targetStateRoundTrip();
    void freeLockIsAcquired();
    void freshLockOfOtherHolderIsKept();
    void staleLockIsTakenOver();
    void stalenessIsJudgedByTheHoldersTicks();
    void renewMovesHeartbeatOnly();
    void releaseOnlyByHolder();
    void twoConnectionsContend();
    void racingConnectionsYieldOneHolder();
    void nullStringsAreStoredAsEmpty();
    void everythingSurvivesReopen();
    void unwritableLocationIsAClearError();
    void useFromAnotherThreadIsRefused();
    void operatorResumeEndsTheFightWithOneAuditRow();
    void actionOutcomeAndStateLandTogether();
    void aScheduleChangeIsAuditedWithItsText();

private:
    // The same store for every call within one test: an SQLite file, or the PostgreSQL variant's database.
    QString path() const { return m_path; }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestScheduleStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    m_path = testing::testStoreLocation(m_dir->path(), QStringLiteral("store.sqlite"), &error);
    QVERIFY2(!m_path.isEmpty(), qPrintable(error));
}

void TestScheduleStore::schedulesSaveListGetRemove()
{
    ScheduleStore store(path());
    QVERIFY(store.open().ok());
    QVERIFY(store.saveSchedule(clusterA, stored(target("llm", "LLM"), "tz UTC\ndefault 0\n")).ok());
    QVERIFY(store.saveSchedule(clusterA, stored(target("embedder"), "tz UTC\ndefault 1\n")).ok());
    // Saving again replaces, it does not add.
    const QDateTime later = t0.addSecs(60);
    QVERIFY(store.saveSchedule(clusterA, stored(target("llm", "LLM"), "tz UTC\ndefault 2\n", later)).ok());

    auto list = store.schedules(clusterA);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), size_t(2));
    QCOMPARE(list->at(0).target, target("embedder")); // sorted by target
    QCOMPARE(list->at(1).target, target("llm", "LLM"));
    QCOMPARE(list->at(1).text, QStringLiteral("tz UTC\ndefault 2\n"));
    QCOMPARE(list->at(1).updatedUtc, later);

    auto one = store.schedule(clusterA, target("embedder"));
    QVERIFY(one.ok());
    QVERIFY(one->has_value());
    QCOMPARE((*one)->text, QStringLiteral("tz UTC\ndefault 1\n"));
    QCOMPARE((*one)->updatedUtc, t0);
    QVERIFY(!store.schedule(clusterA, target("llm"))->has_value()); // the app is not its deployment

    auto removed = store.removeSchedule(clusterA, target("embedder"));
    QVERIFY(removed.ok());
    QCOMPARE(*removed, true);
    QCOMPARE(*store.removeSchedule(clusterA, target("embedder")), false);
    QVERIFY(!store.schedule(clusterA, target("embedder"))->has_value());
    QCOMPARE(store.schedules(clusterA)->size(), size_t(1));
}

void TestScheduleStore::clustersAreSeparate()
{
    ScheduleStore store(path());
    QVERIFY(store.saveSchedule(clusterA, stored(target("llm", "LLM"), "default 1\n")).ok());
    QVERIFY(store.setOverride(clusterA, override_(target("llm", "LLM"), 3, t0.addSecs(3600))).ok());
    QVERIFY(store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2")).ok());
    QVERIFY(store.saveTargetState(clusterA, TargetState{QStringLiteral("llm/LLM"), 2, 2, t0, false, {}}).ok());
    QCOMPARE(store.acquireLock(clusterA, QStringLiteral("one"), false, t0, 30000)->holder, QStringLiteral("one"));

    QVERIFY(store.schedules(clusterB)->empty());
    QVERIFY(!store.schedule(clusterB, target("llm", "LLM"))->has_value());
    QVERIFY(store.activeOverrides(clusterB, t0)->empty());
    QVERIFY(store.audit(clusterB, t0.addDays(-1))->empty());
    QCOMPARE(*store.markInterrupted(clusterB), 0);
    QVERIFY(!store.targetState(clusterB, QStringLiteral("llm/LLM"))->has_value());
    QVERIFY(!store.currentLock(clusterB)->has_value());
    // Another cluster's lock is free even while A's is held.
    QCOMPARE(store.acquireLock(clusterB, QStringLiteral("two"), false, t0, 30000)->holder, QStringLiteral("two"));
    QVERIFY(!*store.removeSchedule(clusterB, target("llm", "LLM")));
    QCOMPARE(store.schedules(clusterA)->size(), size_t(1));
    QCOMPARE(store.activeOverrides(clusterA, t0)->size(), size_t(1));
}

void TestScheduleStore::overrideReplacesAndClears()
{
    ScheduleStore store(path());
    const ScheduleTarget llm = target("llm", "LLM");
    QVERIFY(store.setOverride(clusterA, override_(llm, 3, t0.addSecs(3600))).ok());
    QVERIFY(store.setOverride(clusterA, override_(target("embedder"), 0, t0.addDays(2))).ok());
    const QDateTime until = t0.addSecs(7200);
    QVERIFY(store.setOverride(clusterA, override_(llm, 5, until)).ok()); // replaces the first

    auto active = store.activeOverrides(clusterA, t0.addSecs(1));
    QVERIFY(active.ok());
    QCOMPARE(active->size(), size_t(2));
    QCOMPARE(active->at(0).target, target("embedder"));
    const ScheduleOverride &o = active->at(1);
    QCOMPARE(o.target, llm);
    QCOMPARE(o.replicas, 5);
    QCOMPARE(o.untilUtc, until);
    QCOMPARE(o.createdUtc, t0);
    QCOMPARE(o.createdBy, QStringLiteral("scaledeckctl"));
    QCOMPARE(o.note, QStringLiteral("load test"));

    QCOMPARE(*store.clearOverride(clusterA, llm), true);
    QCOMPARE(*store.clearOverride(clusterA, llm), false);
    active = store.activeOverrides(clusterA, t0.addSecs(1));
    QCOMPARE(active->size(), size_t(1));
    QCOMPARE(active->at(0).target, target("embedder"));
}

void TestScheduleStore::expiredOverridesAreDeleted()
{
    ScheduleStore store(path());
    const ScheduleTarget llm = target("llm", "LLM");
    const QDateTime until = t0.addSecs(3600);
    QVERIFY(store.setOverride(clusterA, override_(llm, 3, until)).ok());
    // Not yet active before it was created (a clock running in the past), and not deleted either.
    QVERIFY(store.activeOverrides(clusterA, t0.addSecs(-1))->empty());
    QCOMPARE(store.activeOverrides(clusterA, until.addMSecs(-1))->size(), size_t(1));
    // until is exclusive: at `until` it is over, and gone for good.
    QVERIFY(store.activeOverrides(clusterA, until)->empty());
    QVERIFY(store.activeOverrides(clusterA, t0)->empty());
    QCOMPARE(*store.clearOverride(clusterA, llm), false); // deleted, nothing left to clear
}

void TestScheduleStore::auditAppendFinishSinceOrdered()
{
    ScheduleStore store(path());
    // Appended out of time order: reading is oldest first, ties in insertion order.
    auto late = store.appendAudit(clusterA, entry(t0.addSecs(120), "llm/LLM", AuditCause::Override, "2", "3"));
    auto early = store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2"));
    auto sameTime =
        store.appendAudit(clusterA, entry(t0, "embedder", AuditCause::DriftKept, "1", "1", AuditResult::Kept));
    QVERIFY(late.ok() && early.ok() && sameTime.ok());
    QVERIFY(*late < *early && *early < *sameTime);

    QVERIFY(store.finishAudit(*early, AuditResult::Sent, QStringLiteral("Mon-Fri 07:00-17:00 = 2")).ok());
    QVERIFY(store.finishAudit(*late, AuditResult::Failed, QStringLiteral("Ray said no")).ok());
    auto missing = store.finishAudit(*sameTime + 100, AuditResult::Sent, QString());
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, RayErrorKind::Storage);

    auto all = store.audit(clusterA, t0);
    QVERIFY(all.ok());
    QCOMPARE(all->size(), size_t(3));
    QCOMPARE(all->at(0).id, *early);
    QCOMPARE(all->at(0).atUtc, t0);
    QCOMPARE(all->at(0).target, QStringLiteral("llm/LLM"));
    QCOMPARE(all->at(0).cause, AuditCause::Schedule);
    QCOMPARE(all->at(0).before, QStringLiteral("0"));
    QCOMPARE(all->at(0).after, QStringLiteral("2"));
    QCOMPARE(all->at(0).result, AuditResult::Sent);
    QCOMPARE(all->at(0).holder, QStringLiteral("scaledeckctl run on host (pid 1)"));
    QCOMPARE(all->at(1).id, *sameTime);
    QCOMPARE(all->at(1).cause, AuditCause::DriftKept);
    QCOMPARE(all->at(1).result, AuditResult::Kept);
    QCOMPARE(all->at(2).id, *late);
    QCOMPARE(all->at(2).cause, AuditCause::Override);
    QCOMPARE(all->at(2).result, AuditResult::Failed);
    QCOMPARE(all->at(2).detail, QStringLiteral("Ray said no"));

    // since is inclusive.
    auto since = store.audit(clusterA, t0.addSecs(120));
    QCOMPARE(since->size(), size_t(1));
    QCOMPARE(since->at(0).id, *late);
    QVERIFY(store.audit(clusterA, t0.addSecs(121))->empty());
}

void TestScheduleStore::auditCauseNames_data()
{
    QTest::addColumn<AuditCause>("cause");
    QTest::addColumn<QString>("name");
    QTest::newRow("schedule") << AuditCause::Schedule << QStringLiteral("schedule");
    QTest::newRow("override") << AuditCause::Override << QStringLiteral("override");
    QTest::newRow("operator") << AuditCause::Operator << QStringLiteral("operator");
    QTest::newRow("drift correction") << AuditCause::DriftCorrection << QStringLiteral("drift correction");
    QTest::newRow("drift kept") << AuditCause::DriftKept << QStringLiteral("drift kept");
}

void TestScheduleStore::auditCauseNames()
{
    QFETCH(AuditCause, cause);
    QFETCH(QString, name);
    QCOMPARE(auditCauseName(cause), name);
    // And it reads back as the same cause.
    ScheduleStore store(path());
    QVERIFY(store.appendAudit(clusterA, entry(t0, "llm/LLM", cause, "0", "1")).ok());
    QCOMPARE(store.audit(clusterA, t0)->at(0).cause, cause);
}

void TestScheduleStore::auditResultNames_data()
{
    QTest::addColumn<AuditResult>("result");
    QTest::addColumn<QString>("name");
    QTest::newRow("pending") << AuditResult::Pending << QStringLiteral("pending");
    QTest::newRow("sent") << AuditResult::Sent << QStringLiteral("sent");
    QTest::newRow("dry-run") << AuditResult::DryRun << QStringLiteral("dry-run");
    QTest::newRow("failed") << AuditResult::Failed << QStringLiteral("failed");
    QTest::newRow("kept") << AuditResult::Kept << QStringLiteral("kept");
    QTest::newRow("interrupted") << AuditResult::Interrupted << QStringLiteral("interrupted");
    QTest::newRow("deferred") << AuditResult::Deferred << QStringLiteral("deferred");
    QTest::newRow("override set") << AuditResult::OverrideSet << QStringLiteral("override set");
    QTest::newRow("override cleared") << AuditResult::OverrideCleared << QStringLiteral("override cleared");
    QTest::newRow("contested") << AuditResult::Contested << QStringLiteral("contested");
    QTest::newRow("resumed") << AuditResult::Resumed << QStringLiteral("resumed");
    QTest::newRow("schedule set") << AuditResult::ScheduleSet << QStringLiteral("schedule set");
    QTest::newRow("schedule removed") << AuditResult::ScheduleRemoved << QStringLiteral("schedule removed");
    QTest::newRow("prices set") << AuditResult::PricesSet << QStringLiteral("prices set");
    QTest::newRow("always-on set") << AuditResult::AlwaysOnSet << QStringLiteral("always-on set");
    QTest::newRow("imported") << AuditResult::Imported << QStringLiteral("imported");
}

// The stored text of every result is pinned (the audit table and `scaledeckctl audit` show it), and reads
// back as the same result.
void TestScheduleStore::auditResultNames()
{
    QFETCH(AuditResult, result);
    QFETCH(QString, name);
    QCOMPARE(auditResultName(result), name);
    QCOMPARE(auditResultFromName(name), result);
    ScheduleStore store(path());
    QVERIFY(store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "1", result)).ok());
    const AuditEntry read = store.audit(clusterA, t0)->at(0);
    QCOMPARE(read.result, result);
    QCOMPARE(read.resultText(), name);
}

// A result this ScaleDeck does not know (a newer one wrote it) is neither dropped nor taken for another: it
// reads as Unrecognized and is shown as it was stored.
void TestScheduleStore::unrecognizedResultKeepsItsText()
{
    QCOMPARE(auditResultFromName(QStringLiteral("superseded")), AuditResult::Unrecognized);
    AuditEntry newer = entry(t0, "llm/LLM", AuditCause::Schedule, "0", "1", AuditResult::Unrecognized);
    newer.unrecognizedResult = QStringLiteral("superseded");
    ScheduleStore store(path());
    QVERIFY(store.appendAudit(clusterA, newer).ok());
    const AuditEntry read = store.audit(clusterA, t0)->at(0);
    QCOMPARE(read.result, AuditResult::Unrecognized);
    QCOMPARE(read.resultText(), QStringLiteral("superseded"));
    // Nor does closing a dead controller's pending rows touch it.
    QCOMPARE(*store.markInterrupted(clusterA), 0);
    QCOMPARE(store.audit(clusterA, t0)->at(0).resultText(), QStringLiteral("superseded"));
}

void TestScheduleStore::markInterruptedOnlyTouchesPending()
{
    ScheduleStore store(path());
    auto pending1 = store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2"));
    auto pending2 = store.appendAudit(clusterA, entry(t0.addSecs(1), "embedder", AuditCause::Operator, "1", "0"));
    auto sent =
        store.appendAudit(clusterA, entry(t0.addSecs(2), "llm/LLM", AuditCause::Schedule, "2", "0", AuditResult::Sent));
    auto otherCluster = store.appendAudit(clusterB, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2"));
    QVERIFY(pending1.ok() && pending2.ok() && sent.ok() && otherCluster.ok());

    QCOMPARE(*store.markInterrupted(clusterA), 2);
    QCOMPARE(*store.markInterrupted(clusterA), 0);
    auto entries = store.audit(clusterA, t0);
    QCOMPARE(entries->at(0).result, AuditResult::Interrupted);
    QCOMPARE(entries->at(1).result, AuditResult::Interrupted);
    QCOMPARE(entries->at(2).result, AuditResult::Sent);
    QCOMPARE(store.audit(clusterB, t0)->at(0).result, AuditResult::Pending);
}

void TestScheduleStore::targetStateRoundTrip_data()
{
    QTest::addColumn<std::optional<int>>("settled");
    QTest::addColumn<std::optional<int>>("attempted");
    QTest::addColumn<QDateTime>("attemptedUtc");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<std::optional<QString>>("drift");
    QTest::newRow("all null") << std::optional<int>() << std::optional<int>() << QDateTime() << false
                              << std::optional<QString>();
    QTest::newRow("all set") << std::optional<int>(2) << std::optional<int>(3) << t0.addMSecs(123) << true
                             << std::optional<QString>(QStringLiteral("5"));
    QTest::newRow("zeros are not null") << std::optional<int>(0) << std::optional<int>(0) << t0 << false
                                        << std::optional<QString>(QStringLiteral(""));
}

void TestScheduleStore::targetStateRoundTrip()
{
    QFETCH(std::optional<int>, settled);
    QFETCH(std::optional<int>, attempted);
    QFETCH(QDateTime, attemptedUtc);
    QFETCH(bool, failed);
    QFETCH(std::optional<QString>, drift);
    ScheduleStore store(path());
    QVERIFY(!store.targetState(clusterA, QStringLiteral("llm/LLM"))->has_value());
    // Written twice: the second replaces the first.
    QVERIFY(store.saveTargetState(clusterA, TargetState{QStringLiteral("llm/LLM"), 9, 9, t0, true, QStringLiteral("x")})
                .ok());
    QVERIFY(store
                .saveTargetState(
                    clusterA, TargetState{QStringLiteral("llm/LLM"), settled, attempted, attemptedUtc, failed, drift})
                .ok());
    auto state = store.targetState(clusterA, QStringLiteral("llm/LLM"));
    QVERIFY(state.ok());
    QVERIFY(state->has_value());
    QCOMPARE((*state)->target, QStringLiteral("llm/LLM"));
    QCOMPARE((*state)->settledDesired, settled);
    QCOMPARE((*state)->attemptedDesired, attempted);
    QCOMPARE((*state)->attemptedUtc, attemptedUtc);
    QCOMPARE((*state)->attemptedUtc.isValid(), attemptedUtc.isValid());
    QCOMPARE((*state)->attemptFailed, failed);
    QCOMPARE((*state)->driftNoted.has_value(), drift.has_value());
    if (drift)
        QCOMPARE(*(*state)->driftNoted, *drift);
}

void TestScheduleStore::freeLockIsAcquired()
{
    ScheduleStore store(path());
    QVERIFY(!store.currentLock(clusterA)->has_value());
    auto lock = store.acquireLock(clusterA, QStringLiteral("ctl (pid 1)"), true, t0, 30000);
    QVERIFY(lock.ok());
    QCOMPARE(lock->holder, QStringLiteral("ctl (pid 1)"));
    QCOMPARE(lock->heartbeatUtc, t0);
    QCOMPARE(lock->acquiredUtc, t0);
    QCOMPARE(lock->dryRun, true);
    auto current = store.currentLock(clusterA);
    QVERIFY(current->has_value());
    QCOMPARE((*current)->holder, QStringLiteral("ctl (pid 1)"));
    QCOMPARE((*current)->heartbeatUtc, t0);
    QCOMPARE((*current)->dryRun, true);
}

void TestScheduleStore::freshLockOfOtherHolderIsKept()
{
    ScheduleStore store(path());
    QVERIFY(store.acquireLock(clusterA, QStringLiteral("gui"), false, t0, 30000).ok());
    // 30 s after the heartbeat is not yet older than 30 s.
    auto lock = store.acquireLock(clusterA, QStringLiteral("ctl"), true, t0.addMSecs(30000), 30000);
    QVERIFY(lock.ok());
    QCOMPARE(lock->holder, QStringLiteral("gui"));
    QCOMPARE(lock->heartbeatUtc, t0); // untouched
    QCOMPARE(lock->dryRun, false);
    QCOMPARE((*store.currentLock(clusterA))->holder, QStringLiteral("gui"));
}

void TestScheduleStore::staleLockIsTakenOver()
{
    ScheduleStore store(path());
    QVERIFY(store.acquireLock(clusterA, QStringLiteral("gui"), false, t0, 30000).ok());
    const QDateTime later = t0.addMSecs(30001);
    auto lock = store.acquireLock(clusterA, QStringLiteral("ctl"), true, later, 30000);
    QVERIFY(lock.ok());
    QCOMPARE(lock->holder, QStringLiteral("ctl"));
    QCOMPARE(lock->acquiredUtc, later);
    QCOMPARE(lock->heartbeatUtc, later);
    QCOMPARE(lock->dryRun, true);
    // The old holder, back, finds it taken and fresh.
    QCOMPARE(store.acquireLock(clusterA, QStringLiteral("gui"), false, later.addSecs(1), 30000)->holder,
             QStringLiteral("ctl"));
}

void TestScheduleStore::stalenessIsJudgedByTheHoldersTicks()
{
    // A holder with 10 s ticks (stale after 30 s) renewed 5 s ago is alive, even to a caller whose own ticks
    // are 0.5 s (stale after 1.5 s): two controllers must never both act on the cluster.
    ScheduleStore store(path());
    QVERIFY(store.acquireLock(clusterA, QStringLiteral("slow"), false, t0, 30000).ok());
    auto lock = store.acquireLock(clusterA, QStringLiteral("fast"), false, t0.addSecs(5), 1500);
    QVERIFY(lock.ok());
    QCOMPARE(lock->holder, QStringLiteral("slow"));
    QCOMPARE(lock->staleAfterMs, qint64(30000));
    // Past the holder's own limit it is taken, and the new holder's limit is stored.
    lock = store.acquireLock(clusterA, QStringLiteral("fast"), false, t0.addMSecs(30001), 1500);
    QCOMPARE(lock->holder, QStringLiteral("fast"));
    QCOMPARE(lock->staleAfterMs, qint64(1500));
    QCOMPARE(store.currentLock(clusterA)->value().staleAfterMs, qint64(1500));
}

void TestScheduleStore::renewMovesHeartbeatOnly()
{
    ScheduleStore store(path());
    QVERIFY(store.acquireLock(clusterA, QStringLiteral("ctl"), false, t0, 30000).ok());
    const QDateTime later = t0.addSecs(10);
    auto lock = store.acquireLock(clusterA, QStringLiteral("ctl"), false, later, 30000);
    QCOMPARE(lock->holder, QStringLiteral("ctl"));
    QCOMPARE(lock->heartbeatUtc, later);
    QCOMPARE(lock->acquiredUtc, t0);
    auto current = store.currentLock(clusterA);
    QCOMPARE((*current)->heartbeatUtc, later);
    QCOMPARE((*current)->acquiredUtc, t0);
    // Even a holder whose own heartbeat went stale keeps its acquisition time when it renews.
    QCOMPARE(store.acquireLock(clusterA, QStringLiteral("ctl"), false, later.addSecs(3600), 30000)->acquiredUtc, t0);
}

void TestScheduleStore::releaseOnlyByHolder()
{
    ScheduleStore store(path());
    QVERIFY(store.acquireLock(clusterA, QStringLiteral("ctl"), false, t0, 30000).ok());
    QVERIFY(store.releaseLock(clusterA, QStringLiteral("someone else")).ok());
    QVERIFY(store.currentLock(clusterA)->has_value());
    QVERIFY(store.releaseLock(clusterA, QStringLiteral("ctl")).ok());
    QVERIFY(!store.currentLock(clusterA)->has_value());
    // Free again: anyone takes it at once.
    QCOMPARE(store.acquireLock(clusterA, QStringLiteral("gui"), false, t0.addSecs(1), 30000)->holder,
             QStringLiteral("gui"));
}

void TestScheduleStore::twoConnectionsContend()
{
    ScheduleStore gui(path());
    ScheduleStore ctl(path());
    QVERIFY(gui.open().ok() && ctl.open().ok());
    QCOMPARE(gui.acquireLock(clusterA, QStringLiteral("gui"), false, t0, 30000)->holder, QStringLiteral("gui"));
    QCOMPARE(ctl.acquireLock(clusterA, QStringLiteral("ctl"), false, t0.addSecs(5), 30000)->holder,
             QStringLiteral("gui"));
    QCOMPARE(gui.acquireLock(clusterA, QStringLiteral("gui"), false, t0.addSecs(20), 30000)->heartbeatUtc,
             t0.addSecs(20));
    // Renewed at +20 s, so still fresh at +45 s.
    QCOMPARE(ctl.acquireLock(clusterA, QStringLiteral("ctl"), false, t0.addSecs(45), 30000)->holder,
             QStringLiteral("gui"));
    // The GUI stops renewing; the controller takes over once the heartbeat is stale.
    QCOMPARE(ctl.acquireLock(clusterA, QStringLiteral("ctl"), false, t0.addSecs(51), 30000)->holder,
             QStringLiteral("ctl"));
    QCOMPARE((*gui.currentLock(clusterA))->holder, QStringLiteral("ctl"));
    QCOMPARE(gui.acquireLock(clusterA, QStringLiteral("gui"), false, t0.addSecs(52), 30000)->holder,
             QStringLiteral("ctl"));
    // What one connection writes the other reads.
    QVERIFY(ctl.saveSchedule(clusterA, stored(target("llm", "LLM"), "default 1\n")).ok());
    QCOMPARE(gui.schedules(clusterA)->size(), size_t(1));
}

void TestScheduleStore::racingConnectionsYieldOneHolder()
{
    // Eight connections (each in its own thread, as separate processes would be) race for a free lock many
    // times; every round exactly one of them ends up holding it and all agree on who.
    constexpr int contenders = 8;
    constexpr int rounds = 20;
    const QString file = path();
    {
        ScheduleStore setup(file);
        QVERIFY(setup.open().ok());
    }
    for (int round = 0; round < rounds; ++round) {
        const QString cluster = QStringLiteral("http://race:%1").arg(round);
        std::atomic<int> winners = 0;
        std::atomic<int> errors = 0;
        std::vector<QString> seen(contenders);
        std::vector<std::thread> threads;
        for (int i = 0; i < contenders; ++i) {
            threads.emplace_back([&, i] {
                ScheduleStore store(file);
                const QString me = QStringLiteral("holder %1").arg(i);
                auto lock = store.acquireLock(cluster, me, false, t0, 30000);
                if (!lock.ok()) {
                    ++errors;
                    return;
                }
                seen[size_t(i)] = lock->holder;
                if (lock->holder == me)
                    ++winners;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(errors.load(), 0);
        QCOMPARE(winners.load(), 1);
        ScheduleStore check(file);
        const QString holder = (*check.currentLock(cluster))->holder;
        for (const QString &s : seen)
            QCOMPARE(s, holder);
    }
}

void TestScheduleStore::nullStringsAreStoredAsEmpty()
{
    // Default-constructed QStrings (no note, no detail) are null; the columns are NOT NULL.
    ScheduleStore store(path());
    ScheduleOverride bare;
    bare.target = target("llm", "LLM");
    bare.replicas = 1;
    bare.untilUtc = t0.addSecs(60);
    bare.createdUtc = t0;
    QVERIFY(store.setOverride(clusterA, bare).ok());
    const ScheduleOverride read = store.activeOverrides(clusterA, t0)->at(0);
    QVERIFY(read.note.isEmpty() && read.createdBy.isEmpty());

    AuditEntry entry;
    entry.atUtc = t0;
    auto id = store.appendAudit(clusterA, entry);
    QVERIFY(id.ok());
    QVERIFY(store.finishAudit(*id, AuditResult::Sent, QString()).ok());
    QCOMPARE(store.audit(clusterA, t0)->at(0).result, AuditResult::Sent);
    QVERIFY(store.audit(clusterA, t0)->at(0).detail.isEmpty());
}

void TestScheduleStore::everythingSurvivesReopen()
{
    qint64 auditId = 0;
    {
        ScheduleStore store(path());
        QVERIFY(store.saveSchedule(clusterA, stored(target("llm", "LLM"), "tz Europe/Ljubljana\ndefault 0\n")).ok());
        QVERIFY(store.setOverride(clusterA, override_(target("llm", "LLM"), 3, t0.addSecs(3600))).ok());
        auditId = *store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2"));
        QVERIFY(store.saveTargetState(clusterA, TargetState{QStringLiteral("llm/LLM"), 2, 2, t0, false, {}}).ok());
        QVERIFY(store.acquireLock(clusterA, QStringLiteral("ctl"), true, t0, 30000).ok());
    }
    ScheduleStore reopened(path());
    QVERIFY(reopened.open().ok());
    auto schedule = reopened.schedule(clusterA, target("llm", "LLM"));
    QVERIFY(schedule->has_value());
    QCOMPARE((*schedule)->text, QStringLiteral("tz Europe/Ljubljana\ndefault 0\n"));
    auto overrides = reopened.activeOverrides(clusterA, t0.addSecs(1));
    QCOMPARE(overrides->size(), size_t(1));
    QCOMPARE(overrides->at(0).replicas, 3);
    auto audit = reopened.audit(clusterA, t0);
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->at(0).id, auditId);
    QCOMPARE(audit->at(0).result, AuditResult::Pending);
    auto state = reopened.targetState(clusterA, QStringLiteral("llm/LLM"));
    QVERIFY(state->has_value());
    QCOMPARE((*state)->settledDesired, std::optional<int>(2));
    QVERIFY(!(*state)->driftNoted);
    auto lock = reopened.currentLock(clusterA);
    QVERIFY(lock->has_value());
    QCOMPARE((*lock)->holder, QStringLiteral("ctl"));
    QCOMPARE((*lock)->dryRun, true);
}

void TestScheduleStore::unwritableLocationIsAClearError()
{
    ScheduleStore store(QStringLiteral("/proc/scaledeck-cannot-be-here/store.sqlite"));
    auto opened = store.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, RayErrorKind::Storage);
    QVERIFY(opened.error().message.contains(QStringLiteral("/proc/scaledeck-cannot-be-here")));
    auto listed = store.schedules(clusterA);
    QVERIFY(!listed.ok());
    QCOMPARE(listed.error().kind, RayErrorKind::Storage);
}

// A connection belongs to the thread that opened it: used from another one, every call is refused with an
// error naming the store, and logged, before it reaches SQLite.
void TestScheduleStore::useFromAnotherThreadIsRefused()
{
    ScheduleStore store(path());
    QVERIFY(store.open().ok());
    QVERIFY(store.saveSchedule(clusterA, stored(target("llm", "LLM"), "default 1\n")).ok());
    QString readError;
    QString writeError;
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("schedule store was opened on thread")));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("schedule store was opened on thread")));
    std::thread other([&] {
        auto read = store.schedules(clusterA);
        readError = read ? QStringLiteral("read succeeded") : read.error().describe();
        auto written = store.removeSchedule(clusterA, target("llm", "LLM"));
        writeError = written ? QStringLiteral("write succeeded") : written.error().describe();
    });
    other.join();
    QVERIFY2(readError.contains(QStringLiteral("the schedule store was opened on thread")), qPrintable(readError));
    QVERIFY2(writeError.contains(QStringLiteral("the schedule store was opened on thread")), qPrintable(writeError));
    // Nothing was changed, and the owning thread still uses it.
    QCOMPARE(store.schedules(clusterA)->size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestScheduleStore)
void TestScheduleStore::operatorResumeEndsTheFightWithOneAuditRow()
{
    ScheduleStore store(path());
    TargetContest contest{.target = QStringLiteral("llm/LLM"),
                          .putBackUtc = t0,
                          .contestedUtc = t0,
                          .description = QStringLiteral("2 → 3 twice in 35 s"),
                          .outsideValue = QStringLiteral("3"),
                          .outsideSinceUtc = t0,
                          .contests = 1};
    QVERIFY(store.startContest(clusterA, contest,
                               entry(t0, "llm/LLM", AuditCause::Schedule, "2", "3", AuditResult::Contested)));
    const QDateTime later = t0.addSecs(60);
    auto resumed = store.resumeContest(clusterA, QStringLiteral("llm/LLM"), later, QStringLiteral("alice (GUI)"));
    QVERIFY2(resumed, qPrintable(resumed ? QString() : resumed.error().describe()));
    QVERIFY(*resumed);
    auto left = store.targetContest(clusterA, QStringLiteral("llm/LLM"));
    QVERIFY(left);
    QVERIFY(!left->has_value() || !(*left)->isContested());
    auto rows = store.audit(clusterA, later);
    QVERIFY(rows);
    QCOMPARE(rows->size(), std::size_t(1));
    const AuditEntry &row = rows->front();
    QCOMPARE(row.result, AuditResult::Resumed);
    QCOMPARE(row.cause, AuditCause::Operator);
    QCOMPARE(row.before, QStringLiteral("3")); // what the other side held when the operator stepped in
    QCOMPARE(row.holder, QStringLiteral("alice (GUI)"));

    // A second resume finds nothing contested and writes nothing.
    auto again = store.resumeContest(clusterA, QStringLiteral("llm/LLM"), later.addSecs(1), QStringLiteral("bob"));
    QVERIFY(again);
    QVERIFY(!*again);
    QCOMPARE(store.audit(clusterA, later)->size(), std::size_t(1));
}

void TestScheduleStore::actionOutcomeAndStateLandTogether()
{
    ScheduleStore store(path());
    auto id = store.appendAudit(clusterA, entry(t0, "llm/LLM", AuditCause::Schedule, "0", "2"));
    QVERIFY(id);
    TargetState state;
    state.target = QStringLiteral("llm/LLM");
    QVERIFY(store.finishAction(clusterA, *id, AuditResult::Sent, QStringLiteral("sent"), state));
    auto rows = store.audit(clusterA, t0);
    QVERIFY(rows);
    QCOMPARE(rows->front().result, AuditResult::Sent);
    QVERIFY(store.targetState(clusterA, QStringLiteral("llm/LLM")));

    // An audit row that is not there fails the whole action: the target's state is not written alone.
    TargetState other;
    other.target = QStringLiteral("embedder/Embedder");
    QVERIFY(!store.finishAction(clusterA, *id + 1000, AuditResult::Sent, QStringLiteral("sent"), other));
    auto otherState = store.targetState(clusterA, QStringLiteral("embedder/Embedder"));
    QVERIFY(otherState);
    QVERIFY(!otherState->has_value());
}

void TestScheduleStore::aScheduleChangeIsAuditedWithItsText()
{
    ScheduleStore store(path());
    const ScheduleTarget llm = target("llm", "LLM");
    const ScheduleAuthor alice{.holder = QStringLiteral("alice (scaledeckctl API)"),
                               .detail = QStringLiteral("stored through the API"),
                               .atUtc = t0};
    // Without an author (the controller's own bookkeeping, tests) nothing is audited.
    QVERIFY(store.saveSchedule(clusterA, stored(llm, "tz UTC\ndefault 1\n")));
    QVERIFY(store.audit(clusterA, t0.addDays(-1))->empty());

    QVERIFY(store.saveSchedule(clusterA, stored(llm, "tz UTC\ndefault 2\n# night shift\ndrift correct\n"), alice));
    ScheduleAuthor bob = alice;
    bob.holder = QStringLiteral("bob (ScaleDeck)");
    bob.atUtc = t0.addSecs(60);
    auto removed = store.removeSchedule(clusterA, llm, bob);
    QVERIFY(removed);
    QVERIFY(*removed);
    QVERIFY(!*store.removeSchedule(clusterA, llm, bob)); // nothing left: nothing audited

    auto rows = store.audit(clusterA, t0.addDays(-1));
    QVERIFY(rows);
    QCOMPARE(rows->size(), std::size_t(2));
    const AuditEntry &set = (*rows)[0];
    QCOMPARE(set.result, AuditResult::ScheduleSet);
    QCOMPARE(set.cause, AuditCause::Operator);
    QCOMPARE(set.target, QStringLiteral("llm/LLM"));
    QCOMPARE(set.before, QStringLiteral("tz UTC; default 1"));
    QCOMPARE(set.after, QStringLiteral("tz UTC; default 2; drift correct")); // one line, comments dropped
    QCOMPARE(set.holder, QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(set.detail, QStringLiteral("stored through the API"));
    const AuditEntry &gone = (*rows)[1];
    QCOMPARE(gone.result, AuditResult::ScheduleRemoved);
    QCOMPARE(gone.before, QStringLiteral("tz UTC; default 2; drift correct"));
    QCOMPARE(gone.after, QString());
    QCOMPARE(gone.holder, QStringLiteral("bob (ScaleDeck)"));
    QCOMPARE(gone.atUtc, t0.addSecs(60));
}

#include "test_schedulestore.moc"
