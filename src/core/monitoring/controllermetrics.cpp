// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllermetrics.h"

#include "exposition.h"

namespace scaledeck {

namespace {
using Type = ExpositionWriter::Type;
} // namespace

ControllerMetrics::ControllerMetrics(const Clock *clock, QString clusterKey, int tickMs)
    : m_clock(clock), m_clusterKey(std::move(clusterKey)), m_tickMs(tickMs), m_startedUtc(clock->nowUtc())
{
}

void ControllerMetrics::observe(const TickReport &report, const PriceList &prices)
{
    ++m_ticks;
    if (report.error)
        ++m_failedTicks;
    else
        m_lastSuccessUtc = m_clock->nowUtc(); // the tick's end: a long tick is not counted old at once
    const double seconds = double(report.durationNs) / 1e9;
    ++m_duration.count;
    m_duration.sum += seconds;
    for (size_t i = 0; i < durationBuckets.size(); ++i) {
        if (seconds <= durationBuckets[i]) {
            ++m_duration.counts[i];
            break;
        }
    }
    m_holdsLock = report.holdsLock;
    m_counter.count(report.decisions);
    // A tick that read the cluster replaces the gauges; one that waited for another's lock drops them (the
    // holder shows them); one that failed keeps the last (the last-success timestamp says how old they are).
    if (report.snapshot)
        m_gauges = clusterGauges(*report.snapshot, report.decisions, prices);
    else if (!report.error)
        m_gauges.reset();
}

HealthVerdict ControllerMetrics::health() const
{
    return judgeHealth(m_lastSuccessUtc, m_startedUtc, m_clock->nowUtc(), m_tickMs);
}

QByteArray ControllerMetrics::exposition() const
{
    ExpositionWriter writer;
    writeController(writer);
    writeDecisions(writer);
    writeGauges(writer);
    return writer.text();
}

void ControllerMetrics::writeController(ExpositionWriter &writer) const
{
    writer.family(QStringLiteral("scaledeck_controller_ticks_total"), Type::Counter,
                  QStringLiteral("Controller ticks finished, with or without error."));
    writer.sample(QStringLiteral("scaledeck_controller_ticks_total"), {}, double(m_ticks));
    writer.family(QStringLiteral("scaledeck_controller_tick_failures_total"), Type::Counter,
                  QStringLiteral("Controller ticks that ended with an error (cluster unreachable, store error)."));
    writer.sample(QStringLiteral("scaledeck_controller_tick_failures_total"), {}, double(m_failedTicks));

    const QString duration = QStringLiteral("scaledeck_controller_tick_duration_seconds");
    writer.family(duration, Type::Histogram, QStringLiteral("How long controller ticks ran (monotonic time)."));
    quint64 cumulative = 0;
    for (size_t i = 0; i < durationBuckets.size(); ++i) {
        cumulative += m_duration.counts[i];
        writer.sample(duration + QStringLiteral("_bucket"),
                      {{QStringLiteral("le"), formatSampleValue(durationBuckets[i])}}, double(cumulative));
    }
    writer.sample(duration + QStringLiteral("_bucket"), {{QStringLiteral("le"), QStringLiteral("+Inf")}},
                  double(m_duration.count));
    writer.sample(duration + QStringLiteral("_sum"), {}, m_duration.sum);
    writer.sample(duration + QStringLiteral("_count"), {}, double(m_duration.count));

    writer.family(QStringLiteral("scaledeck_controller_last_success_timestamp_seconds"), Type::Gauge,
                  QStringLiteral("When the last tick without error ended, in seconds since the epoch (0: none yet)."));
    writer.sample(QStringLiteral("scaledeck_controller_last_success_timestamp_seconds"), {},
                  m_lastSuccessUtc ? double(m_lastSuccessUtc->toMSecsSinceEpoch()) / 1000.0 : 0.0);
    writer.family(QStringLiteral("scaledeck_controller_tick_interval_seconds"), Type::Gauge,
                  QStringLiteral("The controller's configured time between ticks."));
    writer.sample(QStringLiteral("scaledeck_controller_tick_interval_seconds"), {}, double(m_tickMs) / 1000.0);
    writer.family(QStringLiteral("scaledeck_controller_holds_lock"), Type::Gauge,
                  QStringLiteral("1 if this process holds the cluster's controller lock at its last tick, else 0."));
    writer.sample(QStringLiteral("scaledeck_controller_holds_lock"), {{QStringLiteral("cluster"), m_clusterKey}},
                  m_holdsLock ? 1.0 : 0.0);
}

void ControllerMetrics::writeDecisions(ExpositionWriter &writer) const
{
    writer.family(QStringLiteral("scaledeck_controller_decisions_total"), Type::Counter,
                  QStringLiteral("Controller decisions by cause and result, each counted once (in step is none)."));
    for (const auto &[kind, count] : m_counter.decisions())
        writer.sample(QStringLiteral("scaledeck_controller_decisions_total"),
                      {{QStringLiteral("cause"), kind.first}, {QStringLiteral("result"), kind.second}}, double(count));
    writer.family(QStringLiteral("scaledeck_controller_drift_seen_total"), Type::Counter,
                  QStringLiteral("Targets found changed outside ScaleDeck, once per outside value."));
    for (const auto &[target, count] : m_counter.drift())
        writer.sample(QStringLiteral("scaledeck_controller_drift_seen_total"), {{QStringLiteral("target"), target}},
                      double(count));
}

void ControllerMetrics::writeGauges(ExpositionWriter &writer) const
{
    if (!m_gauges)
        return; // no tick read the cluster (or this process waits for another's lock): nothing to show
    const MetricLabels cluster{{QStringLiteral("cluster"), m_clusterKey}};
    writer.family(QStringLiteral("scaledeck_target_desired_replicas"), Type::Gauge,
                  QStringLiteral("Replicas a scheduled target's schedule asks for now (an application: 0 parked)."));
    for (const TargetGauge &target : m_gauges->targets)
        writer.sample(QStringLiteral("scaledeck_target_desired_replicas"), {{QStringLiteral("target"), target.target}},
                      target.desired);
    writer.family(QStringLiteral("scaledeck_target_actual_replicas"), Type::Gauge,
                  QStringLiteral("Replicas a scheduled target has (0 parked; autoscaling: Ray's current target)."));
    for (const TargetGauge &target : m_gauges->targets) {
        if (target.actual)
            writer.sample(QStringLiteral("scaledeck_target_actual_replicas"),
                          {{QStringLiteral("target"), target.target}}, *target.actual);
    }
    writer.family(QStringLiteral("scaledeck_target_in_step"), Type::Gauge,
                  QStringLiteral("1 if the cluster holds what the target's schedule asks for, else 0."));
    for (const TargetGauge &target : m_gauges->targets)
        writer.sample(QStringLiteral("scaledeck_target_in_step"), {{QStringLiteral("target"), target.target}},
                      target.inStep ? 1.0 : 0.0);
    writer.family(QStringLiteral("scaledeck_target_contested"), Type::Gauge,
                  QStringLiteral("1 while the controller does not correct the target because another controller or "
                                 "tool keeps changing it (scaledeckctl resume), else 0."));
    for (const TargetGauge &target : m_gauges->targets)
        writer.sample(QStringLiteral("scaledeck_target_contested"), {{QStringLiteral("target"), target.target}},
                      target.contested ? 1.0 : 0.0);
    writer.family(QStringLiteral("scaledeck_deployment_gpus_held"), Type::Gauge,
                  QStringLiteral("GPUs a deployment's replicas hold now."));
    for (const DeploymentGauge &deployment : m_gauges->deployments)
        writer.sample(QStringLiteral("scaledeck_deployment_gpus_held"),
                      {{QStringLiteral("app"), deployment.app}, {QStringLiteral("deployment"), deployment.deployment}},
                      deployment.gpusHeld);
    writer.family(QStringLiteral("scaledeck_cluster_gpus"), Type::Gauge,
                  QStringLiteral("GPUs of the cluster's alive nodes (its capacity)."));
    writer.sample(QStringLiteral("scaledeck_cluster_gpus"), cluster, m_gauges->gpuCapacity);
    writer.family(QStringLiteral("scaledeck_cluster_cost_per_hour"), Type::Gauge,
                  QStringLiteral("What the replicas holding GPUs now cost per hour at the configured prices."));
    MetricLabels costLabels = cluster;
    costLabels.emplace_back(QStringLiteral("currency"), m_gauges->currency);
    writer.sample(QStringLiteral("scaledeck_cluster_cost_per_hour"), costLabels, m_gauges->costPerHour);
}

} // namespace scaledeck
