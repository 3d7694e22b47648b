// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetcostchartdata.h"

#include <QWidget>

#include <vector>

class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QStackedBarSeries;

namespace scaledeck {

// The fleet's cost chart: GPU-hours and money (two charts side by side) today, this week and this month, stacked by
// cluster. Takes the data made from the clusters' costs (fleetCostChartDataOf); the bar sets are kept and their
// values replaced when the clusters are the same, rebuilt only when the set of clusters changes. Qt Charts stays
// in here.
class FleetCostChart : public QWidget {
    Q_OBJECT
public:
    explicit FleetCostChart(QWidget *parent = nullptr);
    ~FleetCostChart() override;

    void setData(const FleetCostChartData &data);

    // For tests: the clusters stacked (bottom first), one cluster's bars (a value a period), the money axis's title
    // and the note of the clusters left out.
    QStringList clusterNames() const;
    QList<double> gpuHoursOf(const QString &cluster) const;
    QList<double> moneyOf(const QString &cluster) const;
    QString moneyTitle() const;
    QString note() const;

private:
    struct Chart {
        QChartView *view = nullptr;
        QStackedBarSeries *series = nullptr; // owned by the chart
        std::vector<QBarSet *> sets;         // owned by the series, a cluster each
    };
    void rebuild(Chart &chart, const QStringList &clusters);
    static void fill(Chart &chart, const std::vector<std::array<double, FleetCostChartData::kPeriods>> &values);
    static QList<double> valuesOf(const Chart &chart, const QStringList &clusters, const QString &cluster);

    Chart m_hours;
    Chart m_money;
    QLabel *m_note;
    FleetCostChartData m_data;
};

} // namespace scaledeck
