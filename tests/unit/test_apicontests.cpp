// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The contested targets through the API: anyone lists them (GET contests); an operator hands one back to the
// controller (DELETE contests/TARGET), audited naming her, and the store no longer holds the fight, so the
// controller's next tick corrects the target again; a viewer is refused; a target not contested is no error.
#include "apibench.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

TargetContest llmContest()
{
    TargetContest contest;
    contest.target = QStringLiteral("llm/LLM");
    contest.putBackUtc = kStart.addSecs(-300);
    contest.contestedUtc = kStart.addSecs(-240);
    contest.description = QStringLiteral("2 → 3 twice in 35 s");
    contest.outsideValue = QStringLiteral("3");
    contest.outsideSinceUtc = kStart.addSecs(-240);
    contest.contests = 1;
    return contest;
}
} // namespace

class TestApiContests : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsTheContestedTargets();
    void anOperatorResumesOneUnderHerName();
    void aViewerMayNotResume();

private:
    ApiBench &bench() { return m_case->bench; }
    std::unique_ptr<ApiCase> m_case;
};

void TestApiContests::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = bench().setUp(QStringLiteral("tz UTC\ndefault 2\ndrift correct\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(bench().controller.schedules->saveTargetContest(bench().controller.key, llmContest()));
}

void TestApiContests::cleanup()
{
    m_case.reset();
}

void TestApiContests::listsTheContestedTargets()
{
    const ApiAnswer answer = bench().client(kBobToken).get(QStringLiteral("contests"));
    QCOMPARE(answer.status, 200);
    const auto json = answer.json();
    QCOMPARE(json["contests"].size(), size_t(1));
    const auto &contest = json["contests"][0];
    QCOMPARE(contest["target"], "llm/LLM");
    QCOMPARE(contest["contestedAt"], "2026-11-23T11:56:00Z");
    QCOMPARE(contest["description"], "2 → 3 twice in 35 s");
    QCOMPARE(contest["outsideValue"], "3");
    QCOMPARE(bench().client(kBobToken).call("POST", QStringLiteral("contests")).status, 405);
}

void TestApiContests::anOperatorResumesOneUnderHerName()
{
    ApiTestClient alice = bench().client(kAliceToken);
    ApiAnswer answer = alice.call("DELETE", QStringLiteral("contests/llm/LLM"));
    QVERIFY2(answer.status == 200, answer.body.constData());
    QCOMPARE(answer.json()["target"], "llm/LLM");
    QCOMPARE(answer.json()["resumed"], true);
    auto stored = bench().controller.schedules->targetContest(bench().controller.key, QStringLiteral("llm/LLM"));
    QVERIFY(stored);
    QVERIFY(!stored->has_value() || !(*stored)->isContested());
    QCOMPARE(alice.get(QStringLiteral("contests")).json()["contests"].size(), size_t(0));
    auto audit = bench().controller.schedules->audit(bench().controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    const auto row = std::find_if(audit->begin(), audit->end(),
                                  [](const AuditEntry &entry) { return entry.result == AuditResult::Resumed; });
    QVERIFY(row != audit->end());
    QCOMPARE(row->target, QStringLiteral("llm/LLM"));
    QCOMPARE(row->holder, QStringLiteral("alice (scaledeckctl API)"));
    // Again: not contested any more, which is what was asked.
    answer = alice.call("DELETE", QStringLiteral("contests/llm/LLM"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["resumed"], false);
    QCOMPARE(alice.call("DELETE", QStringLiteral("contests/")).status, 405);
}

void TestApiContests::aViewerMayNotResume()
{
    const ApiAnswer answer = bench().client(kBobToken).call("DELETE", QStringLiteral("contests/llm/LLM"));
    QCOMPARE(answer.status, 403);
    auto stored = bench().controller.schedules->targetContest(bench().controller.key, QStringLiteral("llm/LLM"));
    QVERIFY(stored && stored->has_value() && (*stored)->isContested());
}

QTEST_GUILESS_MAIN(TestApiContests)
#include "test_apicontests.moc"
