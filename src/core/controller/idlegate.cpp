// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "idlegate_p.h"

#include "schedulerules.h"

#include <algorithm>
#include <chrono>

namespace scaledeck {

namespace {

// "3", "1.2", "0.067": two significant digits below 10 (a trickle still shows), whole numbers above.
QString rateText(double perMinute)
{
    return perMinute >= 10 ? QString::number(qRound64(perMinute)) : QString::number(perMinute, 'g', 2);
}

// Why the target is not idle, or nothing when it is.
struct Busy {
    std::optional<DeferralCause> cause;
    QString text; // "3 req/min in the last 15 m", "no traffic data: ...", "no traffic source configured"
};

Busy busyness(const ParkWhenIdle &rule, const IdleAnswer &answer)
{
    if (!answer)
        return {DeferralCause::NoTrafficSource, QStringLiteral("no traffic source configured")};
    if (!answer->ok()) {
        const RayError &error = answer->error();
        return {DeferralCause::NoTrafficData,
                QStringLiteral("no traffic data: %1").arg(error.message.isEmpty() ? error.describe() : error.message)};
    }
    const RecentRequestCount &count = answer->value();
    if (count.requests <= 0)
        return {};
    return {DeferralCause::Requests,
            QStringLiteral("%1 req/min in the last %2")
                .arg(rateText(count.perMinute), schedulerules::spacedDuration(rule.idleMinutes))};
}

bool pastLimit(const ParkWhenIdle &rule, const QDateTime &dueSinceUtc, const QDateTime &nowUtc)
{
    return rule.maxMinutes && dueSinceUtc.secsTo(nowUtc) >= qint64(*rule.maxMinutes) * 60;
}

} // namespace

QString deferralCauseName(DeferralCause cause)
{
    switch (cause) {
    case DeferralCause::Requests:
        return QStringLiteral("requests");
    case DeferralCause::NoTrafficData:
        return QStringLiteral("no traffic data");
    case DeferralCause::NoTrafficSource:
        return QStringLiteral("no traffic source");
    }
    return QStringLiteral("requests");
}

bool parkWaitsForIdle(const ScheduleSummary &summary, const TargetVerdict &verdict)
{
    return summary.parkWhenIdle && verdict.action == TargetVerdict::Send && summary.desired.replicas == 0 &&
           verdict.cause != AuditCause::Override;
}

GateVerdict judgeIdle(const ParkWhenIdle &rule, const IdleAnswer &answer, const QDateTime &dueSinceUtc,
                      const QDateTime &nowUtc)
{
    const QString window = schedulerules::spacedDuration(rule.idleMinutes);
    const Busy busy = busyness(rule, answer);
    if (!busy.cause)
        return GateVerdict{.park = true, .text = QStringLiteral("no requests in the last %1").arg(window)};
    if (pastLimit(rule, dueSinceUtc, nowUtc)) {
        const QString limit = schedulerules::spacedDuration(*rule.maxMinutes);
        return GateVerdict{.park = true,
                           .cause = busy.cause,
                           .text = QStringLiteral("parked after the %1 limit; %2").arg(limit, busy.text)};
    }
    // The rate changes every tick; the cause (and, for unknown data, the error) is what makes a new reason.
    QString key = deferralCauseName(*busy.cause);
    if (*busy.cause == DeferralCause::NoTrafficData)
        key += QLatin1Char(':') + busy.text;
    return GateVerdict{.cause = busy.cause, .text = QStringLiteral("deferred: ") + busy.text, .reasonKey = key};
}

void IdleGate::ask(std::vector<GatedPark> *parks, std::function<void()> allAnswered)
{
    if (!m_source || parks->empty()) {
        allAnswered();
        return;
    }
    m_allAnswered = std::move(allAnswered);
    // One more than the questions, taken back after the loop: a source that answered before its call
    // returned must not end the wait while questions are still to be asked.
    m_waiting = int(parks->size()) + 1;
    for (GatedPark &park : *parks) {
        m_source->recentRequests(this, park.target.app, park.target.deployment,
                                 std::chrono::minutes(park.rule.idleMinutes),
                                 [this, &park](Result<RecentRequestCount> count) {
                                     park.answer = std::move(count);
                                     answered();
                                 });
    }
    answered();
}

void IdleGate::answered()
{
    if (--m_waiting == 0)
        std::exchange(m_allAnswered, {})();
}

QDateTime IdleGate::dueSince(const QString &target, const QDateTime &nowUtc)
{
    return m_deferrals.try_emplace(target, Deferral{nowUtc, {}}).first->second.dueSinceUtc;
}

bool IdleGate::reasonChanged(const QString &target, const QString &reasonKey)
{
    Deferral &deferral = m_deferrals[target];
    if (deferral.auditedReason == reasonKey)
        return false;
    deferral.auditedReason = reasonKey;
    return true;
}

void IdleGate::forgetReason(const QString &target)
{
    if (auto it = m_deferrals.find(target); it != m_deferrals.end())
        it->second.auditedReason.clear();
}

void IdleGate::keepOnly(const std::vector<GatedPark> &gated)
{
    std::erase_if(m_deferrals, [&gated](const auto &entry) {
        return std::none_of(gated.begin(), gated.end(),
                            [&entry](const GatedPark &park) { return park.target.toString() == entry.first; });
    });
}

} // namespace scaledeck
