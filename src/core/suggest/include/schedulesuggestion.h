// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rateseries.h"
#include "result.h"
#include "schedule.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// What to suggest a schedule for, beside the traffic itself.
struct SuggestOptions {
    QByteArray timeZone = "UTC";            // IANA id: the proposed windows are local wall-clock time there
    double thresholdPerS = 0;               // a slot is busy when its rate is > this (default: any request)
    std::optional<double> targetPerReplica; // req/s one replica should take: replicas = ceil(p95 / target)
    int observedReplicas = 1;               // every window's count when targetPerReplica is unset
    double coldStartSeconds = 0;            // observed cold start: the schedule's prewarm, rounded up to minutes
    double gpusPerReplica = 1;
    int slotMinutes = 15;            // granularity of the windows; divides a day
    int closeGapMinutes = 30;        // quiet stretches shorter than this between busy ones are kept up
    std::optional<Schedule> current; // the schedule in force, to compare with
};

// Requests the proposal would have parked, by local weekday (1 = Monday .. 7, as Qt) and hour (0..23).
struct MissedHour {
    int weekday = 0;
    int hour = 0;
    double requests = 0;
};

struct ScheduleSuggestion {
    Schedule schedule;
    QString text; // scheduleToText(schedule)
    QDateTime spanStartUtc;
    QDateTime spanEndUtc;
    // GPU-hours over the span: under the proposal (with its prewarm, as the controller would run it), at the
    // proposal's peak count all the time (observedReplicas when the proposal never runs anything), and under
    // options.current when given.
    double gpuHours = 0;
    double alwaysOnGpuHours = 0;
    std::optional<double> currentGpuHours;
    double missedRequests = 0;           // requests that arrived while the proposal holds 0 replicas
    std::vector<MissedHour> missedHours; // where they fell, largest first (ties: earlier in the week first)
    int weeks = 0;                       // whole weeks in the span
    double coveredFraction = 0;          // share of the span that has a point
};

enum class SuggestErrorKind {
    EmptySeries,
    BadStep, // stepS <= 0
    BadRate, // a rate that is negative, NaN or infinite
    PointsOutOfOrder,
    TooShort, // the series spans less than one week
    UnknownTimeZone,
    BadOption,
};

struct SuggestError {
    SuggestErrorKind kind = SuggestErrorKind::EmptySeries;
    QString message; // names the offending value
};

// A weekly schedule that runs the deployment when its traffic says it is used, and parks it (0) otherwise.
//
// A point stands for the rate over the `stepS` seconds ending at its time. Each step is laid onto the slots of
// the local week (slotMinutes wide, Monday 00:00 first) it covers, by the wall clock of the time zone at the
// step's start, so a DST change inside the series moves no window. A slot's rate in one week is the
// time-weighted mean of the steps over it; slots without a point are unknown, not idle.
//
// A slot is busy when its rate exceeds the threshold in at least half of the weeks that have data for it: a
// silent holiday does not remove a window, a stray request in one week does not add one. Busy slots are joined
// into windows, quiet stretches shorter than closeGapMinutes between them included (no flapping); nothing busy
// is dropped. A window's count is ceil(p95 of its busy slot rates / targetPerReplica), at least 1, or
// observedReplicas without a target. Windows with the same times and count on several days share one line
// ("Mon-Fri 07:00-17:00 = 2"); a window may cross midnight, and one longer than a day is written with its end
// day. A week busy throughout becomes the default count with no windows; otherwise the default is 0.
//
// The same series and options always give the same suggestion.
[[nodiscard]] Result<ScheduleSuggestion, SuggestError> suggestSchedule(const RateSeries &series,
                                                                       const SuggestOptions &options);

} // namespace scaledeck
