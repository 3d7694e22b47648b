// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcostchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
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

// The value axis's top: the stack's height, with a little room above it (and 1 when all is 0).
double stackTop(const std::vector<double> &values)
{
    double top = 0;
    for (double value : values)
        top += value;
    return top > 0 ? top * 1.1 : 1.0;
}

// The Cost tab's windows but its Live one: a spend over the last ten minutes read once a minute says less than the
// table's Cost/h now, which is live.
constexpr CostWindow kWindows[] = {CostWindow::Hour, CostWindow::Day, CostWindow::Week, CostWindow::Month};
} // namespace

FleetCostChart::FleetCostChart(QWidget *parent) : QWidget(parent), m_windowBox(new QComboBox), m_note(new QLabel)
{
    m_windowBox->setObjectName(QStringLiteral("fleetCostWindow"));
    for (CostWindow window : kWindows)
        m_windowBox->addItem(tr("Last %1").arg(costWindowName(window)), int(window));
    m_windowBox->setCurrentIndex(1); // the last 24 h, as the Cost tab at first
    connect(m_windowBox, &QComboBox::activated, this,
            [this](int index) { Q_EMIT windowChosen(CostWindow(m_windowBox->itemData(index).toInt())); });
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    auto *windowLabel = new QLabel(tr("&Window:"));
    windowLabel->setBuddy(m_windowBox);
    top->addWidget(windowLabel);
    top->addWidget(m_windowBox);
    top->addStretch(1);
    m_hours.view = makeView(tr("GPU-hours by cluster"));
    m_money.view = makeView(tr("Spend by cluster"));
    auto *charts = new QHBoxLayout;
    charts->setContentsMargins(0, 0, 0, 0);
    charts->addWidget(m_hours.view);
    charts->addWidget(m_money.view);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(charts, 1);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    rebuild(m_hours, {}, m_data.window);
    rebuild(m_money, {}, m_data.window);
}

FleetCostChart::~FleetCostChart() = default;

CostWindow FleetCostChart::window() const
{
    return CostWindow(m_windowBox->currentData().toInt());
}

void FleetCostChart::setWindow(CostWindow window)
{
    const int index = m_windowBox->findData(int(window));
    if (index >= 0)
        m_windowBox->setCurrentIndex(index);
}

void FleetCostChart::rebuild(Chart &chart, const QStringList &clusters, CostWindow window)
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
        *set << 0.0;
        chart.series->append(set);
        chart.sets.push_back(set);
    }
    qchart->addSeries(chart.series);
    auto *periods = new QBarCategoryAxis;
    periods->append(fleetChartWindowLabel(window));
    qchart->addAxis(periods, Qt::AlignBottom);
    chart.series->attachAxis(periods);
    auto *values = new QValueAxis;
    values->setLabelFormat(QStringLiteral("%.0f"));
    qchart->addAxis(values, Qt::AlignLeft);
    chart.series->attachAxis(values);
}

void FleetCostChart::fill(Chart &chart, const std::vector<double> &values)
{
    for (size_t cluster = 0; cluster < chart.sets.size() && cluster < values.size(); ++cluster)
        chart.sets[cluster]->replace(0, values[cluster]);
    const QList<QAbstractAxis *> axes = chart.view->chart()->axes(Qt::Vertical);
    if (auto *axis = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.front())) {
        const double top = stackTop(values);
        axis->setRange(0.0, top);
        axis->setLabelFormat(fleetChartLabelFormat(top)); // "0, 0, 0" for a few minutes' history otherwise
    }
}

void FleetCostChart::setData(const FleetCostChartData &data)
{
    if (data == m_data)
        return; // a cost read again that changed nothing: no redraw
    if (data.clusters != m_data.clusters) {
        rebuild(m_hours, data.clusters, data.window);
        rebuild(m_money, data.clusters, data.window);
    } else if (data.window != m_data.window) {
        for (const Chart *chart : {&m_hours, &m_money}) {
            const QList<QAbstractAxis *> axes = chart->view->chart()->axes(Qt::Horizontal);
            if (auto *category = axes.isEmpty() ? nullptr : qobject_cast<QBarCategoryAxis *>(axes.front()))
                category->replace(category->at(0), fleetChartWindowLabel(data.window));
        }
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
    values << chart.sets[size_t(index)]->at(0);
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

QString FleetCostChart::windowLabel() const
{
    const QList<QAbstractAxis *> axes = m_hours.view->chart()->axes(Qt::Horizontal);
    const auto *category = axes.isEmpty() ? nullptr : qobject_cast<QBarCategoryAxis *>(axes.front());
    return category && category->count() > 0 ? category->at(0) : QString();
}

QString FleetCostChart::note() const
{
    return m_note->text();
}

} // namespace scaledeck
