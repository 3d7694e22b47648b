// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "usagechartdata.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace scaledeck {

namespace {
const QString kCapacity = QStringLiteral("capacity");
// The buckets of a store query with UsageQuery's default maxPoints: the width a single point is taken to have.
constexpr int kStoreQueryPoints = 2000;

// The chart's texts, made off the GUI thread, keep the chart's translation context.
struct ChartText {
    Q_DECLARE_TR_FUNCTIONS(scaledeck::GpuUsageChart)
};

// The chart in words, for screen readers (a chart is a picture to them): what is stacked, its peak and the
// capacity it is drawn against, over which range.
QString chartDescription(const QStringList &stacked, double peakHeld, std::optional<double> capacity,
                         const QDateTime &fromUtc, const QDateTime &toUtc)
{
    if (stacked.isEmpty() && !capacity)
        return ChartText::tr("No GPU history in this window.");
    const QString range = QStringLiteral("%1 – %2").arg(fromUtc.toLocalTime().toString(QStringLiteral("d MMM HH:mm")),
                                                        toUtc.toLocalTime().toString(QStringLiteral("d MMM HH:mm")));
    QString text = ChartText::tr("GPUs held by %1, stacked, %2; at most %3.")
                       .arg(stacked.isEmpty() ? ChartText::tr("no deployment") : stacked.join(QStringLiteral(", ")),
                            range, QString::number(peakHeld, 'g', 4));
    if (capacity)
        text += QLatin1Char(' ') + ChartText::tr("Capacity now: %1 GPUs.").arg(QString::number(*capacity, 'g', 4));
    return text;
}

// The series' value at `atMs`: its point there, else the last one before (a step function), else 0.
double valueAt(const std::vector<UsagePoint> &points, qint64 atMs)
{
    auto it =
        std::upper_bound(points.begin(), points.end(), atMs, [](qint64 t, const UsagePoint &p) { return t < p.atMs; });
    return it == points.begin() ? 0.0 : std::prev(it)->value;
}

// The chart's buckets, in time order: where each starts and ends (ms since the epoch) and every series' value
// in it. Where a bucket starts after the previous one ends there is no history in between: a gap.
struct Buckets {
    std::vector<double> startMs;
    std::vector<double> endMs;
    std::vector<std::vector<double>> values; // [series][bucket]

    size_t size() const { return startMs.size(); }
    bool gapBefore(size_t i) const { return i > 0 && startMs[i] > endMs[i - 1]; }
    size_t gaps() const
    {
        size_t count = 0;
        for (size_t i = 1; i < size(); ++i)
            count += gapBefore(i) ? 1 : 0;
        return count;
    }
    // What each series takes: a point per bucket, one where each run of buckets ends, and two on the time
    // axis across each gap. The band takes 4 per gap, which is fewer.
    size_t pointsPerSeries() const { return size() == 0 ? 0 : size() + 3 * gaps() + 1; }
};

// The series' buckets on one grid, every bucket start any of them has (the store gives each the same ones),
// `bucketMs` wide; 0 infers the width as the smallest step between starts.
Buckets bucketsOf(const std::vector<const UsageSeries *> &series, qint64 bucketMs, const QDateTime &fromUtc,
                  const QDateTime &toUtc)
{
    std::set<qint64> grid;
    for (const UsageSeries *entry : series) {
        for (const UsagePoint &point : entry->points)
            grid.insert(point.atMs);
    }
    qint64 width = bucketMs;
    if (width <= 0 && grid.size() >= 2) {
        width = std::numeric_limits<qint64>::max();
        for (auto it = std::next(grid.begin()); it != grid.end(); ++it)
            width = std::min(width, *it - *std::prev(it));
    } else if (width <= 0) {
        // A single point says nothing about the width: take the store's for a query of kMaxPoints buckets.
        const qint64 range = fromUtc.isValid() && toUtc.isValid() ? fromUtc.msecsTo(toUtc) : 0;
        width = std::max<qint64>(1, (range + kStoreQueryPoints - 1) / kStoreQueryPoints);
    }
    Buckets buckets;
    buckets.values.resize(series.size());
    for (qint64 t : grid) {
        buckets.startMs.push_back(double(t));
        buckets.endMs.push_back(double(t) + double(width));
        for (size_t s = 0; s < series.size(); ++s)
            buckets.values[s].push_back(valueAt(series[s]->points, t));
    }
    return buckets;
}

// The same history in buckets `factor` times as wide, aligned with the fine ones: each covered one holds the
// average of the fine buckets that start in it, so a gap narrower than a wide bucket closes, and a wider gap
// keeps its edges on fine bucket boundaries (the band never covers history).
Buckets coarsened(const Buckets &fine, qint64 factor)
{
    Buckets out;
    out.values.resize(fine.values.size());
    const double originMs = fine.startMs.front();
    const double lastEndMs = fine.endMs.back();
    const double width = (fine.endMs.front() - originMs) * double(factor);
    std::vector<double> sums(fine.values.size(), 0.0);
    size_t members = 0;
    qint64 slot = 0;
    auto flush = [&] {
        if (members == 0)
            return;
        out.startMs.push_back(originMs + double(slot) * width);
        out.endMs.push_back(std::min(lastEndMs, originMs + double(slot + 1) * width));
        for (size_t s = 0; s < sums.size(); ++s) {
            out.values[s].push_back(sums[s] / double(members));
            sums[s] = 0;
        }
        members = 0;
    };
    for (size_t i = 0; i < fine.size(); ++i) {
        const auto at = qint64(std::floor((fine.startMs[i] - originMs) / width));
        if (at != slot)
            flush();
        slot = at;
        for (size_t s = 0; s < sums.size(); ++s)
            sums[s] += fine.values[s][i];
        ++members;
    }
    flush();
    return out;
}

// At most `limit` points per series: the store already downsamples, this is the guard that keeps a series
// bounded whatever it is handed, gaps included. Wider buckets until it fits; a single bucket takes 2 points.
Buckets bounded(Buckets fine, size_t limit)
{
    size_t points = fine.pointsPerSeries();
    if (points <= limit)
        return fine;
    Buckets out;
    qint64 factor = 1;
    do {
        factor = std::max(factor + 1, qint64(std::ceil(double(factor) * double(points) / double(limit))));
        out = coarsened(fine, factor);
        points = out.pointsPerSeries();
    } while (points > limit);
    return out;
}

// The stretches of [fromUtc, toUtc) without history: each gap, and the time before the first bucket (a window
// longer than the history starts with a stretch nothing was recorded in, which must not read as a stretch nothing
// was held in). Without any bucket the whole range is such a stretch.
QList<QPair<double, double>> noHistoryRanges(const Buckets &buckets, const QDateTime &fromUtc, const QDateTime &toUtc)
{
    QList<QPair<double, double>> ranges;
    if (buckets.size() == 0) {
        if (fromUtc.isValid() && toUtc.isValid() && fromUtc < toUtc)
            ranges.append(qMakePair(double(fromUtc.toMSecsSinceEpoch()), double(toUtc.toMSecsSinceEpoch())));
        return ranges;
    }
    if (fromUtc.isValid() && buckets.startMs.front() > double(fromUtc.toMSecsSinceEpoch()))
        ranges.append(qMakePair(double(fromUtc.toMSecsSinceEpoch()), buckets.startMs.front()));
    for (size_t i = 1; i < buckets.size(); ++i) {
        if (buckets.gapBefore(i))
            ranges.append(qMakePair(buckets.endMs[i - 1], buckets.startMs[i]));
    }
    return ranges;
}

// One series over the buckets: straight from bucket start to bucket start within a run, the last value of a
// run held to the end of its bucket (at most to `endLimitMs`), and 0 across each gap.
QList<QPointF> stepped(const Buckets &buckets, const std::vector<double> &values, double endLimitMs)
{
    QList<QPointF> points;
    if (buckets.size() == 0)
        return points;
    points.reserve(qsizetype(buckets.pointsPerSeries()));
    for (size_t i = 0; i < buckets.size(); ++i) {
        if (buckets.gapBefore(i)) {
            points.append(QPointF(buckets.endMs[i - 1], values[i - 1]));
            points.append(QPointF(buckets.endMs[i - 1], 0));
            points.append(QPointF(buckets.startMs[i], 0));
        }
        points.append(QPointF(buckets.startMs[i], values[i]));
    }
    const double lastEnd = std::max(buckets.startMs.back(), std::min(buckets.endMs.back(), endLimitMs));
    points.append(QPointF(lastEnd, values.back()));
    return points;
}
} // namespace

