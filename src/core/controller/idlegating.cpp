// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ScheduleController's side of park-when-idle (issue 12): a park that waits for idleness is held back from
// the tick's changes until the traffic source answered, then sent or deferred. The rules are in idlegate_p.h.
#include "idlegate_p.h"
#include "logging.h"
#include "schedulecontroller.h"

namespace scaledeck {

void ScheduleController::setRecentRequests(RecentRequests *source)
{
    m_idleGate->setSource(source);
}

void ScheduleController::gatePark(TargetDecision decision, const ScheduleSummary &summary,
                                  const ObservedTarget &observed)
{
    // Its place among the decisions is kept; the answer fills it in (onIdleAnswers).
    decision.result = DecisionResult::Waiting;
    m_report.decisions.push_back(std::move(decision));
    m_gated.push_back(GatedPark{summary.target, *summary.parkWhenIdle, observed, m_report.decisions.size() - 1, {}});
}

void ScheduleController::askIdleGate()
{
    // The questions are asynchronous, like the applies after them: the tick goes on when all are answered.
    m_idleGate->ask(&m_gated, [this] { onIdleAnswers(); });
}

void ScheduleController::onIdleAnswers()
{
    for (const GatedPark &park : m_gated) {
        TargetDecision &decision = m_report.decisions[park.decision];
        const QDateTime dueSince = m_idleGate->dueSince(decision.target, m_report.atUtc);
        const GateVerdict verdict = judgeIdle(park.rule, park.answer, dueSince, m_report.atUtc);
        if (!verdict.park) {
            deferPark(park, verdict);
            continue;
        }
        decision.reason += QStringLiteral("; ") + verdict.text; // the audit row says why it went out now
        startChangeAt(park.decision, park.target, park.observed);
    }
    m_idleGate->keepOnly(m_gated);
    applyNext();
}

void ScheduleController::deferPark(const GatedPark &park, const GateVerdict &verdict)
{
    TargetDecision &decision = m_report.decisions[park.decision];
    decision.result = DecisionResult::Deferred;
    decision.detail = verdict.text;
    // One audit row when the deferral starts and one when its reason changes, not one a tick.
    if (!m_idleGate->reasonChanged(decision.target, verdict.reasonKey)) {
        decision.alreadyLogged = true;
        return;
    }
    const AuditEntry row{.atUtc = m_report.atUtc,
                         .target = decision.target,
                         .cause = decision.cause,
                         .before = park.observed.text,
                         .after = desiredText(park.target, decision.desired),
                         .result = AuditResult::Deferred,
                         .detail = verdict.text,
                         .holder = m_options.holder};
    qCInfo(lcController).noquote() << decision.target << decision.actual << "->" << decision.desired << verdict.text;
    if (auto audited = m_scheduleStore->appendAudit(m_clusterKey, row); !audited) {
        m_idleGate->forgetReason(decision.target); // written at the next tick instead
        noteStoreFailure(audited.error(),
                         QStringLiteral("%1: the audit row of a deferred park was not written").arg(row.target));
    }
}

} // namespace scaledeck
