// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleevaluator.h"
#include "scheduleevaluator_p.h"
#include "schedulerules.h"

#include <algorithm>
#include <limits>

namespace scaledeck {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kUnixEpochJulianDay = 2440588;
// A window anchored on one day can end up to 7 days later (an end day 6 days on, a 7-day batch), so an
// instant can be inside windows anchored up to 8 local days before its own date.
constexpr qint64 kAnchorLookBackDays = 8;
constexpr int kNextTransitionsChunkDays = 7;
constexpr int kNextTransitionsHorizonDays = 60;
// Far enough in the past to be "always", near enough that subtracting a lead time cannot overflow.
constexpr qint64 kLongAgoMs = std::numeric_limits<qint64>::min() / 2;

// Wall-clock time as milliseconds since 1970-01-01 00:00 "as if it were UTC": local arithmetic without a zone.
qint64 wallMs(const QDate &date, const QTime &time)
{
    return (date.toJulianDay() - kUnixEpochJulianDay) * kDayMs + time.msecsSinceStartOfDay();
}

QDate wallDate(qint64 wall)
{
    const qint64 day = wall >= 0 ? wall / kDayMs : -((-wall + kDayMs - 1) / kDayMs);
    return QDate::fromJulianDay(day + kUnixEpochJulianDay);
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QTimeZone zoneOrUtc(const QTimeZone &zone)
{
    return zone.isValid() ? zone : QTimeZone(QTimeZone::utc());
}

// One zone's UTC offsets over a stretch of time, read from QTimeZone once; conversions are then arithmetic.
// Outside the stretch the nearest known offset is assumed, so it must cover every instant it is asked about.
class ZoneOffsets {
public:
    ZoneOffsets(const QTimeZone &zone, qint64 fromUtcMs, qint64 toUtcMs)
    {
        const QDateTime from = utcFromMs(fromUtcMs);
        m_segments.push_back({std::numeric_limits<qint64>::min(), qint64(zone.offsetFromUtc(from)) * 1000});
        if (!zone.hasTransitions())
            return;
        const auto transitions = zone.transitions(from, utcFromMs(toUtcMs));
        for (const QTimeZone::OffsetData &transition : transitions) {
            const qint64 at = transition.atUtc.toMSecsSinceEpoch();
            const qint64 offset = qint64(transition.offsetFromUtc) * 1000;
            if (at > fromUtcMs && offset != m_segments.back().offsetMs)
                m_segments.push_back({at, offset});
        }
    }

    qint64 offsetMsAt(qint64 utcMs) const
    {
        qint64 offset = m_segments.front().offsetMs;
        for (const Segment &segment : m_segments) {
            if (segment.startUtcMs > utcMs)
                break;
            offset = segment.offsetMs;
        }
        return offset;
    }

    // A wall-clock instant in a spring-forward gap becomes the end of the gap (the transition itself); one
    // repeated by a fall-back becomes its first occurrence.
    qint64 localToUtcMs(qint64 wall) const
    {
        qint64 best = std::numeric_limits<qint64>::max();
        for (size_t i = 0; i < m_segments.size(); ++i) {
            const qint64 utc = wall - m_segments[i].offsetMs;
            const qint64 end =
                i + 1 < m_segments.size() ? m_segments[i + 1].startUtcMs : std::numeric_limits<qint64>::max();
            if (utc >= m_segments[i].startUtcMs && utc < end)
                best = std::min(best, utc);
        }
        if (best != std::numeric_limits<qint64>::max())
            return best;
        for (size_t i = 1; i < m_segments.size(); ++i) {
            const qint64 at = m_segments[i].startUtcMs;
            if (wall >= at + m_segments[i - 1].offsetMs && wall < at + m_segments[i].offsetMs)
                return at;
        }
        return wall - m_segments.front().offsetMs; // not reached: every wall time is valid or in a gap
    }

    QDate localDateOf(qint64 utcMs) const { return wallDate(utcMs + offsetMsAt(utcMs)); }

private:
    struct Segment {
        qint64 startUtcMs; // the first segment starts at the beginning of time
        qint64 offsetMs;
    };
    std::vector<Segment> m_segments;
};

// --- The rules in their text form, for `reason` ------------------------------------------------------------
// Each rule reads as its line in the text form (schedulerules::ruleText), except that runs of days stop at
// Sunday: "Mon,Fri-Sun" where the text form writes "Fri-Mon". An override has no line; it reads as below.

using schedulerules::DayRuns;
using schedulerules::ruleText;

QString overrideText(const ScheduleOverride &o, const QTimeZone &zone)
{
    QString text = QStringLiteral("override until %1")
                       .arg(o.untilUtc.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (!o.createdBy.isEmpty())
        text += QStringLiteral(" (%1)").arg(o.createdBy);
    return text;
}

// --- Evaluation over a stretch of time ----------------------------------------------------------------------

enum class RuleKind { Weekly, Batch, OneOff, Exception, Override };

// One rule anchored on one date: [startMs, endMs) in UTC.
struct Span {
    qint64 startMs;
    qint64 endMs;
    int replicas;
    ScheduleTier tier;
    RuleKind kind;
    int index; // into the schedule's (or the overrides') vector of that kind
};

// What decided, without building the reason string (that is done only for what is reported).
struct Decision {
    int replicas = 0;
    const Span *span = nullptr; // nullptr: the default
    bool prewarm = false;
};

// Every rule anchored on every local date that can matter for instants in [fromMs, toMs].
class Evaluation {
public:
    Evaluation(const Schedule &schedule, const std::vector<ScheduleOverride> &overrides, const QTimeZone &zone,
               qint64 fromMs, qint64 toMs)
        : m_schedule(schedule), m_zone(zone),
          m_offsets(zone, fromMs - (kAnchorLookBackDays + 2) * kDayMs, toMs + (kAnchorLookBackDays + 2) * kDayMs)
    {
        const QDate firstAnchor = m_offsets.localDateOf(fromMs).addDays(-kAnchorLookBackDays);
        const QDate lastAnchor = m_offsets.localDateOf(toMs).addDays(1);
        for (QDate day = firstAnchor; day <= lastAnchor; day = day.addDays(1)) {
            const DayMask bit = dayBit(day.dayOfWeek());
            for (size_t i = 0; i < schedule.weekly.size(); ++i) {
                const WeeklyWindow &w = schedule.weekly[i];
                if (!(w.days & bit))
                    continue;
                add(toUtc(day, w.start), toUtc(day.addDays(detail::endDays(w)), w.end), w.replicas,
                    ScheduleTier::Weekly, RuleKind::Weekly, i);
            }
            for (size_t i = 0; i < schedule.batches.size(); ++i) {
                const BatchWindow &b = schedule.batches[i];
                if (!b.date && (b.days & bit))
                    addBatch(day, b, i);
            }
        }
        for (size_t i = 0; i < schedule.batches.size(); ++i) {
            const BatchWindow &b = schedule.batches[i];
            if (b.date && *b.date >= firstAnchor && *b.date <= lastAnchor)
                addBatch(*b.date, b, i);
        }
        for (size_t i = 0; i < schedule.oneOffs.size(); ++i) {
            const OneOffWindow &o = schedule.oneOffs[i];
            if (o.date < firstAnchor || o.date > lastAnchor)
                continue;
            add(toUtc(o.date, o.start), toUtc(o.date.addDays(o.end <= o.start ? 1 : 0), o.end), o.replicas,
                ScheduleTier::OneOff, RuleKind::OneOff, i);
        }
        for (size_t i = 0; i < schedule.exceptions.size(); ++i) {
            const DateException &e = schedule.exceptions[i];
            if (e.last < firstAnchor || e.first > lastAnchor)
                continue;
            add(toUtc(e.first, QTime(0, 0)), toUtc(e.last.addDays(1), QTime(0, 0)),
                e.replicas.value_or(schedule.defaultReplicas), ScheduleTier::Exception, RuleKind::Exception, i);
        }
        for (size_t i = 0; i < overrides.size(); ++i) {
            const ScheduleOverride &o = overrides[i];
            if (!o.untilUtc.isValid())
                continue;
            // An override without a creation time has been active since the beginning of time, as activeAt().
            const qint64 start = o.createdUtc.isValid() ? o.createdUtc.toMSecsSinceEpoch() : kLongAgoMs;
            const qint64 end = o.untilUtc.toMSecsSinceEpoch();
            if (end > fromMs && start <= toMs)
                add(start, end, o.replicas, ScheduleTier::Override, RuleKind::Override, i);
        }
    }

    const std::vector<Span> &spans() const { return m_spans; }

    // The highest tier that covers `ms` decides; within a tier the largest count (on a tie, the span found first).
    Decision desired(qint64 ms) const
    {
        const Span *best = nullptr;
        for (const Span &span : m_spans) {
            if (ms < span.startMs || ms >= span.endMs)
                continue;
            if (!best || span.tier > best->tier || (span.tier == best->tier && span.replicas > best->replicas))
                best = &span;
        }
        return best ? Decision{best->replicas, best, false} : Decision{m_schedule.defaultReplicas, nullptr, false};
    }

    Decision effective(qint64 ms, qint64 prewarmMs) const
    {
        const Decision now = desired(ms);
        if (prewarmMs <= 0)
            return now;
        Decision ahead = desired(ms + prewarmMs);
        if (ahead.replicas <= now.replicas)
            return now;
        ahead.prewarm = true;
        return ahead;
    }

    DesiredState state(const Decision &decision, const std::vector<ScheduleOverride> &overrides) const
    {
        DesiredState state;
        state.replicas = decision.replicas;
        state.prewarm = decision.prewarm;
        if (!decision.span) {
            state.reason = QStringLiteral("default %1").arg(m_schedule.defaultReplicas);
        } else {
            state.tier = decision.span->tier;
            const int i = decision.span->index;
            switch (decision.span->kind) {
            case RuleKind::Weekly:
                state.reason = ruleText(m_schedule.weekly[i], DayRuns::WithinWeek);
                break;
            case RuleKind::Batch:
                state.reason = ruleText(m_schedule.batches[i], DayRuns::WithinWeek);
                break;
            case RuleKind::OneOff:
                state.reason = ruleText(m_schedule.oneOffs[i]);
                break;
            case RuleKind::Exception:
                state.reason = ruleText(m_schedule.exceptions[i]);
                break;
            case RuleKind::Override:
                state.reason = overrideText(overrides[i], m_zone);
                break;
            }
        }
        if (state.prewarm)
            state.reason = QStringLiteral("pre-warm: ") + state.reason;
        return state;
    }

private:
    qint64 toUtc(const QDate &date, const QTime &time) const { return m_offsets.localToUtcMs(wallMs(date, time)); }

    void addBatch(const QDate &day, const BatchWindow &b, size_t index)
    {
        const qint64 start = toUtc(day, b.start);
        add(start, start + b.durationMinutes * kMinuteMs, b.replicas, ScheduleTier::Weekly, RuleKind::Batch, index);
    }

    void add(qint64 start, qint64 end, int replicas, ScheduleTier tier, RuleKind kind, size_t index)
    {
        if (end > start) // e.g. a window wholly inside a spring-forward gap
            m_spans.push_back({start, end, replicas, tier, kind, int(index)});
    }

    const Schedule &m_schedule;
    QTimeZone m_zone;
    ZoneOffsets m_offsets;
    std::vector<Span> m_spans;
};

} // namespace

QDateTime localToUtc(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    if (!date.isValid() || !time.isValid())
        return {};
    const qint64 wall = wallMs(date, time);
    const ZoneOffsets offsets(zoneOrUtc(zone), wall - 2 * kDayMs, wall + 2 * kDayMs);
    return utcFromMs(offsets.localToUtcMs(wall));
}

ScheduleEvaluator::ScheduleEvaluator(Schedule schedule, std::vector<ScheduleOverride> overrides)
    : m_schedule(std::move(schedule)), m_overrides(std::move(overrides)), m_zone(m_schedule.timeZone)
{
}

DesiredState ScheduleEvaluator::desiredAt(const QDateTime &utc) const
{
    if (!utc.isValid())
        return {m_schedule.defaultReplicas, ScheduleTier::Default,
                QStringLiteral("default %1").arg(m_schedule.defaultReplicas), false};
    const qint64 ms = utc.toMSecsSinceEpoch();
    const Evaluation evaluation(m_schedule, m_overrides, zoneOrUtc(m_zone), ms, ms);
    return evaluation.state(evaluation.desired(ms), m_overrides);
}

DesiredState ScheduleEvaluator::effectiveAt(const QDateTime &utc) const
{
    if (!utc.isValid())
        return desiredAt(utc);
    const qint64 ms = utc.toMSecsSinceEpoch();
    const qint64 prewarmMs = std::max(0, m_schedule.prewarmMinutes) * kMinuteMs;
    const Evaluation evaluation(m_schedule, m_overrides, zoneOrUtc(m_zone), ms, ms + prewarmMs);
    return evaluation.state(evaluation.effective(ms, prewarmMs), m_overrides);
}

std::vector<ScheduleTransition> ScheduleEvaluator::transitions(const QDateTime &fromUtc, const QDateTime &toUtc) const
{
    std::vector<ScheduleTransition> result;
    if (!fromUtc.isValid() || !toUtc.isValid() || toUtc <= fromUtc)
        return result;
    const qint64 from = fromUtc.toMSecsSinceEpoch();
    const qint64 to = toUtc.toMSecsSinceEpoch();
    const qint64 prewarmMs = std::max(0, m_schedule.prewarmMinutes) * kMinuteMs;
    const QTimeZone zone = zoneOrUtc(m_zone);
    const Evaluation evaluation(m_schedule, m_overrides, zone, from, to + prewarmMs);

    // effectiveAt can change only where desiredAt(t) or desiredAt(t + prewarm) does: at a span's ends, and
    // the lead time before them.
    std::vector<qint64> candidates;
    candidates.reserve(evaluation.spans().size() * 4);
    const auto consider = [&](qint64 ms) {
        if (ms > from && ms <= to)
            candidates.push_back(ms);
    };
    for (const Span &span : evaluation.spans()) {
        for (const qint64 edge : {span.startMs, span.endMs}) {
            consider(edge);
            if (prewarmMs > 0)
                consider(edge - prewarmMs);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

    Decision previous = evaluation.effective(from, prewarmMs);
    for (const qint64 at : candidates) {
        const Decision next = evaluation.effective(at, prewarmMs);
        if (next.replicas != previous.replicas) {
            const QDateTime atUtc = utcFromMs(at);
            result.push_back({atUtc, atUtc.toTimeZone(zone), previous.replicas, next.replicas,
                              evaluation.state(next, m_overrides).reason});
        }
        previous = next;
    }
    return result;
}

std::vector<ScheduleTransition> ScheduleEvaluator::nextTransitions(const QDateTime &fromUtc, int count) const
{
    std::vector<ScheduleTransition> result;
    if (count <= 0 || !fromUtc.isValid())
        return result;
    const QDateTime horizon = fromUtc.addDays(kNextTransitionsHorizonDays);
    for (QDateTime chunkStart = fromUtc; chunkStart < horizon && int(result.size()) < count;) {
        const QDateTime chunkEnd = std::min(chunkStart.addDays(kNextTransitionsChunkDays), horizon);
        for (ScheduleTransition &transition : transitions(chunkStart, chunkEnd)) {
            if (int(result.size()) == count)
                break;
            result.push_back(std::move(transition));
        }
        chunkStart = chunkEnd;
    }
    return result;
}

WeekProjection projectWeek(const ScheduleEvaluator &evaluator, const QDateTime &weekStartUtc, double gpusPerReplica)
{
    if (!weekStartUtc.isValid())
        return {};
    return projectPeriod(evaluator, weekStartUtc, weekStartUtc.toUTC().addDays(7), gpusPerReplica);
}

WeekProjection projectPeriod(const ScheduleEvaluator &evaluator, const QDateTime &fromUtc, const QDateTime &toUtc,
                             double gpusPerReplica)
{
    WeekProjection projection;
    if (!fromUtc.isValid() || !toUtc.isValid() || toUtc <= fromUtc)
        return projection;
    const qint64 end = toUtc.toMSecsSinceEpoch();
    qint64 at = fromUtc.toMSecsSinceEpoch();
    const qint64 start = at;
    int replicas = evaluator.effectiveAt(fromUtc).replicas;
    int peak = replicas;
    double replicaMs = 0;
    for (const ScheduleTransition &transition : evaluator.transitions(fromUtc, toUtc)) {
        const qint64 next = transition.atUtc.toMSecsSinceEpoch();
        if (next >= end)
            break; // a change at the very end lasts no time in this stretch
        replicaMs += double(replicas) * double(next - at);
        at = next;
        replicas = transition.to;
        peak = std::max(peak, replicas);
    }
    replicaMs += double(replicas) * double(end - at);
    projection.gpuHours = replicaMs / double(kHourMs) * gpusPerReplica;
    projection.peakReplicas = peak;
    projection.alwaysOnGpuHours = double(peak) * double(end - start) / double(kHourMs) * gpusPerReplica;
    return projection;
}

QString tierName(ScheduleTier tier)
{
    switch (tier) {
    case ScheduleTier::Default:
        return QStringLiteral("default");
    case ScheduleTier::Weekly:
        return QStringLiteral("weekly");
    case ScheduleTier::OneOff:
        return QStringLiteral("one-off");
    case ScheduleTier::Override:
        return QStringLiteral("override");
    case ScheduleTier::Exception:
        return QStringLiteral("exception");
    }
    return {};
}

} // namespace scaledeck
