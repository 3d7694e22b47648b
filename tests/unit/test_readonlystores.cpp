// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A read-only session writes nothing: every write of the schedule, price and parked stores handed a read-only
// WriteGuard is refused with RayErrorKind::ReadOnly and a message naming what was not done, and the store is
// exactly as it was; the same write through a read-write store succeeds; reads work either way.
#include "parkedstore.h"
#include "pricestore.h"
#include "schedulestore.h"
#include "writeguard.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString kCluster = QStringLiteral("http://127.0.0.1:8265");
const QDateTime kT0 = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
const ScheduleTarget kLlm{QStringLiteral("llm"), QStringLiteral("LLM")};
const QString kHolder = QStringLiteral("scaledeckctl run on host (pid 1)");

const WriteGuard kReadOnly(true);
const WriteGuard kReadWrite;

// Everything the schedule store holds for the cluster, one line a row, so "unchanged" is one comparison.
QStringList scheduleRows(ScheduleStore &store, const QDateTime &overridesAt)
{
    QStringList rows;
    auto schedules = store.schedules(kCluster);
    auto overrides = store.activeOverrides(kCluster, overridesAt);
    auto audit = store.audit(kCluster, kT0.addDays(-1));
    auto state = store.targetState(kCluster, kLlm.toString());
    auto lock = store.currentLock(kCluster);
    if (!schedules || !overrides || !audit || !state || !lock)
        return {QStringLiteral("unreadable")};
    for (const StoredSchedule &s : *schedules)
        rows << QStringLiteral("schedule %1: %2").arg(s.target.toString(), s.text);
    for (const ScheduleOverride &o : *overrides)
        rows << QStringLiteral("override %1: %2 until %3")
                    .arg(o.target.toString())
                    .arg(o.replicas)
                    .arg(o.untilUtc.toString(Qt::ISODate));
    for (const AuditEntry &e : *audit)
        rows << QStringLiteral("audit %1 %2 %3→%4 %5 %6")
                    .arg(e.id)
                    .arg(e.target, e.before, e.after, e.resultText(), e.detail);
    if (state->has_value())
        rows << QStringLiteral("state %1 settled %2 attempted %3 failed %4")
                    .arg((*state)->target)
                    .arg((*state)->settledDesired.value_or(-1))
                    .arg((*state)->attemptedDesired.value_or(-1))
                    .arg((*state)->attemptFailed);
    if (lock->has_value())
        rows << QStringLiteral("lock %1 %2").arg((*lock)->holder, (*lock)->heartbeatUtc.toString(Qt::ISODate));
    return rows;
}

// One write of the schedule store by name (the rows of writesAreRefused), as a plain outcome.
std::optional<RayError> scheduleWrite(ScheduleStore &store, const QString &write, qint64 auditId)
{
    auto outcome = [](const auto &result) { return result ? std::nullopt : std::optional<RayError>(result.error()); };
    const TargetState state{kLlm.toString(), 3, 3, kT0, false, {}};
    const AuditEntry entry{.atUtc = kT0,
                           .target = kLlm.toString(),
                           .cause = AuditCause::Operator,
                           .before = QStringLiteral("2"),
                           .after = QStringLiteral("3"),
                           .result = AuditResult::OverrideSet,
                           .holder = QStringLiteral("ScaleDeck")};
    if (write == QLatin1String("saveSchedule"))
        return outcome(store.saveSchedule(kCluster, StoredSchedule{kLlm, QStringLiteral("tz UTC\ndefault 5\n"), kT0}));
    if (write == QLatin1String("removeSchedule"))
        return outcome(store.removeSchedule(kCluster, kLlm));
    if (write == QLatin1String("setOverride"))
        return outcome(store.setOverride(
            kCluster, ScheduleOverride{kLlm, 4, kT0.addSecs(7200), kT0, QStringLiteral("ScaleDeck"), QString()}));
    if (write == QLatin1String("clearOverride"))
        return outcome(store.clearOverride(kCluster, kLlm));
    if (write == QLatin1String("appendAudit"))
        return outcome(store.appendAudit(kCluster, entry));
    if (write == QLatin1String("finishAudit"))
        return outcome(store.finishAudit(auditId, AuditResult::Sent, QStringLiteral("done")));
    if (write == QLatin1String("finishAction"))
        return outcome(store.finishAction(kCluster, auditId, AuditResult::Sent, QStringLiteral("done"), state));
    if (write == QLatin1String("markInterrupted"))
        return outcome(store.markInterrupted(kCluster));
    if (write == QLatin1String("saveTargetState"))
        return outcome(store.saveTargetState(kCluster, state));
    if (write == QLatin1String("acquireLock")) // the holder's heartbeat is stale: a writer would take it over
        return outcome(store.acquireLock(kCluster, QStringLiteral("ScaleDeck"), false, kT0.addSecs(3600), 30000));
    if (write == QLatin1String("releaseLock"))
        return outcome(store.releaseLock(kCluster, kHolder));
    qFatal("unknown write %s", qPrintable(write));
}
} // namespace

