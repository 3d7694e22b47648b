// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcostchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace scaledeck {

namespace {
QChartView *makeView(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation); // a refresh redraws once, not for half a second
    chart->legend()->setAlignment(Qt::AlignRight);
    auto *view = new QChartView(chart);
    view->setMinimumHeight(220);
    return view;
}

// The value axis's top: the tallest stack, with a little room above it (and 1 when all is 0).
double stackTop(const std::vector<std::array<double, FleetCostChartData::kPeriods>> &values)
{
    double top = 0;
    for (int period = 0; period < FleetCostChartData::kPeriods; ++period) {
        double sum = 0;
        for (const auto &row : values)
            sum += row[size_t(period)];
        top = std::max(top, sum);
    }
    return top > 0 ? top * 1.1 : 1.0;
}
} // namespace

FleetCostChart::FleetCostChart(QWidget *parent) : QWidget(parent), m_note(new QLabel)
{
    m_hours.view = makeView(tr("GPU-hours by cluster"));
    m_money.view = makeView(tr("Spend by cluster"));
    auto *charts = new QHBoxLayout;
    charts->setContentsMargins(0, 0, 0, 0);
    charts->addWidget(m_hours.view);
    charts->addWidget(m_money.view);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(charts, 1);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    rebuild(m_hours, {});
    rebuild(m_money, {});
}

FleetCostChart::~FleetCostChart() = default;

void FleetCostChart::rebuild(Chart &chart, const QStringList &clusters)
{
    QChart *qchart = chart.view->chart();
    qchart->removeAllSeries();
    for (QAbstractAxis *axis : qchart->axes()) {
        qchart->removeAxis(axis);
        delete axis;
    }
    chart.series = new QStackedBarSeries;
    chart.sets.clear();
    for (const QString &cluster : clusters) {
        auto *set = new QBarSet(cluster);
        for (int period = 0; period < FleetCostChartData::kPeriods; ++period)
            *set << 0.0;
        chart.series->append(set);
        chart.sets.push_back(set);
    }
    qchart->addSeries(chart.series);
    auto *periods = new QBarCategoryAxis;
    periods->append(FleetCostChartData::periodNames());
    qchart->addAxis(periods, Qt::AlignBottom);
    chart.series->attachAxis(periods);
    auto *values = new QValueAxis;
    values->setLabelFormat(QStringLiteral("%.0f"));
    qchart->addAxis(values, Qt::AlignLeft);
    chart.series->attachAxis(values);
}

void FleetCostChart::fill(Chart &chart, const std::vector<std::array<double, FleetCostChartData::kPeriods>> &values)
{
    for (size_t cluster = 0; cluster < chart.sets.size() && cluster < values.size(); ++cluster) {
        for (int period = 0; period < FleetCostChartData::kPeriods; ++period)
            chart.sets[cluster]->replace(period, values[cluster][size_t(period)]);
    }
    const QList<QAbstractAxis *> axes = chart.view->chart()->axes(Qt::Vertical);
    if (!axes.isEmpty())
        axes.front()->setRange(0.0, stackTop(values));
}

void FleetCostChart::setData(const FleetCostChartData &data)
{
    if (data == m_data)
        return; // a cost read again that changed nothing: no redraw
    if (data.clusters != m_data.clusters) {
        rebuild(m_hours, data.clusters);
        rebuild(m_money, data.clusters);
    }
    m_data = data;
    fill(m_hours, data.gpuHours);
    fill(m_money, data.money);
    m_money.view->chart()->setTitle(tr("Spend by cluster (%1)").arg(data.currency));
    m_note->setText(data.leftOut.isEmpty() ? QString()
                                           : tr("Not in the chart or its money: %1").arg(data.leftOut.join(u"; ")));
    m_note->setVisible(!data.leftOut.isEmpty());
}

QStringList FleetCostChart::clusterNames() const
{
    QStringList names;
    for (const QBarSet *set : m_hours.sets)
        names << set->label();
    return names;
}

QList<double> FleetCostChart::valuesOf(const Chart &chart, const QStringList &clusters, const QString &cluster)
{
    const qsizetype index = clusters.indexOf(cluster);
    QList<double> values;
    if (index < 0 || size_t(index) >= chart.sets.size())
        return values;
    for (int period = 0; period < FleetCostChartData::kPeriods; ++period)
        values << chart.sets[size_t(index)]->at(period);
    return values;
}

QList<double> FleetCostChart::gpuHoursOf(const QString &cluster) const
{
    return valuesOf(m_hours, clusterNames(), cluster);
}

QList<double> FleetCostChart::moneyOf(const QString &cluster) const
{
    return valuesOf(m_money, clusterNames(), cluster);
}

QString FleetCostChart::moneyTitle() const
{
    return m_money.view->chart()->title();
}

QString FleetCostChart::note() const
{
    return m_note->text();
}

} // namespace scaledeck
