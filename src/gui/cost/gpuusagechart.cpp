// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "gpuusagechart.h"

#include "deploymentcolour.h"

#include <QAreaSeries>
#include <QBrush>
#include <QChart>
#include <QDateTimeAxis>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPalette>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace scaledeck {

namespace {
const QString kCapacity = QStringLiteral("capacity");

// `share` of the way from `from` to `to`: the palette's text faded into its background, for lines that must show
// on light and dark palettes alike without competing with the data.
QColor blend(const QColor &from, const QColor &to, double share)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * share),
                            float(from.greenF() + (to.greenF() - from.greenF()) * share),
                            float(from.blueF() + (to.blueF() - from.blueF()) * share));
}

// The "no history" band's fill: the background, a little off, with diagonal lines; hatched so it does not read as
// one more deployment ("other" is plain grey), opaque so the grid and the capacity line at 0 mostly stay behind it.
QBrush noHistoryBrush(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    QImage tile(8, 8, QImage::Format_RGB32);
    tile.fill(blend(base, text, 0.05));
    for (int i = 0; i < 8; ++i)
        tile.setPixelColor(i, 7 - i, blend(base, text, 0.3));
    return QBrush(tile);
}

// The chart in words, for screen readers (a chart is a picture to them): what is stacked, its peak and the
// capacity it is drawn against, over which range.
QString chartDescription(const QStringList &stacked, double peakHeld, std::optional<double> capacity,
                         const QDateTime &fromUtc, const QDateTime &toUtc)
{
    if (stacked.isEmpty() && !capacity)
        return GpuUsageChart::tr("No GPU history in this window.");
    const QString range = QStringLiteral("%1 – %2").arg(fromUtc.toLocalTime().toString(QStringLiteral("d MMM HH:mm")),
                                                        toUtc.toLocalTime().toString(QStringLiteral("d MMM HH:mm")));
    QString text = GpuUsageChart::tr("GPUs held by %1, stacked, %2; at most %3.")
                       .arg(stacked.isEmpty() ? GpuUsageChart::tr("no deployment") : stacked.join(QStringLiteral(", ")),
                            range, QString::number(peakHeld, 'g', 4));
    if (capacity)
        text += QLatin1Char(' ') + GpuUsageChart::tr("Capacity now: %1 GPUs.").arg(QString::number(*capacity, 'g', 4));
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
        width = std::max<qint64>(1, (range + GpuUsageChart::kMaxPoints - 1) / GpuUsageChart::kMaxPoints);
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

// The "no history" band: the axis's full `height` over each stretch of [fromUtc, toUtc) without history, flat on
// the time axis in between. That is each gap, and the time before the first bucket: a window longer than the
// history starts with a stretch nothing was recorded in, which must not read as a stretch nothing was held in.
// Without any bucket the whole range is such a stretch.
QList<QPointF> noHistoryBand(const Buckets &buckets, const QDateTime &fromUtc, const QDateTime &toUtc, double height)
{
    QList<QPointF> band;
    auto cover = [&](double fromMs, double toMs) {
        band.append(QPointF(fromMs, 0));
        band.append(QPointF(fromMs, height));
        band.append(QPointF(toMs, height));
        band.append(QPointF(toMs, 0));
    };
    if (buckets.size() == 0) {
        if (fromUtc.isValid() && toUtc.isValid() && fromUtc < toUtc)
            cover(double(fromUtc.toMSecsSinceEpoch()), double(toUtc.toMSecsSinceEpoch()));
        return band;
    }
    if (fromUtc.isValid() && buckets.startMs.front() > double(fromUtc.toMSecsSinceEpoch()))
        cover(double(fromUtc.toMSecsSinceEpoch()), buckets.startMs.front());
    for (size_t i = 1; i < buckets.size(); ++i) {
        if (buckets.gapBefore(i))
            cover(buckets.endMs[i - 1], buckets.startMs[i]);
    }
    return band;
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

GpuUsageChart::GpuUsageChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setShowToolTips(true);
    setChart(chart); // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setAccessibleName(tr("GPUs held over time"));

    m_timeAxis = new QDateTimeAxis; // addAxis() gives it to the chart
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(7);
    m_gpuAxis = new QValueAxis;
    m_gpuAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_gpuAxis->setTitleText(tr("GPUs"));
    m_gpuAxis->setRange(0, 1);
    followPalette();
}

void GpuUsageChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        followPalette();
}