class TestReadOnlyStores : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void guardSaysWhatWasRefusedAndWhy();
    void scheduleWritesAreRefused_data();
    void scheduleWritesAreRefused();
    void scheduleReadsWork();
    void priceWritesAreRefused_data();
    void priceWritesAreRefused();
    void parkedWritesAreRefused_data();
    void parkedWritesAreRefused();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    qint64 seedSchedules(); // returns the id of a pending audit entry
    void seedPrices();
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestReadOnlyStores::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// A schedule, an override, an expired override, a pending audit entry, the controller's memory of llm/LLM and a
// lock whose holder went silent at kT0.
qint64 TestReadOnlyStores::seedSchedules()
{
    ScheduleStore store(path());
    const ScheduleTarget embedder{QStringLiteral("embedder"), QString()};
    const bool seeded =
        store.saveSchedule(kCluster, StoredSchedule{kLlm, QStringLiteral("tz UTC\ndefault 2\n"), kT0}).ok() &&
        store.setOverride(kCluster, ScheduleOverride{kLlm, 3, kT0.addSecs(3600), kT0, QStringLiteral("x"), {}}).ok() &&
        store.setOverride(kCluster, ScheduleOverride{embedder, 1, kT0.addSecs(60), kT0, QStringLiteral("x"), {}})
            .ok() &&
        store.saveTargetState(kCluster, TargetState{kLlm.toString(), 2, 2, kT0, false, {}}).ok() &&
        store.acquireLock(kCluster, kHolder, false, kT0, 30000).ok();
    auto id = store.appendAudit(kCluster, AuditEntry{.atUtc = kT0,
                                                     .target = kLlm.toString(),
                                                     .cause = AuditCause::Schedule,
                                                     .before = QStringLiteral("2"),
                                                     .after = QStringLiteral("0"),
                                                     .result = AuditResult::Pending,
                                                     .detail = QStringLiteral("default 0"),
                                                     .holder = kHolder});
    if (!seeded || !id)
        qFatal("cannot seed the schedule store");
    return *id;
}

void TestReadOnlyStores::seedPrices()
{
    PriceStore store(path());
    PriceList prices;
    prices.currency = QStringLiteral("EUR");
    prices.gpuHour = 2.5;
    prices.gpuHourByAccelerator[QStringLiteral("L4")] = 4;
    if (!store.setPrices(kCluster, prices) || !store.setAlwaysOnCount(kCluster, QStringLiteral("llm/LLM"), 4))
        qFatal("cannot seed the price store");
}

void TestReadOnlyStores::guardSaysWhatWasRefusedAndWhy()
{
    const auto refused = kReadOnly.check(QStringLiteral("the schedule of llm/LLM was not saved"));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, RayErrorKind::ReadOnly);
    QCOMPARE(refused.error().describe(),
             QStringLiteral("this profile is read-only: the schedule of llm/LLM was not saved"));
    QVERIFY(kReadOnly.isReadOnly());
    QVERIFY(kReadWrite.check(QStringLiteral("the schedule of llm/LLM was not saved")).ok());
    QVERIFY(!kReadWrite.isReadOnly());
}

