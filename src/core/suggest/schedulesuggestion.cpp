// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulesuggestion.h"

#include "localclock_p.h"
#include "missedrequests_p.h"
#include "scheduleevaluator.h"
#include "scheduletext.h"
#include "slotwindows_p.h"
#include "weekslots_p.h"

#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace scaledeck {

using namespace suggest;

namespace {

constexpr int kDayMinutes = 24 * 60;
constexpr double kBusyPercentile = 0.95;

SuggestError error(SuggestErrorKind kind, QString message)
{
    return SuggestError{kind, std::move(message)};
}

std::optional<SuggestError> checkOptions(const SuggestOptions &options)
{
    if (!QTimeZone(options.timeZone).isValid())
        return error(SuggestErrorKind::UnknownTimeZone,
                     QStringLiteral("unknown time zone '%1'").arg(QString::fromUtf8(options.timeZone)));
    if (!std::isfinite(options.thresholdPerS) || options.thresholdPerS < 0)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("threshold must be a rate >= 0, not %1").arg(options.thresholdPerS));
    if (options.targetPerReplica && (!std::isfinite(*options.targetPerReplica) || *options.targetPerReplica <= 0))
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("requests per replica must be > 0, not %1").arg(*options.targetPerReplica));
    if (!options.targetPerReplica && options.observedReplicas < 1)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("observed replicas must be >= 1, not %1").arg(options.observedReplicas));
    if (!std::isfinite(options.coldStartSeconds) || options.coldStartSeconds < 0 ||
        options.coldStartSeconds > 24 * 3600)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("cold start must be 0 .. 24 hours, not %1 s").arg(options.coldStartSeconds));
    if (!std::isfinite(options.gpusPerReplica) || options.gpusPerReplica < 0)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("GPUs per replica must be >= 0, not %1").arg(options.gpusPerReplica));
    if (options.slotMinutes < 1 || options.slotMinutes > kDayMinutes || kDayMinutes % options.slotMinutes != 0)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("slot of %1 minutes does not divide a day").arg(options.slotMinutes));
    if (options.closeGapMinutes < 0)
        return error(SuggestErrorKind::BadOption,
                     QStringLiteral("gap to close must be >= 0 minutes, not %1").arg(options.closeGapMinutes));
    return std::nullopt;
}

QString timeText(const QDateTime &utc)
{
    return utc.toString(Qt::ISODate);
}

std::optional<SuggestError> checkPoints(const RateSeries &series)
{
    const RatePoint *previous = nullptr;
    for (const RatePoint &point : series.points) {
        if (!point.atUtc.isValid())
            return error(SuggestErrorKind::PointsOutOfOrder, QStringLiteral("a point has no valid time"));
        if (!std::isfinite(point.perSecond) || point.perSecond < 0)
            return error(SuggestErrorKind::BadRate, QStringLiteral("rate %1 at %2 is not a finite rate >= 0")
                                                        .arg(point.perSecond)
                                                        .arg(timeText(point.atUtc)));
        if (previous && point.atUtc <= previous->atUtc)
            return error(
                SuggestErrorKind::PointsOutOfOrder,
                QStringLiteral("point at %1 does not follow %2").arg(timeText(point.atUtc), timeText(previous->atUtc)));
        previous = &point;
    }
    return std::nullopt;
}

std::optional<SuggestError> checkSeries(const RateSeries &series)
{
    if (series.points.empty())
        return error(SuggestErrorKind::EmptySeries, QStringLiteral("the series has no points"));
    if (series.stepS <= 0)
        return error(SuggestErrorKind::BadStep,
                     QStringLiteral("the series' step must be > 0 seconds, not %1").arg(series.stepS));
    if (std::optional<SuggestError> bad = checkPoints(series))
        return bad;
    const QDateTime start = series.points.front().atUtc.addSecs(-series.stepS);
    const QDateTime end = series.points.back().atUtc;
    if (start.addDays(7) > end)
        return error(SuggestErrorKind::TooShort,
                     QStringLiteral("the series spans %1 days (%2 to %3); a suggestion needs at least a week")
                         .arg(double(start.secsTo(end)) / 86400.0, 0, 'f', 1)
                         .arg(timeText(start), timeText(end)));
    return std::nullopt;
}

