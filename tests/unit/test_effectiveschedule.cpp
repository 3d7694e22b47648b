// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A stored schedule made ready to evaluate, the one way the controller, the window, `schedule list` and
// `show`, and the cost projection all read it: parsed, with only its own target's active overrides, or a
// typed error that says where the stored text does not parse.
#include "effectiveschedule.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString cluster = QStringLiteral("http://a:8265");
const QDateTime t0 = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
const ScheduleTarget embedder{QStringLiteral("embedder"), QString()};

ScheduleOverride overrideOf(const ScheduleTarget &target, int replicas)
{
    return ScheduleOverride{target, replicas, t0.addSecs(3600), t0, QStringLiteral("test"), QString()};
}
} // namespace

class TestEffectiveSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void takesOnlyItsTargetsOverrides();
    void unparseableTextIsATypedError();
    void loadsOneTargetFromTheStore();
    void readsSchedulesWithTheirOverrides();
};

void TestEffectiveSchedule::takesOnlyItsTargetsOverrides()
{
    const StoredSchedule stored{llm, QStringLiteral("tz UTC\ndefault 2\n"), t0};
    const ScheduleLoad load = effectiveSchedule(stored, {overrideOf(embedder, 0), overrideOf(llm, 5)});
    QVERIFY(load.ok());
    QCOMPARE(load->target, llm);
    QCOMPARE(load->text, stored.text);
    QCOMPARE(load->overrides.size(), size_t(1));
    QCOMPARE(load->activeOverride()->replicas, 5);
    QCOMPARE(load->evaluator().effectiveAt(t0.addSecs(60)).replicas, 5);
    QCOMPARE(load->evaluator().effectiveAt(t0.addSecs(7200)).replicas, 2);

    const ScheduleLoad without = effectiveSchedule(stored, {overrideOf(embedder, 0)});
    QVERIFY(without.ok());
    QVERIFY(!without->activeOverride());
    QCOMPARE(without->evaluator().effectiveAt(t0).replicas, 2);
}

void TestEffectiveSchedule::unparseableTextIsATypedError()
{
    const ScheduleLoad load = effectiveSchedule({llm, QStringLiteral("tz UTC\ndefault x\n"), t0}, {});
    QVERIFY(!load.ok());
    QCOMPARE(load.error().target, llm);
    QCOMPARE(load.error().error.line, 2);
    QVERIFY2(load.error().describe().startsWith(QStringLiteral("line 2")), qPrintable(load.error().describe()));
}

void TestEffectiveSchedule::loadsOneTargetFromTheStore()
{
    QTemporaryDir dir;
    ScheduleStore store(dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(store.open().ok());
    auto none = loadScheduleFor(store, cluster, llm, t0);
    QVERIFY(none.ok());
    QVERIFY(!none->has_value());

    QVERIFY(store.saveSchedule(cluster, {llm, QStringLiteral("tz UTC\ndefault 2\n"), t0}).ok());
    QVERIFY(store.setOverride(cluster, overrideOf(llm, 4)).ok());
    QVERIFY(store.setOverride(cluster, overrideOf(embedder, 0)).ok());
    auto loaded = loadScheduleFor(store, cluster, llm, t0);
    QVERIFY(loaded.ok() && loaded->has_value() && (*loaded)->ok());
    QCOMPARE((**loaded)->overrides.size(), size_t(1));
    QCOMPARE((**loaded)->overrides.front().replicas, 4);

    QVERIFY(store.saveSchedule(cluster, {llm, QStringLiteral("nonsense\n"), t0}).ok());
    auto unreadable = loadScheduleFor(store, cluster, llm, t0);
    QVERIFY(unreadable.ok() && unreadable->has_value());
    QVERIFY(!(*unreadable)->ok());
    QCOMPARE((*unreadable)->error().target, llm);
}

void TestEffectiveSchedule::readsSchedulesWithTheirOverrides()
{
    QTemporaryDir dir;
    ScheduleStore store(dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(store.open().ok());
    QVERIFY(store.saveSchedule(cluster, {llm, QStringLiteral("tz UTC\ndefault 2\n"), t0}).ok());
    QVERIFY(store.saveSchedule(cluster, {embedder, QStringLiteral("tz UTC\ndefault 1\n"), t0}).ok());
    QVERIFY(store.setOverride(cluster, overrideOf(llm, 4)).ok());
    auto stored = readStoredSchedules(store, cluster, t0);
    QVERIFY(stored.ok());
    QCOMPARE(stored->schedules.size(), size_t(2));
    QCOMPARE(stored->overrides.size(), size_t(1));
    // An override that has expired by the time of reading is not among them.
    auto later = readStoredSchedules(store, cluster, t0.addSecs(3600));
    QVERIFY(later.ok());
    QVERIFY(later->overrides.empty());
}

QTEST_GUILESS_MAIN(TestEffectiveSchedule)
#include "test_effectiveschedule.moc"
