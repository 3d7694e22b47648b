// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "targetdecision.h"

#include <QString>

#include <map>
#include <utility>
#include <vector>

namespace scaledeck {

// Counts the controller's decisions once each, although a tick reports every target again: a decision that
// sends nothing (kept drift, waiting, missing, deferred, a failure that repeats unchanged) is repeated every
// tick while it lasts, and one an earlier tick audited says so (alreadyLogged). So a decision counts when it is
// not alreadyLogged and differs from its target's decision in the tick before (cause, result, counts, detail).
// A change sent or refused is followed by waiting ticks before it is tried again, so each attempt counts. "In
// step" is not a decision: it is never counted (the target gauges show it).
// Drift is counted once per outside value, as the audit log records it: when a target's decision has a drift
// cause and a value not counted since the target was last seen without drift.
class DecisionCounter {
public:
    void count(const std::vector<TargetDecision> &decisions);

    // (cause, result) as auditCauseName and decisionResultName give them -> decisions counted.
    const std::map<std::pair<QString, QString>, quint64> &decisions() const { return m_decisions; }
    // target -> drift seen.
    const std::map<QString, quint64> &drift() const { return m_drift; }

private:
    void countDrift(const TargetDecision &decision);

    std::map<std::pair<QString, QString>, quint64> m_decisions;
    std::map<QString, quint64> m_drift;
    std::map<QString, QString> m_lastKey;    // target -> its last decision, as compared
    std::map<QString, QString> m_driftValue; // target -> the outside value last counted as drift
};

} // namespace scaledeck
