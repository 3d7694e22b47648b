// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "gpuusagechart.h"

#include "deploymentcolour.h"
#include "guiactivity.h"

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

#include <cmath>

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

// A pen as wide in pixels whatever the chart's transform: the raster engine draws those without widening each
// line into a polygon first, which for 13 layers of 1,000 points was most of the chart's painting.
QPen cosmetic(QPen pen)
{
    pen.setCosmetic(true);
    return pen;
}

// The "no history" band: the axis's full `height` over each of `ranges`, flat on the time axis in between.
QList<QPointF> noHistoryBand(const QList<QPair<double, double>> &ranges, double height)
{
    QList<QPointF> band;
    band.reserve(ranges.size() * 4);
    for (const auto &[fromMs, toMs] : ranges) {
        band.append(QPointF(fromMs, 0));
        band.append(QPointF(fromMs, height));
        band.append(QPointF(toMs, height));
        band.append(QPointF(toMs, 0));
    }
    return band;
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
    // No antialiasing: every edge of a stepped chart is horizontal or vertical, where it shows nothing, and it was
    // most of the repaint (30 days of 13 layers at 10,000 deployments: 22 ms with it, 9 ms without). Texts keep
    // theirs (TextAntialiasing, QGraphicsView's default).
    setRenderHint(QPainter::Antialiasing, false);
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

void GpuUsageChart::paintEvent(QPaintEvent *event)
{
    GuiActivity activity("cost chart paint");
    QChartView::paintEvent(event);
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
        m_capacity->setPen(cosmetic(QPen(capacityColour(), 2, Qt::DashLine)));
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
        layer.area->setPen(cosmetic(QPen(colour.darker(120), 1)));
        chart->addSeries(layer.area);
        m_layers.push_back(layer);
    }
    if (names.contains(kCapacity)) {
        m_capacity = new QLineSeries;
        m_capacity->setName(tr("capacity"));
        m_capacity->setPen(cosmetic(QPen(capacityColour(), 2, Qt::DashLine)));
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
    setData(prepareUsageChart(series, fromUtc, toUtc, bucketMs));
}

// Qt Charts recomputes a series' geometry when its points are replaced, and every series' when an axis's range
// changes: the old points go first, so the range changes recompute empty series and each series' new points are
// mapped once (twice for an area: its upper and lower line).
void GpuUsageChart::setData(const UsageChartData &data)
{
    GuiActivity activity("cost chart");
    if (data.names != seriesNames())
        rebuild(data.names);
    for (Layer &layer : m_layers) {
        layer.upper->clear();
        if (layer.lower)
            layer.lower->clear();
    }
    if (m_capacity)
        m_capacity->clear();
    if (m_noHistoryTop)
        m_noHistoryTop->clear();

    setAccessibleDescription(data.description);
    const QString format =
        data.fromUtc.secsTo(data.toUtc) <= 26 * 3600 ? QStringLiteral("HH:mm") : QStringLiteral("d MMM");
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    m_timeAxis->setRange(data.fromUtc.toLocalTime(), data.toUtc.toLocalTime());
    m_gpuAxis->setRange(0, std::ceil(data.top * 1.1));
    m_gpuAxis->applyNiceNumbers();

    for (size_t i = 0; i < m_layers.size() && i < data.layers.size(); ++i) {
        if (m_layers[i].lower)
            m_layers[i].lower->replace(data.layers[i - 1]);
        m_layers[i].upper->replace(data.layers[i]);
    }
    if (m_capacity && data.hasCapacity)
        m_capacity->replace(data.capacity);
    const QList<QPointF> band = noHistoryBand(data.noHistory, m_gpuAxis->max());
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
