// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The store-backed routes of the controller's API over real HTTP, with the real controller on the fake cluster:
// schedules (list, read, set with `schedule set`'s checks, remove), their next transitions, overrides (list, set,
// clear) and the audit log with `since`; every change audited naming the operator who made it.
#include "apibench.h"
#include "schedulejson.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");

// The audit rows of the bench's cluster, as "RESULT TARGET by HOLDER".
QStringList auditRows(ApiBench &bench)
{
    QStringList rows;
    auto entries = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    if (!entries)
        return {QStringLiteral("audit not read: ") + entries.error().describe()};
    for (const AuditEntry &entry : *entries)
        rows.append(QStringLiteral("%1 %2 by %3").arg(entry.resultText(), entry.target, entry.holder));
    return rows;
}
} // namespace

class TestApiSchedules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsAndReadsSchedules();
    void setsAScheduleAsScheduleSetDoes();
    void removesASchedule();
    void previewsTransitions();
    void setsListsAndClearsOverrides();
    void readsTheAuditSince();
    void theSchedulesVersionMovesOnlyWithTheSchedules();
    void healthReadsTheSchedulesOncePerTick();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ApiBench> m_bench;
};

void TestApiSchedules::init()
{
    m_clock = std::make_unique<ManualClock>(kStart);
    m_bench = std::make_unique<ApiBench>(m_clock.get());
    const QString failed = m_bench->setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestApiSchedules::cleanup()
{
    m_bench.reset();
    m_clock.reset();
}

void TestApiSchedules::listsAndReadsSchedules()
{
    ApiTestClient bob = m_bench->client(kBobToken);
    ApiAnswer answer = bob.get(QStringLiteral("schedules"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json list = answer.json()["schedules"];
    QCOMPARE(list.size(), size_t(1));
    QCOMPARE(list[0]["target"], "llm/LLM");
    QCOMPARE(list[0]["desired"], 2);
    QCOMPARE(list[0]["timeZone"], "UTC");
    QVERIFY(list[0]["override"].is_null());

    answer = bob.get(QStringLiteral("schedules/llm/LLM"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["text"].get<std::string>(),
             scheduleToText(*parseScheduleText(kSchedule).schedule).toStdString());
    QVERIFY(answer.json()["schedule"].is_object());
    QCOMPARE(bob.get(QStringLiteral("schedules/llm/Other")).status, 404);
    QCOMPARE(bob.get(QStringLiteral("schedules/a/b/c")).status, 400);
}

void TestApiSchedules::setsAScheduleAsScheduleSetDoes()
{
    ApiTestClient alice = m_bench->client(kAliceToken);
    const QByteArray text = "tz UTC\ndefault 1\nMon-Fri 07:00-17:00 = 3\n";
    // Before the controller has read the cluster, the target cannot be checked.
    ApiAnswer answer = alice.call("PUT", QStringLiteral("schedules/llm/LLM"), text);
    QCOMPARE(answer.status, 503);
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed");

    answer = alice.call("PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault lots\n");
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.error().startsWith(QStringLiteral("line 2, column")), qPrintable(answer.error()));
    answer = alice.call("PUT", QStringLiteral("schedules/nope/X"), text);
    QCOMPARE(answer.status, 409);
    QCOMPARE(answer.error(), QStringLiteral("there is no application 'nope' on the cluster"));
    answer = alice.call("PUT", QStringLiteral("schedules/llm/Nope"), text);
    QCOMPARE(answer.status, 409);
    QCOMPARE(answer.error(), QStringLiteral("application 'llm' has no deployment 'Nope'"));
    QCOMPARE(auditRows(*m_bench), QStringList());

    answer = alice.call("PUT", QStringLiteral("schedules/llm/LLM"), text);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["stored"], true);
    QCOMPARE(answer.json()["next"][0]["to"], 1); // 17:00 on this Monday
    auto stored = m_bench->controller.schedules->schedule(m_bench->controller.key,
                                                          ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->text, scheduleToText(*parseScheduleText(QString::fromUtf8(text)).schedule));
    QCOMPARE(auditRows(*m_bench), QStringList{QStringLiteral("schedule set llm/LLM by alice (scaledeckctl API)")});

    // The JSON form names its target, which must be the path's.
    const QByteArray json = scheduleToJson(*parseScheduleText(QString::fromUtf8(text)).schedule,
                                           ScheduleTarget{QStringLiteral("other"), QStringLiteral("X")});
    answer = alice.call("PUT", QStringLiteral("schedules/llm/LLM"), json);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.error(), QStringLiteral("the body is the schedule of other/X, not of llm/LLM"));
}

void TestApiSchedules::removesASchedule()
{
    ApiTestClient alice = m_bench->client(kAliceToken);
    ApiAnswer answer = alice.call("DELETE", QStringLiteral("schedules/llm/LLM"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["removed"], true);
    QCOMPARE(alice.get(QStringLiteral("schedules/llm/LLM")).status, 404);
    QCOMPARE(alice.call("DELETE", QStringLiteral("schedules/llm/LLM")).status, 404);
    QCOMPARE(auditRows(*m_bench), QStringList{QStringLiteral("schedule removed llm/LLM by alice (scaledeckctl API)")});
}

void TestApiSchedules::previewsTransitions()
{
    auto saved = m_bench->controller.schedules->saveSchedule(
        m_bench->controller.key,
        StoredSchedule{
            ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
            scheduleToText(*parseScheduleText(QStringLiteral("tz UTC\ndefault 0\ndaily 08:00-18:00 = 2\n")).schedule),
            kStart});
    QVERIFY(saved);
    ApiTestClient bob = m_bench->client(kBobToken);
    const ApiAnswer answer = bob.get(QStringLiteral("transitions/llm/LLM?count=3"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json transitions = answer.json()["transitions"];
    QCOMPARE(transitions.size(), size_t(3));
    QCOMPARE(transitions[0]["at"], "2026-11-23T18:00:00Z");
    QCOMPARE(transitions[0]["from"], 2);
    QCOMPARE(transitions[0]["to"], 0);
    QCOMPARE(transitions[1]["at"], "2026-11-24T08:00:00Z");
    QCOMPARE(bob.get(QStringLiteral("transitions/llm/LLM?count=0")).status, 400);
    QCOMPARE(bob.get(QStringLiteral("transitions/nope")).status, 404);
}

void TestApiSchedules::setsListsAndClearsOverrides()
{
    ApiTestClient alice = m_bench->client(kAliceToken);
    ApiAnswer answer =
        alice.call("PUT", QStringLiteral("overrides/llm/LLM"), R"({"replicas": 4, "until": "2026-11-23T18:00:00Z"})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["replicas"], 4);
    QCOMPARE(answer.json()["by"], "alice (scaledeckctl API)");
    answer = alice.get(QStringLiteral("overrides"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["overrides"].size(), size_t(1));
    QCOMPARE(answer.json()["overrides"][0]["until"], "2026-11-23T18:00:00Z");
    QCOMPARE(alice.get(QStringLiteral("schedules")).json()["schedules"][0]["desired"], 4);

    QCOMPARE(
        alice.call("PUT", QStringLiteral("overrides/llm/LLM"), R"({"replicas": 4, "until": "2026-11-23T11:00:00Z"})")
            .status,
        400); // in the past
    QCOMPARE(alice.call("PUT", QStringLiteral("overrides/llm/LLM"), R"({"replicas": -1, "until": "2026-11-23T18:00Z"})")
                 .status,
             400);
    QCOMPARE(alice.call("PUT", QStringLiteral("overrides/other"), R"({"replicas": 1, "until": "2026-11-23T18:00:00Z"})")
                 .status,
             404); // no schedule

    answer = alice.call("DELETE", QStringLiteral("overrides/llm/LLM"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["cleared"], true);
    QCOMPARE(alice.get(QStringLiteral("overrides")).json()["overrides"].size(), size_t(0));
    QCOMPARE(auditRows(*m_bench),
             (QStringList{QStringLiteral("override set llm/LLM by alice (scaledeckctl API)"),
                          QStringLiteral("override cleared llm/LLM by alice (scaledeckctl API)")}));
}

void TestApiSchedules::readsTheAuditSince()
{
    ApiTestClient alice = m_bench->client(kAliceToken);
    QCOMPARE(alice.call("DELETE", QStringLiteral("schedules/llm/LLM")).status, 200);
    ApiAnswer answer = alice.get(QStringLiteral("audit?since=2026-11-23T11:00:00Z"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json entries = answer.json()["entries"];
    QCOMPARE(entries.size(), size_t(1));
    QCOMPARE(entries[0]["result"], "schedule removed");
    QCOMPARE(entries[0]["cause"], "operator");
    QCOMPARE(entries[0]["by"], "alice (scaledeckctl API)");
    QCOMPARE(alice.get(QStringLiteral("audit?since=2026-11-23T12:00:01Z")).json()["entries"].size(), size_t(0));
    QCOMPARE(alice.get(QStringLiteral("audit?since=yesterday")).status, 400);
}

// GET health's schedulesVersion (and GET schedules', the same) moves when a schedule or an override is set or
// cleared, through the API or straight in the store (an import, scaledeckctl on the store's host: after the
// controller's next tick), and not when the controller ticks or someone reads: what lets a client skip reading the list
// again.
void TestApiSchedules::theSchedulesVersionMovesOnlyWithTheSchedules()
{
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed"); // health answers after the first tick
    ApiTestClient alice = m_bench->client(kAliceToken);
    const auto version = [&alice]() -> qint64 {
        const nlohmann::json health = alice.get(QStringLiteral("health")).json();
        const nlohmann::json list = alice.get(QStringLiteral("schedules")).json();
        if (!health["schedulesVersion"].is_number_integer() || list["schedulesVersion"] != health["schedulesVersion"])
            return -1;
        return health["schedulesVersion"].get<qint64>();
    };
    const qint64 first = version();
    QVERIFY(first > 0);
    QCOMPARE(version(), first);
    m_clock->advanceSecs(10);
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed");
    QCOMPARE(version(), first);

    QCOMPARE(alice.call("PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault 3\n").status, 200);
    const qint64 afterSchedule = version();
    QVERIFY(afterSchedule != first);
    QCOMPARE(version(), afterSchedule);

    QCOMPARE(
        alice.call("PUT", QStringLiteral("overrides/llm/LLM"), R"({"replicas": 4, "until": "2026-11-23T18:00:00Z"})")
            .status,
        200);
    const qint64 afterOverride = version();
    QVERIFY(afterOverride != afterSchedule);
    QCOMPARE(alice.call("DELETE", QStringLiteral("overrides/llm/LLM")).status, 200);
    const qint64 afterClear = version();
    QVERIFY(afterClear != afterOverride);

    // Written to the store by someone else than this API.
    auto saved = m_bench->controller.schedules->saveSchedule(
        m_bench->controller.key,
        StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                       scheduleToText(*parseScheduleText(QStringLiteral("tz UTC\ndefault 1\n")).schedule), kStart});
    QVERIFY(saved);
    m_clock->advanceSecs(10);
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed"); // GET health reads it after the next tick
    const qint64 afterStore = version();
    QVERIFY(afterStore != afterClear);
    m_clock->advanceSecs(10);
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed");
    QCOMPARE(version(), afterStore);
}

// GET health, which every window asks every few seconds, reads the schedules from the store once per controller
// tick and after each write through the API: a write made straight in the store shows after the next tick, one
// through the API at once.
void TestApiSchedules::healthReadsTheSchedulesOncePerTick()
{
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed");
    ApiTestClient alice = m_bench->client(kAliceToken);
    const auto healthVersion = [&alice]() -> qint64 {
        const nlohmann::json health = alice.get(QStringLiteral("health")).json();
        return health["schedulesVersion"].is_number_integer() ? health["schedulesVersion"].get<qint64>() : -1;
    };
    const qint64 first = healthVersion();
    QVERIFY(first > 0);

    auto saved = m_bench->controller.schedules->saveSchedule(
        m_bench->controller.key,
        StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                       scheduleToText(*parseScheduleText(QStringLiteral("tz UTC\ndefault 1\n")).schedule), kStart});
    QVERIFY(saved);
    QCOMPARE(healthVersion(), first); // not read again before the controller's next tick
    m_clock->advanceSecs(10);
    QVERIFY2(m_bench->tick().isEmpty(), "the tick failed");
    const qint64 afterTick = healthVersion();
    QVERIFY(afterTick != first);

    QCOMPARE(alice.call("PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault 3\n").status, 200);
    QVERIFY(healthVersion() != afterTick); // the API's own write: at once
}

QTEST_GUILESS_MAIN(TestApiSchedules)
#include "test_apischedules.moc"