// Qt Charts draws in its own light theme whatever the system's palette; a white panel in a dark window glares
// and its theme's dark grey labels would not read on a dark one. The chart takes its background and texts from
// the palette instead, and its lines from the text faded into the background. Deployments keep their own colours.
void GpuUsageChart::followPalette()
{
    QChart *chart = this->chart();
    const QColor base = palette().color(QPalette::Base);
    const QColor text = palette().color(QPalette::Text);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(QPen(blend(base, text, 0.15), 1));
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_gpuAxis)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(blend(base, text, 0.5));
        axis->setGridLineColor(blend(base, text, 0.15));
    }
    if (m_capacity)
        m_capacity->setPen(QPen(capacityColour(), 2, Qt::DashLine));
    if (m_noHistory) {
        m_noHistory->setBrush(noHistoryBrush(palette()));
        m_noHistory->setPen(QPen(blend(base, text, 0.3), 1));
    }
}

// The capacity line: nearly the text's colour, so it stands out from the deployments on either palette.
QColor GpuUsageChart::capacityColour() const
{
    return blend(palette().color(QPalette::Text), palette().color(QPalette::Base), 0.12);
}

GpuUsageChart::~GpuUsageChart()
{
    // Until the first data the axes are not in the chart, so nobody owns them.
    if (!chart()->axes().contains(m_timeAxis)) {
        delete m_timeAxis;
        delete m_gpuAxis;
    }
}

void GpuUsageChart::rebuild(const QStringList &names)
{
    QChart *chart = this->chart();
    chart->removeAllSeries(); // deletes the area, capacity and band series
    // The axes go in after the series: added to a chart without series, Qt Charts 6.4 never lays out the
    // date-time axis (no labels, no grid).
    if (chart->axes().contains(m_timeAxis)) {
        chart->removeAxis(m_timeAxis);
        chart->removeAxis(m_gpuAxis);
    }
    for (Layer &layer : m_layers) {
        delete layer.upper;
        delete layer.lower;
    }
    m_layers.clear();
    m_capacity = nullptr;
    delete m_noHistoryTop;
    m_noHistoryTop = nullptr;
    m_noHistory = nullptr;

    for (int i = 0; i < names.size(); ++i) {
        if (names[i] == kCapacity)
            continue;
        Layer layer;
        layer.name = names[i];
        layer.upper = new QLineSeries(this);
        // The first layer stands on the time axis; each other on a copy of the one below (a series shared
        // by two area series upsets Qt Charts).
        if (!m_layers.empty())
            layer.lower = new QLineSeries(this);
        layer.area = new QAreaSeries(layer.upper, layer.lower);
        layer.area->setName(names[i]);
        const QColor colour = deploymentColour(names[i]); // its own, not its place in the stack
        QColor fill = colour;
        fill.setAlpha(200);
        layer.area->setBrush(fill);
        layer.area->setPen(QPen(colour.darker(120), 1));
        chart->addSeries(layer.area);
        m_layers.push_back(layer);
    }
    if (names.contains(kCapacity)) {
        m_capacity = new QLineSeries;
        m_capacity->setName(tr("capacity"));
        m_capacity->setPen(QPen(capacityColour(), 2, Qt::DashLine));
        chart->addSeries(m_capacity);
    }
    // Last, so it lies over the capacity line where that runs along the time axis through a gap.
    m_noHistoryTop = new QLineSeries(this);
    m_noHistory = new QAreaSeries(m_noHistoryTop);
    m_noHistory->setName(tr("no history"));
    m_noHistory->setBrush(noHistoryBrush(palette()));
    m_noHistory->setPen(QPen(blend(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.3), 1));
    chart->addSeries(m_noHistory);

    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_gpuAxis, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_gpuAxis);
    }
}

