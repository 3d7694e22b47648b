#include "gpuusagechart.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <set>

namespace scaledeck {

namespace {
const QString kCapacity = QStringLiteral("capacity");

// Distinct colours for up to a dozen deployments (then they repeat); "other" is grey.
QColor layerColour(int index, const QString &name)
{
    if (name == QStringLiteral("other"))
        return QColor(0x9e, 0x9e, 0x9e);
    static const QRgb palette[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948,
                                   0xb07aa1, 0xff9da7, 0x9c755f, 0x86bcb6, 0x8cd17d, 0xd4a6c8};
    return QColor::fromRgb(palette[index % int(std::size(palette))]);
}

// At most `limit` points, by keeping every k-th (and the last). The store already downsamples; this is the
// guard that keeps a series bounded whatever it is handed.
std::vector<qint64> trimmed(std::vector<qint64> times, size_t limit)
{
    if (times.size() <= limit)
        return times;
    std::vector<qint64> out;
    out.reserve(limit);
    const double stride = double(times.size() - 1) / double(limit - 1);
    for (size_t i = 0; i < limit; ++i)
        out.push_back(times[std::min(times.size() - 1, size_t(std::llround(double(i) * stride)))]);
    return out;
}

// The series' value at `atMs`: its point there, else the last one before (a step function), else 0.
double valueAt(const std::vector<UsagePoint> &points, qint64 atMs)
{
    auto it = std::upper_bound(points.begin(), points.end(), atMs,
                               [](qint64 t, const UsagePoint &p) { return t < p.atMs; });
    return it == points.begin() ? 0.0 : std::prev(it)->value;
}
}  // namespace

GpuUsageChart::GpuUsageChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setShowToolTips(true);
    setChart(chart);  // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);

    m_timeAxis = new QDateTimeAxis;  // addAxis() gives it to the chart
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(7);
    m_gpuAxis = new QValueAxis;
    m_gpuAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_gpuAxis->setTitleText(tr("GPUs"));
    m_gpuAxis->setRange(0, 1);
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
    chart->removeAllSeries();  // deletes the area and capacity series
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
        const QColor colour = layerColour(int(m_layers.size()), names[i]);
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
        QPen pen(QColor(0x20, 0x20, 0x20), 2, Qt::DashLine);
        m_capacity->setPen(pen);
        chart->addSeries(m_capacity);
    }
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_gpuAxis, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_gpuAxis);
    }
}

void GpuUsageChart::setData(const std::vector<UsageSeries> &series, const QDateTime &fromUtc,
                            const QDateTime &toUtc)
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

    // Stacking needs one time grid: every bucket start any deployment has, bounded.
    std::set<qint64> grid;
    for (const UsageSeries *entry : stacked) {
        for (const UsagePoint &point : entry->points)
            grid.insert(point.atMs);
    }
    const std::vector<qint64> times = trimmed(std::vector<qint64>(grid.begin(), grid.end()), kMaxPoints);

    double top = 1;
    std::vector<double> cumulative(times.size(), 0.0);
    QList<QPointF> below;
    for (size_t i = 0; i < stacked.size(); ++i) {
        QList<QPointF> points;
        points.reserve(qsizetype(times.size()));
        for (size_t j = 0; j < times.size(); ++j) {
            cumulative[j] += valueAt(stacked[i]->points, times[j]);
            points.append(QPointF(double(times[j]), cumulative[j]));
            top = std::max(top, cumulative[j]);
        }
        if (m_layers[i].lower)
            m_layers[i].lower->replace(below);
        m_layers[i].upper->replace(points);
        below = points;
    }
    if (capacity && m_capacity) {
        std::vector<qint64> capacityTimes;
        capacityTimes.reserve(capacity->points.size());
        for (const UsagePoint &point : capacity->points)
            capacityTimes.push_back(point.atMs);
        QList<QPointF> points;
        for (qint64 t : trimmed(std::move(capacityTimes), kMaxPoints)) {
            const double value = valueAt(capacity->points, t);
            points.append(QPointF(double(t), value));
            top = std::max(top, value);
        }
        m_capacity->replace(points);
    }

    const QString format = fromUtc.secsTo(toUtc) <= 26 * 3600 ? QStringLiteral("HH:mm") : QStringLiteral("d MMM");
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    m_timeAxis->setRange(fromUtc.toLocalTime(), toUtc.toLocalTime());
    m_gpuAxis->setRange(0, std::ceil(top * 1.1));
    m_gpuAxis->applyNiceNumbers();
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

}  // namespace scaledeck
