// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "missedrequests_p.h"

#include "scheduleevaluator.h"

#include <algorithm>
#include <map>

namespace scaledeck::suggest {

namespace {

struct Parked {
    qint64 startMs;
    qint64 endMs;
};

// Where the proposal holds 0 over [from, to), in order.
std::vector<Parked> parkedStretches(const ScheduleEvaluator &proposal, const QDateTime &fromUtc, const QDateTime &toUtc)
{
    std::vector<Parked> parked;
    qint64 at = fromUtc.toMSecsSinceEpoch();
    int replicas = proposal.effectiveAt(fromUtc).replicas;
    const auto close = [&](qint64 until) {
        if (replicas == 0 && until > at)
            parked.push_back({at, until});
    };
    for (const ScheduleTransition &transition : proposal.transitions(fromUtc, toUtc)) {
        const qint64 next = transition.atUtc.toMSecsSinceEpoch();
        close(next);
        at = next;
        replicas = transition.to;
    }
    close(toUtc.toMSecsSinceEpoch());
    return parked;
}

std::vector<MissedHour> largestFirst(const std::map<std::pair<int, int>, double> &byHour)
{
    std::vector<MissedHour> hours;
    for (const auto &[when, requests] : byHour)
        hours.push_back({when.first, when.second, requests});
    // Stable over the map's (weekday, hour) order: equal amounts stay in the order of the week.
    std::stable_sort(hours.begin(), hours.end(),
                     [](const MissedHour &a, const MissedHour &b) { return a.requests > b.requests; });
    return hours;
}

} // namespace

MissedRequests missedRequests(const RateSeries &series, const ScheduleEvaluator &proposal, const LocalClock &clock,
                              const QDateTime &fromUtc, const QDateTime &toUtc)
{
    const std::vector<Parked> parked = parkedStretches(proposal, fromUtc, toUtc);
    const qint64 stepMs = qint64(series.stepS) * 1000;
    MissedRequests missed;
    std::map<std::pair<int, int>, double> byHour;
    size_t first = 0; // the first parked stretch that can still overlap a step: points are in order
    for (const RatePoint &point : series.points) {
        if (point.perSecond <= 0)
            continue;
        const qint64 stepEnd = point.atUtc.toMSecsSinceEpoch();
        const qint64 stepStart = stepEnd - stepMs;
        while (first < parked.size() && parked[first].endMs <= stepStart)
            ++first;
        for (size_t i = first; i < parked.size() && parked[i].startMs < stepEnd; ++i) {
            const qint64 from = std::max(stepStart, parked[i].startMs);
            const qint64 to = std::min(stepEnd, parked[i].endMs);
            if (to <= from)
                continue;
            const double requests = point.perSecond * double(to - from) / 1000.0;
            const qint64 wall = clock.wallMs(from);
            missed.total += requests;
            byHour[{LocalClock::weekdayOf(wall), LocalClock::hourOf(wall)}] += requests;
        }
    }
    missed.byHour = largestFirst(byHour);
    return missed;
}

} // namespace scaledeck::suggest
