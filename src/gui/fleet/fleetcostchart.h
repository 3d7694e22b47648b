// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetcostchartdata.h"

#include <QWidget>

#include <vector>

class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QStackedBarSeries;

namespace scaledeck {

// The fleet's cost chart: GPU-hours and money (two charts side by side) over one of the Cost tab's windows (last
// 1 h, 24 h, 7 d or 30 d, chosen in its Window box), stacked by cluster. Takes the data made from the clusters' costs
// of that window (fleetCostChartDataOf); the bar sets are kept and their values replaced when the clusters are the
// same, rebuilt only when the set of clusters changes. Qt Charts stays in here.
class FleetCostChart : public QWidget {
    Q_OBJECT
public:
    explicit FleetCostChart(QWidget *parent = nullptr);
    ~FleetCostChart() override;

    // The window chosen (the last 24 h at first); setWindow does not emit windowChosen.
    CostWindow window() const;
    void setWindow(CostWindow window);
    void setData(const FleetCostChartData &data);

    // For tests: the clusters stacked (bottom first), one cluster's bars (one value: the window's), the money axis's
    // title, the window's label on the axis and the note of the clusters left out.
    QStringList clusterNames() const;
    QList<double> gpuHoursOf(const QString &cluster) const;
    QList<double> moneyOf(const QString &cluster) const;
    QString moneyTitle() const;
    QString windowLabel() const;
    QString note() const;

Q_SIGNALS:
    // The operator chose another window: its costs are to be read.
    void windowChosen(scaledeck::CostWindow window);

private:
    struct Chart {
        QChartView *view = nullptr;
        QStackedBarSeries *series = nullptr; // owned by the chart
        std::vector<QBarSet *> sets;         // owned by the series, a cluster each
    };
    void rebuild(Chart &chart, const QStringList &clusters, CostWindow window);
    static void fill(Chart &chart, const std::vector<double> &values);
    static QList<double> valuesOf(const Chart &chart, const QStringList &clusters, const QString &cluster);

    QComboBox *m_windowBox;
    Chart m_hours;
    Chart m_money;
    QLabel *m_note;
    FleetCostChartData m_data;
};

} // namespace scaledeck
