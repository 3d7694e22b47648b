#pragma once

#include "historystore.h"

#include <QChartView>
#include <QDateTime>
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
class GpuUsageChart : public QChartView {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 2000;  // per series; more is trimmed by striding

    explicit GpuUsageChart(QWidget *parent = nullptr);
    ~GpuUsageChart() override;

    // `series` as the store gives it: deployments, optionally "other", and "capacity". [fromUtc, toUtc) is the
    // time axis's range.
    void setData(const std::vector<UsageSeries> &series, const QDateTime &fromUtc, const QDateTime &toUtc);

    // For tests: the names in stacking order (capacity last) and the points a series holds (its upper line).
    QStringList seriesNames() const;
    qsizetype pointCount(const QString &name) const;

private:
    struct Layer {
        QString name;
        QLineSeries *upper = nullptr;  // owned by this widget
        QLineSeries *lower = nullptr;  // owned by this widget; null for the first layer (the time axis)
        QAreaSeries *area = nullptr;   // owned by the chart
    };
    void rebuild(const QStringList &names);

    std::vector<Layer> m_layers;
    QLineSeries *m_capacity = nullptr;  // owned by the chart
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_gpuAxis = nullptr;
};

}  // namespace scaledeck
