// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "contestrules_p.h"

#include <algorithm>

namespace scaledeck {

namespace {
QString minutesText(qint64 ms)
{
    return QStringLiteral("%1 min").arg(std::max<qint64>(1, ms / 60000));
}

ContestStep judgeContested(const ContestFacts &facts, TargetContest contest)
{
    if (facts.observed.text != contest.outsideValue) { // the cluster moved again: the fight goes on
        contest.outsideValue = facts.observed.text;
        contest.outsideSinceUtc = facts.nowUtc;
        return {ContestStep::Hold, std::move(contest), true};
    }
    if (contest.outsideSinceUtc.msecsTo(facts.nowUtc) < quietBeforeResumingMs(contest.contests))
        return {ContestStep::Hold, std::move(contest), false};
    // Quiet for long enough: correct it once more. That correction counts as put back already, so if the other
    // side still fights, its first put-back starts the next contest at once.
    contest.contestedUtc = QDateTime();
    contest.putBackUtc = facts.nowUtc;
    return {ContestStep::Resume, std::move(contest), true};
}
} // namespace

qint64 quietBeforeResumingMs(int contests)
{
    qint64 quiet = contestQuietMs;
    for (int i = 1; i < contests && quiet < contestQuietMaxMs; ++i)
        quiet *= 2;
    return std::min(quiet, contestQuietMaxMs);
}

ContestStep judgeContest(const ContestFacts &facts)
{
    TargetContest contest = facts.stored.value_or(TargetContest{});
    contest.target = facts.target;
    if (facts.verdict.action == TargetVerdict::InStep)
        return {contest.isContested() ? ContestStep::EndInStep : ContestStep::None, std::move(contest), false};
    // Only corrections make a fight: a transition is the schedule's own new intent and goes out regardless.
    if (facts.verdict.action != TargetVerdict::Send || facts.verdict.cause != AuditCause::DriftCorrection)
        return {};
    if (contest.isContested())
        return judgeContested(facts, std::move(contest));
    // Our last correction failed: the cluster did not move again, it never left the other value. Its retry is
    // no new move (a dashboard that keeps timing out must not read as a fight).
    if (facts.lastTryFailed)
        return {};
    const QDateTime first = contest.putBackUtc;
    contest.putBackUtc = facts.nowUtc;
    if (!first.isValid() || first.msecsTo(facts.nowUtc) > putBackWindowMs)
        return {ContestStep::CountPutBack, std::move(contest), true};
    contest.contestedUtc = facts.nowUtc;
    contest.contests += 1;
    contest.outsideValue = facts.observed.text;
    contest.outsideSinceUtc = facts.nowUtc;
    contest.description = QStringLiteral("%1 → %2 twice in %3 s")
                              .arg(facts.desiredText, facts.observed.text)
                              .arg(std::max<qint64>(1, first.secsTo(facts.nowUtc)));
    return {ContestStep::Start, std::move(contest), true};
}

QString contestDetail(const TargetContest &contest)
{
    return QStringLiteral("another controller or tool is changing %1 (%2); not corrected until an operator resumes "
                          "it (scaledeckctl resume %1) or it stays at %3 for %4")
        .arg(contest.target, contest.description, contest.outsideValue,
             minutesText(quietBeforeResumingMs(contest.contests)));
}

QString quietResumeReason(const TargetContest &contest, const QDateTime &nowUtc)
{
    return QStringLiteral("corrected again: %1 stayed at %2 for %3 after the fight over it (%4)")
        .arg(contest.target, contest.outsideValue, minutesText(contest.outsideSinceUtc.msecsTo(nowUtc)),
             contest.description);
}

} // namespace scaledeck