// The nearest-rank percentile: a value that was seen, so a steady rate gives exactly that rate.
double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::ceil(fraction * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

int replicasFor(const WeekSlots &slots, const std::vector<bool> &busy, const SlotRun &run,
                const SuggestOptions &options)
{
    if (!options.targetPerReplica)
        return options.observedReplicas;
    std::vector<double> rates;
    for (int i = 0; i < run.length; ++i) {
        const int slot = (run.firstSlot + i) % slots.slotsPerWeek();
        if (!busy[size_t(slot)])
            continue; // a closed gap's rates are not what the window is sized for
        const std::vector<double> above = slots.ratesAbove(slot, options.thresholdPerS);
        rates.insert(rates.end(), above.begin(), above.end());
    }
    if (rates.empty())
        return 1;
    return std::max(1, int(std::ceil(percentile(std::move(rates), kBusyPercentile) / *options.targetPerReplica)));
}

Schedule proposeSchedule(const WeekSlots &slots, const SuggestOptions &options)
{
    const std::vector<bool> busy = slots.busySlots(options.thresholdPerS);
    const int maxGapSlots = (options.closeGapMinutes + options.slotMinutes - 1) / options.slotMinutes;
    const std::vector<SlotRun> runs = setRuns(closeGaps(busy, maxGapSlots));
    std::vector<int> replicas;
    for (const SlotRun &run : runs)
        replicas.push_back(replicasFor(slots, busy, run, options));

    Schedule schedule;
    schedule.timeZone = options.timeZone;
    schedule.defaultReplicas = 0;
    schedule.prewarmMinutes = int(std::ceil(options.coldStartSeconds / 60.0));
    if (runs.size() == 1 && runs.front().length == slots.slotsPerWeek())
        schedule.defaultReplicas = replicas.front(); // busy all week: always on, no window needed
    else
        addWindows(schedule, runs, replicas, options.slotMinutes);
    return schedule;
}

double coveredFraction(const RateSeries &series, qint64 spanMs)
{
    const double covered = double(series.points.size()) * double(series.stepS) * 1000.0;
    return std::min(1.0, covered / double(spanMs));
}

} // namespace

Result<ScheduleSuggestion, SuggestError> suggestSchedule(const RateSeries &series, const SuggestOptions &options)
{
    if (std::optional<SuggestError> bad = checkOptions(options))
        return *bad;
    if (std::optional<SuggestError> bad = checkSeries(series))
        return *bad;

    ScheduleSuggestion suggestion;
    suggestion.spanStartUtc = series.points.front().atUtc.toUTC().addSecs(-series.stepS);
    suggestion.spanEndUtc = series.points.back().atUtc.toUTC();
    const qint64 spanStartMs = suggestion.spanStartUtc.toMSecsSinceEpoch();
    const qint64 spanMs = suggestion.spanEndUtc.toMSecsSinceEpoch() - spanStartMs; // a week or more: checked
    const LocalClock clock(QTimeZone(options.timeZone), spanStartMs - kDayMs, spanStartMs + spanMs + kDayMs);

    const WeekSlots slots(series, clock, options.slotMinutes);
    suggestion.schedule = proposeSchedule(slots, options);
    suggestion.text = scheduleToText(suggestion.schedule);

    const ScheduleEvaluator proposal(suggestion.schedule);
    const WeekProjection projected =
        projectPeriod(proposal, suggestion.spanStartUtc, suggestion.spanEndUtc, options.gpusPerReplica);
    suggestion.gpuHours = projected.gpuHours;
    const int alwaysOnReplicas = projected.peakReplicas > 0 ? projected.peakReplicas : options.observedReplicas;
    suggestion.alwaysOnGpuHours = double(alwaysOnReplicas) * double(spanMs) / double(kHourMs) * options.gpusPerReplica;
    if (options.current)
        suggestion.currentGpuHours = projectPeriod(ScheduleEvaluator(*options.current), suggestion.spanStartUtc,
                                                   suggestion.spanEndUtc, options.gpusPerReplica)
                                         .gpuHours;

    MissedRequests missed = missedRequests(series, proposal, clock, suggestion.spanStartUtc, suggestion.spanEndUtc);
    suggestion.missedRequests = missed.total;
    suggestion.missedHours = std::move(missed.byHour);
    suggestion.weeks = int(spanMs / kWeekMs);
    suggestion.coveredFraction = coveredFraction(series, spanMs);
    return suggestion;
}

} // namespace scaledeck
