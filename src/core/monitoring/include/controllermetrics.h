// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "clustergauges.h"
#include "controllerhealth.h"
#include "decisioncounter.h"
#include "pricelist.h"
#include "schedulecontroller.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <array>
#include <optional>

namespace scaledeck {

// What a running controller shows Prometheus, and whether it is healthy: takes each TickReport as it comes
// and renders the text exposition on request (the names are in docs/readme-metrics.md). Ages and the
// last-success timestamp are on the injected clock; tick durations are the report's monotonic ones.
class ControllerMetrics {
public:
    ControllerMetrics(const Clock *clock, QString clusterKey, int tickMs);

    // One finished tick, with the prices its cost gauge is computed at.
    void observe(const TickReport &report, const PriceList &prices);
    QByteArray exposition() const;
    HealthVerdict health() const;

    // The tick-duration histogram's upper bounds, in seconds (+Inf besides).
    static constexpr std::array<double, 10> durationBuckets{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

private:
    struct Histogram {
        std::array<quint64, durationBuckets.size()> counts{}; // per bucket, not cumulative
        quint64 count = 0;
        double sum = 0;
    };
    void writeController(class ExpositionWriter &writer) const;
    void writeDecisions(ExpositionWriter &writer) const;
    void writeGauges(ExpositionWriter &writer) const;

    const Clock *m_clock;
    QString m_clusterKey;
    int m_tickMs;
    QDateTime m_startedUtc;
    std::optional<QDateTime> m_lastSuccessUtc; // when the last tick without error ended
    quint64 m_ticks = 0;
    quint64 m_failedTicks = 0;
    Histogram m_duration;
    bool m_holdsLock = false;
    DecisionCounter m_counter;
    std::optional<ClusterGauges> m_gauges; // from the last tick that read the cluster
};

} // namespace scaledeck
