// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "historystore.h"
#include "usagechartdata.h"

#include <QChartView>
#include <QColor>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QStringList>

#include <vector>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace scaledeck {

// GPUs held over time, stacked by deployment, with the cluster's capacity drawn over the stack so idle
// capacity shows as the gap. Takes plain series (as HistoryStore::usage() returns them); the series are
// kept and refilled with replace(), rebuilt only when the set of names changes. Qt Charts stays in here.
//
// Each point is the value of one bucket [start, start + width); a bucket without history has no point. Where
// consecutive points are more than one bucket apart nothing was recorded, so every layer and the capacity
// line drop to 0 at the end of the last covered bucket and rise again at the next one, and a hatched "no
// history" band (in the legend only while there is one) covers the stretch in between. The band also covers the
// stretch from the start of the range to the first point (a window longer than the history), and the whole range
// when the series have no point at all. Qt Charts 6.4 line series cannot break (no NaN), hence the drops rather
// than separate series.
class GpuUsageChart : public QChartView {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = UsageChartData::kMaxPoints; // per series, gap points included

    explicit GpuUsageChart(QWidget *parent = nullptr);
    ~GpuUsageChart() override;

    // `series` as the store gives it: deployments, optionally "other", and "capacity". [fromUtc, toUtc) is the
    // time axis's range. `bucketMs` is the width of a bucket; 0 infers it as the smallest step between
    // consecutive points (which overstates it only when no two covered buckets are adjacent).
    void setData(const std::vector<UsageSeries> &series, const QDateTime &fromUtc, const QDateTime &toUtc,
                 qint64 bucketMs = 0);
    // The same, made beforehand (prepareUsageChart(), on any thread): what is left is Qt Charts' own work.
    void setData(const UsageChartData &data);

    // For tests: the names in stacking order (capacity last), the points a series holds (a layer's upper line,
    // in ms since the epoch and stacked GPUs), the stretches the "no history" band covers (in ms) and whether
    // the legend shows the band (only ever true while the chart is visible: Qt Charts asks its graphics item).
    QStringList seriesNames() const;
    qsizetype pointCount(const QString &name) const;
    QList<QPointF> points(const QString &name) const;
    QList<QPair<double, double>> noHistoryRanges() const;
    bool noHistoryInLegend() const;
    QColor seriesColour(const QString &name) const; // a layer's fill; invalid for capacity and unknown names

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override; // marked for the stall monitor: "cost chart paint"

private:
    struct Layer {
        QString name;
        QLineSeries *upper = nullptr; // owned by this widget
        QLineSeries *lower = nullptr; // owned by this widget; null for the first layer (the time axis)
        QAreaSeries *area = nullptr;  // owned by the chart
    };
    void rebuild(const QStringList &names);
    void followPalette();
    QColor capacityColour() const;

    std::vector<Layer> m_layers;
    QLineSeries *m_capacity = nullptr;     // owned by the chart
    QLineSeries *m_noHistoryTop = nullptr; // owned by this widget; the band's outline
    QAreaSeries *m_noHistory = nullptr;    // owned by the chart
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_gpuAxis = nullptr;
};

} // namespace scaledeck
