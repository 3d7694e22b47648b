// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The lock's fence: a controller whose lock passes to another while its tick runs sends none of that tick's
// changes (and closes their audit rows as not sent), whether the lock went while it read the cluster or between
// two applications' changes. The test plays the other controller, taking the lock as a waiting one would once the
// holder's heartbeat looks stale (a heartbeat an hour ahead), at the moment each case names. Against the in-process
// fake cluster; the real takeover between two `scaledeckctl run` is test_live_pg_takeover.
#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "schedulecontroller.h"
#include "scheduletext.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate);
const QString holder = QStringLiteral("host-a");
const QString other = QStringLiteral("host-b");
constexpr int tickMs = 1000;

// The fake cluster, with a hook run when a PUT of a config arrives (before it is answered).
class HookedCluster : public FakeClusterClient {
public:
    using FakeClusterClient::FakeClusterClient;
    std::function<void()> onPut;
    ClusterJob *putServeConfig(QObject *owner, const QByteArray &config, DoneHandler done) override
    {
        if (onPut)
            std::exchange(onPut, nullptr)();
        return FakeClusterClient::putServeConfig(owner, config, std::move(done));
    }
};
} // namespace

class TestControllerFence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void lockTakenWhileReadingTheClusterSendsNothing();
    void lockTakenBetweenApplicationsSendsNoMore();
    void holderKeepsItsLockAndActs();

private:
    void saveSchedule(const ScheduleTarget &target, const char *text);
    std::optional<TickReport> tick();
    void otherTakesTheLock();
    QString key() const { return m_fake->endpoint().clusterKey(); }
    QStringList auditRows();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ManualClock> m_clock;
    std::optional<HookedCluster> m_fake;
    std::optional<ParkedStore> m_parked;
    std::optional<ScheduleStore> m_schedules;
    std::optional<ScheduleController> m_controller;
};

void TestControllerFence::init()
{
    m_dir.emplace();
    m_clock.emplace(start);
    m_fake.emplace(&*m_clock);
    m_fake->setServeApplications(bodyOf(demoDocument())); // llm/LLM and embedder/Embedder at 2
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_parked.emplace(path);
    QVERIFY(m_parked->open().ok());
    m_schedules.emplace(path);
    QVERIFY(m_schedules->open().ok());
    m_controller.emplace(&*m_fake, &*m_parked, &*m_schedules, &*m_clock, key(),
                         ControllerOptions{tickMs, false, holder, 2});
    // A first tick in step takes the lock.
    saveSchedule({QStringLiteral("llm"), QStringLiteral("LLM")}, "tz UTC\ndefault 2\n");
    const auto first = tick();
    QVERIFY(first && first->holdsLock);
}

void TestControllerFence::cleanup()
{
    m_controller.reset();
    m_schedules.reset();
    m_parked.reset();
    m_fake.reset();
}

void TestControllerFence::saveSchedule(const ScheduleTarget &target, const char *text)
{
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(text));
    QVERIFY(parsed.ok());
    QVERIFY(m_schedules->saveSchedule(key(), {target, scheduleToText(*parsed.schedule), start}).ok());
}

std::optional<TickReport> TestControllerFence::tick()
{
    QSignalSpy ticked(&*m_controller, &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (ticked.isEmpty() && !ticked.wait(10000))
        return std::nullopt;
    return ticked.at(0).at(0).value<TickReport>();
}

void TestControllerFence::otherTakesTheLock()
{
    // A waiting controller whose clock says the holder's heartbeat is an hour old takes the lock.
    auto taken = m_schedules->acquireLock(key(), other, false, QDateTime::currentDateTimeUtc().addSecs(3600), 2000);
    QVERIFY(taken.ok());
    QCOMPARE(taken->holder, other);
}

QStringList TestControllerFence::auditRows()
{
    auto audit = m_schedules->audit(key(), start.addDays(-1));
    if (!audit)
        return {QStringLiteral("audit unreadable: ") + audit.error().describe()};
    QStringList rows;
    for (const AuditEntry &entry : *audit)
        rows << QStringLiteral("%1 %2->%3 %4: %5")
                    .arg(entry.target, entry.before, entry.after, entry.resultText(), entry.detail);
    return rows;
}

void TestControllerFence::lockTakenWhileReadingTheClusterSendsNothing()
{
    saveSchedule({QStringLiteral("llm"), QStringLiteral("LLM")}, "tz UTC\ndefault 1\n");
    QSignalSpy ticked(&*m_controller, &ScheduleController::tickFinished);
    m_controller->tickNow(); // takes the lock, then reads the cluster: the answer comes later
    QVERIFY(ticked.isEmpty());
    otherTakesTheLock();
    QVERIFY(ticked.wait(10000));
    const auto report = ticked.at(0).at(0).value<TickReport>();
    QVERIFY(!report.holdsLock);
    QCOMPARE(report.lock.holder, other);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);
    QVERIFY2(auditRows().isEmpty(), qPrintable(auditRows().join(QLatin1Char('\n'))));
}

void TestControllerFence::lockTakenBetweenApplicationsSendsNoMore()
{
    saveSchedule({QStringLiteral("llm"), QStringLiteral("LLM")}, "tz UTC\ndefault 1\n");
    saveSchedule({QStringLiteral("embedder"), QStringLiteral("Embedder")}, "tz UTC\ndefault 1\n");
    m_fake->onPut = [this] { otherTakesTheLock(); }; // while the first application's change is on its way
    const auto report = tick();
    QVERIFY(report);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QVERIFY(!report->holdsLock);
    int sent = 0;
    int unsent = 0;
    for (const TargetDecision &decision : report->decisions) {
        sent += decision.result == DecisionResult::Sent ? 1 : 0;
        if (decision.result == DecisionResult::Failed) {
            ++unsent;
            QVERIFY2(decision.detail.contains(QLatin1String("host-b took the controller lock")),
                     qPrintable(decision.detail));
        }
    }
    QCOMPARE(sent, 1);
    QCOMPARE(unsent, 1);
    // One row sent, one closed as not sent: none left pending for the next controller to call interrupted.
    const QStringList rows = auditRows();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.filter(QRegularExpression(QStringLiteral("^\\S+ \\S+ sent: "))).size(), 1);
    QCOMPARE(
        rows.filter(QRegularExpression(QStringLiteral("^\\S+ \\S+ failed: not sent: host-b took the controller lock")))
            .size(),
        1);
    QCOMPARE(rows.filter(QRegularExpression(QStringLiteral("^\\S+ \\S+ pending"))).size(), 0);
}

void TestControllerFence::holderKeepsItsLockAndActs()
{
    saveSchedule({QStringLiteral("llm"), QStringLiteral("LLM")}, "tz UTC\ndefault 1\n");
    saveSchedule({QStringLiteral("embedder"), QStringLiteral("Embedder")}, "tz UTC\ndefault 1\n");
    const auto report = tick();
    QVERIFY(report && report->holdsLock);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 2);
    QCOMPARE(report->lock.holder, holder);
}

QTEST_GUILESS_MAIN(TestControllerFence)
#include "test_controller_fence.moc"
