// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "decisioncounter.h"

#include <QStringList>

namespace scaledeck {

namespace {
QString keyOf(const TargetDecision &decision)
{
    return QStringList{auditCauseName(decision.cause), decisionResultName(decision.result),
                       QString::number(decision.desired), decision.actual, decision.detail}
        .join(QLatin1Char('\x1f'));
}

bool isDrift(AuditCause cause)
{
    return cause == AuditCause::DriftKept || cause == AuditCause::DriftCorrection;
}
} // namespace

void DecisionCounter::count(const std::vector<TargetDecision> &decisions)
{
    for (const TargetDecision &decision : decisions) {
        countDrift(decision);
        const QString key = keyOf(decision);
        const bool repeated = decision.alreadyLogged || m_lastKey[decision.target] == key;
        m_lastKey[decision.target] = key;
        if (repeated || decision.result == DecisionResult::InStep)
            continue;
        ++m_decisions[{auditCauseName(decision.cause), decisionResultName(decision.result)}];
    }
}

void DecisionCounter::countDrift(const TargetDecision &decision)
{
    if (!isDrift(decision.cause) || decision.result == DecisionResult::InStep) {
        m_driftValue.erase(decision.target); // back in step, or the schedule moved on: the next drift is new
        return;
    }
    const auto counted = m_driftValue.find(decision.target);
    if (counted != m_driftValue.end() && counted->second == decision.actual)
        return;
    m_driftValue[decision.target] = decision.actual;
    ++m_drift[decision.target];
}

} // namespace scaledeck
