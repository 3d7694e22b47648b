// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Park-when-idle (issue 12): a park the schedule asks for ("park-when-idle 15m max 2h") waits until the target
// received no request for the rule's idle time, so a deployment still serving is not cut off by the clock.
// Private to scaledeck_controller.
//
// Decisions this file holds:
// - Only a Send to 0 that the schedule (or drift correction) asks for waits. Counts above 0 are never held
//   back, and an operator's override to 0 is explicit: it parks on time.
// - A count that cannot be known (the traffic source answered with an error) is not idle: the park waits, and
//   says why. So does a controller without a traffic source: a rule that asks for idleness is never dropped
//   silently. Either way "max" still bounds the wait.
// - The wait counts from the first tick this controller found the park due and held it back. It is kept in
//   memory: a restarted controller starts counting again, which can only park later, never by surprise.

#include "recentrequests.h"
#include "schedule.h"
#include "targetrules_p.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

// Why a due park waits.
enum class DeferralCause {
    Requests,        // requests came within the idle time
    NoTrafficData,   // the traffic source answered with an error: the count is unknown
    NoTrafficSource, // the controller has no traffic source
};
QString deferralCauseName(DeferralCause cause); // "requests", "no traffic data", "no traffic source"

// What the traffic source said for one park; unset when there is none to ask.
using IdleAnswer = std::optional<Result<RecentRequestCount>>;

// Whether a due park goes out this tick, and what the decision and its audit row say. Every member has a
// default initializer, so a verdict names only what it needs (designated initializers, -Wextra clean).
struct GateVerdict {
    bool park = false;
    std::optional<DeferralCause> cause{}; // unset: parked because the target was idle
    // "deferred: 3 req/min in the last 15 m", "no requests in the last 15 m",
    // "parked after the 2 h limit; 1.2 req/min in the last 15 m"
    QString text{};
    // What tells a new reason to defer from the same one again (the numbers do not): one audit row each.
    QString reasonKey{};
};

// Whether this tick's verdict for a target is a park that waits for idleness.
bool parkWaitsForIdle(const ScheduleSummary &summary, const TargetVerdict &verdict);
GateVerdict judgeIdle(const ParkWhenIdle &rule, const IdleAnswer &answer, const QDateTime &dueSinceUtc,
                      const QDateTime &nowUtc);

// One due park of this tick that waits for the traffic source's answer.
struct GatedPark {
    ScheduleTarget target;
    ParkWhenIdle rule;
    ObservedTarget observed;
    size_t decision = 0; // index into the tick's decisions
    IdleAnswer answer;
};

// Asks the traffic source (each question a ClusterJob owned by the gate, so none answers after the controller
// is gone) and remembers each held-back park across ticks: since when it is due, and the reason last audited.
class IdleGate : public QObject {
public:
    explicit IdleGate(QObject *parent = nullptr) : QObject(parent) {}

    void setSource(RecentRequests *source) { m_source = source; }
    // Fills in every park's answer; `allAnswered` runs once all have one (at once when there is nothing to ask,
    // or nobody to ask). `parks` must stay as it is until then.
    void ask(std::vector<GatedPark> *parks, std::function<void()> allAnswered);
    // When `target`'s park was first held back: `nowUtc` for one not held back before.
    QDateTime dueSince(const QString &target, const QDateTime &nowUtc);
    // Whether `reasonKey` differs from the reason audited last for `target` (then it is remembered as audited).
    bool reasonChanged(const QString &target, const QString &reasonKey);
    void forgetReason(const QString &target); // its audit row failed: try again next tick
    // Forgets every target not in `gated`: its park went out, or is no longer due.
    void keepOnly(const std::vector<GatedPark> &gated);

private:
    struct Deferral {
        QDateTime dueSinceUtc;
        QString auditedReason;
    };
    void answered();

    RecentRequests *m_source = nullptr;
    std::map<QString, Deferral> m_deferrals; // by target text
    int m_waiting = 0;
    std::function<void()> m_allAnswered;
};

} // namespace scaledeck
