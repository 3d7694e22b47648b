// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <QDateTime>
#include <QTimeZone>

#include <vector>

namespace scaledeck {

// Precedence, highest first: exception > override > one-off > weekly/batch > default.
enum class ScheduleTier { Default, Weekly, OneOff, Override, Exception };

struct DesiredState {
    int replicas = 0;
    ScheduleTier tier = ScheduleTier::Default;
    QString reason;       // the rule that decided, as in the text form ("Mon-Fri 07:00-17:00 = 2"), or
                          // "default", "override until 2026-11-25 19:00 (scaledeckctl)", "pre-warm: ..."
    bool prewarm = false; // held early for a window that opens within the lead time
    bool operator==(const DesiredState &) const = default;
};

struct ScheduleTransition {
    QDateTime atUtc;
    QDateTime atLocal; // in the schedule's zone
    int from = 0;
    int to = 0;
    QString reason; // the DesiredState reason after the transition
};

// Local wall-clock instants to UTC, the way schedules need it: a time in a spring-forward gap becomes the
// end of the gap; a time repeated by a fall-back is its first occurrence (so nothing happens twice).
QDateTime localToUtc(const QDate &date, const QTime &time, const QTimeZone &zone);

// Evaluation is by state: a pure function of the schedule, the overrides and the instant.
class ScheduleEvaluator {
public:
    // Overrides are for this schedule's target; expired ones are ignored.
    ScheduleEvaluator(Schedule schedule, std::vector<ScheduleOverride> overrides = {});

    const Schedule &schedule() const { return m_schedule; }
    const QTimeZone &zone() const { return m_zone; }
    bool zoneIsValid() const { return m_zone.isValid(); }

    // What the schedule asks for at `utc`, ignoring pre-warm.
    DesiredState desiredAt(const QDateTime &utc) const;
    // What the controller holds at `utc`: desiredAt(utc), raised to desiredAt(utc + prewarm) when that is
    // higher (scale-ups early, scale-downs on time).
    DesiredState effectiveAt(const QDateTime &utc) const;
    // Every change of effectiveAt in (fromUtc, toUtc], in order; `from` of the first is the state at fromUtc.
    std::vector<ScheduleTransition> transitions(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // The next `count` transitions after `fromUtc` (looking at most 60 days ahead).
    std::vector<ScheduleTransition> nextTransitions(const QDateTime &fromUtc, int count) const;

private:
    Schedule m_schedule;
    std::vector<ScheduleOverride> m_overrides;
    QTimeZone m_zone;
};

// GPU-hours over [weekStartUtc, weekStartUtc + 7 days) under the schedule (with overrides and pre-warm),
// against always-on at the schedule's peak count over the same week.
struct WeekProjection {
    double gpuHours = 0;
    double alwaysOnGpuHours = 0;
    int peakReplicas = 0;
    double fractionOfAlwaysOn() const { return alwaysOnGpuHours > 0 ? gpuHours / alwaysOnGpuHours : 0; }
};
WeekProjection projectWeek(const ScheduleEvaluator &evaluator, const QDateTime &weekStartUtc, double gpusPerReplica);
// The same over any stretch [fromUtc, toUtc) (the schedule suggestion prices the weeks of a traffic series).
WeekProjection projectPeriod(const ScheduleEvaluator &evaluator, const QDateTime &fromUtc, const QDateTime &toUtc,
                             double gpusPerReplica);

QString tierName(ScheduleTier tier);

} // namespace scaledeck
