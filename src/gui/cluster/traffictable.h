// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "deploymenttraffic.h"
#include "rateseries.h"

#include <QHash>
#include <QString>

#include <optional>

namespace scaledeck {

// What one row shows of its traffic. An empty figure is unknown, never 0.
struct TrafficFigures {
    std::optional<double> requestsPerS;
    std::optional<double> errorRate; // 0..1
    std::optional<double> p95Ms;
    bool operator==(const TrafficFigures &) const = default;
};

// The traffic the cluster tree shows beside the replicas: the last reading (or why there is none) by application
// and deployment, the texts and tooltips of its cells, and the last hour of request rates for the sparklines.
// Plain data for ClusterModel, which owns one and diffs what it shows.
class TrafficTable {
public:
    enum class Figure { Requests, Errors, P95 };

    void setReading(const TrafficReading &reading);
    void setFailure(const QString &why); // every figure unknown, with this reason
    void setRates(const RequestRates &rates);

    // Null: not in the last reading (or none came).
    const TrafficFigures *deployment(const QString &app, const QString &deployment) const;
    // The sum of the deployments' requests/s (unknown if any is), the errors weighted by requests, the highest
    // p95 of the deployments that served requests.
    TrafficFigures application(const ApplicationSnapshot &app) const;

    QString text(Figure figure, const TrafficFigures *figures) const;
    QString deploymentToolTip(Figure figure, const TrafficFigures *figures) const;
    QString applicationToolTip(Figure figure, const ApplicationSnapshot &app, const TrafficFigures &figures) const;

    const RateSeries *deploymentRates(const QString &app, const QString &deployment) const;
    const RateSeries *applicationRates(const QString &app) const;
    QString ratesToolTip(const RateSeries *series) const;

    // What tells the reasons of unknown figures apart: when it changes, every tooltip may.
    QString context() const { return m_failure + m_sourceText; }

private:
    QString whyUnknown(Figure figure, const TrafficFigures *figures) const;
    QString windowText() const;

    QHash<QString, QHash<QString, TrafficFigures>> m_byApp;
    std::optional<TrafficSource> m_source; // of the last reading
    QString m_sourceText;                  // "Prometheus at http://…", "the nodes' metrics"
    int m_windowS = 60;
    QString m_failure; // the last reading failed: why (empty: it did not)
    RequestRates m_rates;
    QHash<QString, RateSeries> m_appRates; // the deployments' series summed, by application
};

} // namespace scaledeck