void GpuUsageChart::setData(const std::vector<UsageSeries> &series, const QDateTime &fromUtc, const QDateTime &toUtc,
                            qint64 bucketMs)
{
    // Deployments in the given order, "other" after them, capacity last.
    QStringList names;
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
        names.append(entry->name);
    if (capacity)
        names.append(kCapacity);
    if (names != seriesNames())
        rebuild(names);

    std::vector<const UsageSeries *> all = stacked;
    if (capacity)
        all.push_back(capacity);
    const Buckets buckets = bounded(bucketsOf(all, bucketMs, fromUtc, toUtc), kMaxPoints);
    const double endLimitMs =
        toUtc.isValid() ? double(toUtc.toMSecsSinceEpoch()) : std::numeric_limits<double>::infinity();

    double top = 1;
    std::vector<double> cumulative(buckets.size(), 0.0);
    QList<QPointF> below;
    for (size_t i = 0; i < stacked.size(); ++i) {
        for (size_t j = 0; j < buckets.size(); ++j) {
            cumulative[j] += buckets.values[i][j];
            top = std::max(top, cumulative[j]);
        }
        const QList<QPointF> points = stepped(buckets, cumulative, endLimitMs);
        if (m_layers[i].lower)
            m_layers[i].lower->replace(below);
        m_layers[i].upper->replace(points);
        below = points;
    }
    if (capacity && m_capacity) {
        const std::vector<double> &values = buckets.values.back();
        for (double value : values)
            top = std::max(top, value);
        m_capacity->replace(stepped(buckets, values, endLimitMs));
    }
    const double peakHeld = cumulative.empty() ? 0.0 : *std::max_element(cumulative.begin(), cumulative.end());
    setAccessibleDescription(chartDescription(
        QStringList(names.begin(), names.begin() + qsizetype(stacked.size())), peakHeld,
        capacity && !capacity->points.empty() ? std::optional(capacity->points.back().value) : std::nullopt, fromUtc,
        toUtc));

    const QString format = fromUtc.secsTo(toUtc) <= 26 * 3600 ? QStringLiteral("HH:mm") : QStringLiteral("d MMM");
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    m_timeAxis->setRange(fromUtc.toLocalTime(), toUtc.toLocalTime());
    m_gpuAxis->setRange(0, std::ceil(top * 1.1));
    m_gpuAxis->applyNiceNumbers();

    // No series at all is no data (nothing was read), not a range without history.
    const QList<QPointF> band =
        names.isEmpty() ? QList<QPointF>() : noHistoryBand(buckets, fromUtc, toUtc, m_gpuAxis->max());
    if (m_noHistoryTop) {
        m_noHistoryTop->replace(band);
        for (QLegendMarker *marker : chart()->legend()->markers(m_noHistory))
            marker->setVisible(!band.isEmpty());
    }
}

QStringList GpuUsageChart::seriesNames() const
{
    QStringList names;
    for (const Layer &layer : m_layers)
        names.append(layer.name);
    if (m_capacity)
        names.append(kCapacity);
    return names;
}

qsizetype GpuUsageChart::pointCount(const QString &name) const
{
    if (name == kCapacity)
        return m_capacity ? m_capacity->count() : -1;
    for (const Layer &layer : m_layers) {
        if (layer.name == name)
            return layer.upper->count();
    }
    return -1;
}

QList<QPointF> GpuUsageChart::points(const QString &name) const
{
    if (name == kCapacity)
        return m_capacity ? m_capacity->points() : QList<QPointF>();
    for (const Layer &layer : m_layers) {
        if (layer.name == name)
            return layer.upper->points();
    }
    return {};
}

QList<QPair<double, double>> GpuUsageChart::noHistoryRanges() const
{
    QList<QPair<double, double>> ranges;
    if (!m_noHistoryTop)
        return ranges;
    const QList<QPointF> band = m_noHistoryTop->points();
    for (qsizetype i = 0; i + 3 < band.size(); i += 4)
        ranges.append(qMakePair(band[i].x(), band[i + 3].x()));
    return ranges;
}

QColor GpuUsageChart::seriesColour(const QString &name) const
{
    for (const Layer &layer : m_layers) {
        if (layer.name == name)
            return layer.area->brush().color();
    }
    return {};
}

bool GpuUsageChart::noHistoryInLegend() const
{
    if (!m_noHistory)
        return false;
    const QList<QLegendMarker *> markers = chart()->legend()->markers(m_noHistory);
    return !markers.isEmpty() && markers.first()->isVisible();
}

} // namespace scaledeck