void TestReadOnlyStores::scheduleWritesAreRefused_data()
{
    QTest::addColumn<QString>("write");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("save schedule") << "saveSchedule"
                                   << "the schedule of llm/LLM was not saved";
    QTest::newRow("remove schedule") << "removeSchedule"
                                     << "the schedule of llm/LLM was not removed";
    QTest::newRow("set override") << "setOverride"
                                  << "the override of llm/LLM was not set";
    QTest::newRow("clear override") << "clearOverride"
                                    << "the override of llm/LLM was not cleared";
    QTest::newRow("append audit") << "appendAudit"
                                  << "the audit log entry for llm/LLM was not written";
    QTest::newRow("finish audit") << "finishAudit"
                                  << "audit log entry 1 was not finished";
    QTest::newRow("finish action") << "finishAction"
                                   << "the outcome of the action on llm/LLM was not recorded";
    QTest::newRow("mark interrupted") << "markInterrupted"
                                      << "pending audit log entries were not closed";
    QTest::newRow("save target state") << "saveTargetState"
                                       << "the controller's memory of llm/LLM was not saved";
    QTest::newRow("acquire lock") << "acquireLock"
                                  << "the controller lock of http://127.0.0.1:8265 was not taken";
    QTest::newRow("release lock") << "releaseLock"
                                  << "the controller lock of http://127.0.0.1:8265 was not released";
}

void TestReadOnlyStores::scheduleWritesAreRefused()
{
    QFETCH(QString, write);
    QFETCH(QString, refusal);
    const qint64 auditId = seedSchedules();
    QCOMPARE(auditId, 1);
    ScheduleStore writable(path());
    const QStringList before = scheduleRows(writable, kT0);

    {
        ScheduleStore readOnly(path(), kReadOnly);
        const std::optional<RayError> refused = scheduleWrite(readOnly, write, auditId);
        QVERIFY2(refused, "a read-only store wrote");
        QCOMPARE(refused->kind, RayErrorKind::ReadOnly);
        QCOMPARE(refused->message, refusal);
    }
    QCOMPARE(scheduleRows(writable, kT0), before);

    // The same write through a read-write store goes through and changes the store.
    const std::optional<RayError> failed = scheduleWrite(writable, write, auditId);
    QVERIFY2(!failed, failed ? qPrintable(failed->describe()) : "");
    QVERIFY(scheduleRows(writable, kT0) != before);
}

// Reading is not writing: a read-only store lists everything, and reading the overrides neither deletes the
// expired one (that is the controller's housekeeping) nor returns it.
void TestReadOnlyStores::scheduleReadsWork()
{
    seedSchedules();
    ScheduleStore writable(path());
    const QStringList before = scheduleRows(writable, kT0);
    ScheduleStore readOnly(path(), kReadOnly);
    QCOMPARE(scheduleRows(readOnly, kT0), before);
    QVERIFY(before.contains(QStringLiteral("schedule llm/LLM: tz UTC\ndefault 2\n")));

    const QDateTime later = kT0.addSecs(120); // embedder's override has expired, llm's has not
    auto active = readOnly.activeOverrides(kCluster, later);
    QVERIFY(active.ok());
    QCOMPARE(active->size(), size_t(1));
    QCOMPARE(active->front().target, kLlm);
    QCOMPARE(scheduleRows(writable, kT0), before); // the expired row is still there for a writer to delete
}

void TestReadOnlyStores::priceWritesAreRefused_data()
{
    QTest::addColumn<QString>("write");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("prices") << "setPrices"
                            << "the prices of http://127.0.0.1:8265 were not saved";
    QTest::newRow("always-on count") << "setAlwaysOnCount"
                                     << "the always-on count of llm/LLM was not saved";
    QTest::newRow("always-on back to peak") << "resetAlwaysOnCount"
                                            << "the always-on count of llm/LLM was not removed";
}