UsageChartData prepareUsageChart(const std::vector<UsageSeries> &series, const QDateTime &fromUtc,
                                 const QDateTime &toUtc, qint64 bucketMs)
{
    UsageChartData data;
    data.fromUtc = fromUtc;
    data.toUtc = toUtc;
    // Deployments in the given order, "other" after them, capacity last.
    const UsageSeries *capacity = nullptr;
    std::vector<const UsageSeries *> stacked;
    const UsageSeries *other = nullptr;
    for (const UsageSeries &entry : series) {
        if (entry.name == kCapacity)
            capacity = &entry;
        else if (entry.name == QStringLiteral("other"))
            other = &entry;
        else
            stacked.push_back(&entry);
    }
    if (other)
        stacked.push_back(other);
    for (const UsageSeries *entry : stacked)
        data.names.append(entry->name);
    if (capacity)
        data.names.append(kCapacity);

    std::vector<const UsageSeries *> all = stacked;
    if (capacity)
        all.push_back(capacity);
    const Buckets buckets = bounded(bucketsOf(all, bucketMs, fromUtc, toUtc), UsageChartData::kMaxPoints);
    const double endLimitMs =
        toUtc.isValid() ? double(toUtc.toMSecsSinceEpoch()) : std::numeric_limits<double>::infinity();

    std::vector<double> cumulative(buckets.size(), 0.0);
    for (size_t i = 0; i < stacked.size(); ++i) {
        for (size_t j = 0; j < buckets.size(); ++j) {
            cumulative[j] += buckets.values[i][j];
            data.top = std::max(data.top, cumulative[j]);
        }
        data.layers.push_back(stepped(buckets, cumulative, endLimitMs));
    }
    if (capacity) {
        const std::vector<double> &values = buckets.values.back();
        for (double value : values)
            data.top = std::max(data.top, value);
        data.capacity = stepped(buckets, values, endLimitMs);
        data.hasCapacity = true;
    }
    const double peakHeld = cumulative.empty() ? 0.0 : *std::max_element(cumulative.begin(), cumulative.end());
    data.description = chartDescription(
        QStringList(data.names.begin(), data.names.begin() + qsizetype(stacked.size())), peakHeld,
        capacity && !capacity->points.empty() ? std::optional(capacity->points.back().value) : std::nullopt, fromUtc,
        toUtc);
    // No series at all is no data (nothing was read), not a range without history.
    if (!data.names.isEmpty())
        data.noHistory = noHistoryRanges(buckets, fromUtc, toUtc);
    return data;
}

} // namespace scaledeck
