// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ScheduleController's side of fights over targets (issue 14, "never fight silently"): the contest's step for a
// target is judged after its verdict, and a contested correction is held back, audited once, and shown in every
// tick's decision until it ends. The rules are in contestrules_p.h.
#include "contestrules_p.h"
#include "logging.h"
#include "schedulecontroller.h"

namespace scaledeck {

bool ScheduleController::settleContest(const TargetVerdict &verdict, TargetDecision &decision,
                                       const ScheduleTarget &target, const ObservedTarget &observed)
{
    if (m_options.dryRun)
        return false; // a dry run sends nothing, so it never fights
    auto stored = m_scheduleStore->targetContest(m_clusterKey, decision.target);
    if (!stored) {
        noteStoreFailure(stored.error(),
                         QStringLiteral("%1: whether it is contested was not read").arg(decision.target));
        return false;
    }
    const QString desired = desiredText(target, decision.desired);
    const ContestStep step = judgeContest({verdict, observed, *stored, verdict.lastTryFailed, decision.target,
                                           decision.desired, desired, m_report.atUtc});
    switch (step.action) {
    case ContestStep::None:
        return false;
    case ContestStep::CountPutBack:
        saveContest(step.contest);
        return false; // the correction goes out
    case ContestStep::Start:
        startContest(step.contest, std::move(decision), observed, desired);
        return true;
    case ContestStep::Hold:
        holdContested(step, std::move(decision));
        return true;
    case ContestStep::Resume:
        endContest(**stored, decision.target, desired, quietResumeReason(**stored, m_report.atUtc));
        saveContest(step.contest); // the correction about to go out counts as put back once already
        return false;
    case ContestStep::EndInStep:
        endContest(**stored, decision.target, desired, QStringLiteral("the cluster holds %1 again").arg(desired));
        return false;
    }
    return false;
}

void ScheduleController::saveContest(const TargetContest &contest)
{
    if (auto saved = m_scheduleStore->saveTargetContest(m_clusterKey, contest); !saved)
        noteStoreFailure(saved.error(), QStringLiteral("%1: the fight over it was not saved").arg(contest.target));
}

void ScheduleController::startContest(const TargetContest &contest, TargetDecision decision,
                                      const ObservedTarget &observed, const QString &desired)
{
    decision.result = DecisionResult::Contested;
    decision.detail = contestDetail(contest);
    qCWarning(lcController).noquote() << m_clusterKey << decision.detail;
    const AuditEntry row{.atUtc = m_report.atUtc,
                         .target = decision.target,
                         .cause = decision.cause,
                         .before = observed.text,
                         .after = desired,
                         .result = AuditResult::Contested,
                         .detail = decision.detail,
                         .holder = m_options.holder};
    // Unsaved, the next tick sees the put-back again and tries once more: it is never corrected meanwhile.
    if (auto started = m_scheduleStore->startContest(m_clusterKey, contest, row); !started)
        noteStoreFailure(started.error(), QStringLiteral("%1: the fight over it was not recorded").arg(row.target));
    m_report.decisions.push_back(std::move(decision));
}

void ScheduleController::holdContested(const ContestStep &step, TargetDecision decision)
{
    decision.result = DecisionResult::Contested;
    decision.detail = contestDetail(step.contest);
    decision.alreadyLogged = true; // audited and printed when the contest started
    if (step.changed)
        saveContest(step.contest);
    m_report.decisions.push_back(std::move(decision));
}

void ScheduleController::endContest(const TargetContest &contest, const QString &target, const QString &desired,
                                    const QString &why)
{
    qCInfo(lcController).noquote() << m_clusterKey << target << "is corrected again:" << why;
    const AuditEntry row{.atUtc = m_report.atUtc,
                         .target = target,
                         .cause = AuditCause::DriftCorrection,
                         .before = contest.outsideValue,
                         .after = desired,
                         .result = AuditResult::Resumed,
                         .detail = why,
                         .holder = m_options.holder};
    if (auto ended = m_scheduleStore->endContest(m_clusterKey, target, row); !ended)
        noteStoreFailure(ended.error(),
                         QStringLiteral("%1: the end of the fight over it was not recorded").arg(target));
}

} // namespace scaledeck