void TestReadOnlyStores::priceWritesAreRefused()
{
    QFETCH(QString, write);
    QFETCH(QString, refusal);
    seedPrices();
    PriceList changed;
    changed.gpuHour = 9;
    auto writeWith = [&](PriceStore &store) {
        if (write == QLatin1String("setPrices"))
            return store.setPrices(kCluster, changed);
        return store.setAlwaysOnCount(kCluster, QStringLiteral("llm/LLM"),
                                      write == QLatin1String("setAlwaysOnCount") ? std::optional<int>(7)
                                                                                 : std::nullopt);
    };
    PriceStore writable(path());
    const auto pricesBefore = writable.prices(kCluster);
    const auto countsBefore = writable.alwaysOnCounts(kCluster);
    QVERIFY(pricesBefore.ok() && countsBefore.ok());
    QCOMPARE(pricesBefore->gpuHour, 2.5);

    {
        PriceStore readOnly(path(), kReadOnly);
        const auto refused = writeWith(readOnly);
        QVERIFY2(!refused.ok(), "a read-only store wrote");
        QCOMPARE(refused.error().kind, RayErrorKind::ReadOnly);
        QCOMPARE(refused.error().message, refusal);
        QCOMPARE(readOnly.prices(kCluster).value(), pricesBefore.value()); // reads work
        QCOMPARE(readOnly.alwaysOnCounts(kCluster).value(), countsBefore.value());
    }
    QCOMPARE(writable.prices(kCluster).value(), pricesBefore.value());
    QCOMPARE(writable.alwaysOnCounts(kCluster).value(), countsBefore.value());

    const auto allowed = writeWith(writable);
    QVERIFY2(allowed.ok(), allowed.ok() ? "" : qPrintable(allowed.error().describe()));
    QVERIFY(writable.prices(kCluster).value() != pricesBefore.value() ||
            writable.alwaysOnCounts(kCluster).value() != countsBefore.value());
}

void TestReadOnlyStores::parkedWritesAreRefused_data()
{
    QTest::addColumn<bool>("save");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("save") << true << "the parked config of llm was not saved";
    QTest::newRow("remove") << false << "the parked config of embedder was not removed";
}

void TestReadOnlyStores::parkedWritesAreRefused()
{
    QFETCH(bool, save);
    QFETCH(QString, refusal);
    const ParkedApp embedder{QStringLiteral("embedder"), R"({"name": "embedder"})", "{}", kT0};
    const ParkedApp llm{QStringLiteral("llm"), R"({"name": "llm"})", "{}", kT0};
    ParkedStore writable(path());
    QVERIFY(writable.save(kCluster, embedder).ok());
    auto names = [&](ParkedStore &store) {
        QStringList list;
        const auto listed = store.list(kCluster);
        for (const ParkedApp &app : listed.value())
            list << app.name + QLatin1Char(' ') + QString::fromUtf8(app.configJson);
        return list;
    };
    const QStringList before = names(writable);
    auto writeWith = [&](ParkedStore &store) {
        return save ? store.save(kCluster, llm) : store.remove(kCluster, embedder.name);
    };

    {
        ParkedStore readOnly(path(), kReadOnly);
        const auto refused = writeWith(readOnly);
        QVERIFY2(!refused.ok(), "a read-only store wrote");
        QCOMPARE(refused.error().kind, RayErrorKind::ReadOnly);
        QCOMPARE(refused.error().message, refusal);
        QCOMPARE(names(readOnly), before); // reads work
    }
    QCOMPARE(names(writable), before);
    QVERIFY(writeWith(writable).ok());
    QVERIFY(names(writable) != before);
}

QTEST_GUILESS_MAIN(TestReadOnlyStores)
#include "test_readonlystores.moc"
