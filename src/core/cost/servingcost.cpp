// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servingcost.h"

#include <algorithm>
#include <utility>

namespace scaledeck {

namespace {
constexpr double kMsPerHour = 3600.0 * 1000.0;
constexpr double kNoRequest = 0.5; // fewer requests than this in a step: none arrived (rate() extrapolates)

// The GPUs a deployment's leases held over time, as a step function with its running integral: the GPU-hours of any
// stretch in log time, so a month of one-minute steps against thousands of leases stays cheap.
class HeldGpus {
public:
    explicit HeldGpus(const HeldChanges &changes)
    {
        m_points.reserve(changes.size());
        double level = 0;
        double integral = 0;
        for (const auto &[atMs, delta] : changes) {
            if (!m_points.empty())
                integral += level * double(atMs - m_points.back().atMs);
            level += delta;
            m_points.push_back({atMs, integral, level});
        }
    }

    double gpuHours(qint64 fromMs, qint64 toMs) const { return (integralAt(toMs) - integralAt(fromMs)) / kMsPerHour; }

private:
    struct Point {
        qint64 atMs = 0;
        double integral = 0; // GPU-ms held before atMs
        double level = 0;    // GPUs held from atMs on
    };

    double integralAt(qint64 atMs) const
    {
        auto after = std::upper_bound(m_points.begin(), m_points.end(), atMs,
                                      [](qint64 at, const Point &point) { return at < point.atMs; });
        if (after == m_points.begin())
            return 0;
        const Point &point = *std::prev(after);
        return point.integral + point.level * double(atMs - point.atMs);
    }

    std::vector<Point> m_points;
};

// One deployment's figures: each point's step, clipped to the window, adds its requests and the GPU-hours held in it.
DeploymentServing serveDeployment(const HeldGpus &held, const RateSeries *series, qint64 fromMs, qint64 toMs)
{
    DeploymentServing serving;
    serving.heldGpuHours = held.gpuHours(fromMs, toMs);
    double requests = 0;
    double idle = 0;
    double known = 0;
    qint64 coveredMs = 0;
    bool anyPoint = false;
    const std::vector<RatePoint> noPoints;
    for (const RatePoint &point : series ? series->points : noPoints) {
        const qint64 endMs = point.atUtc.toMSecsSinceEpoch();
        const qint64 startMs = std::max(fromMs, endMs - qint64(series->stepS) * 1000);
        const qint64 clippedEndMs = std::min(toMs, endMs);
        if (clippedEndMs <= startMs)
            continue;
        anyPoint = true;
        const double heldInStep = held.gpuHours(startMs, clippedEndMs);
        requests += point.perSecond * double(clippedEndMs - startMs) / 1000.0;
        coveredMs += clippedEndMs - startMs;
        known += heldInStep;
        if (point.perSecond * series->stepS < kNoRequest)
            idle += heldInStep;
    }
    if (anyPoint)
        serving.requests = requests;
    // Float sums of the same stretches: what is left below a microsecond of a GPU is rounding, not an unknown step.
    serving.unknownGpuHours = std::max(0.0, serving.heldGpuHours - known);
    if (serving.unknownGpuHours < 1e-9 * std::max(1.0, serving.heldGpuHours))
        serving.unknownGpuHours = 0;
    if (known > 0 || serving.heldGpuHours <= 0)
        serving.idleGpuHours = idle;
    serving.coveredFraction = toMs > fromMs ? double(coveredMs) / double(toMs - fromMs) : 0;
    return serving;
}
} // namespace

const DeploymentServing *ServingCost::find(const QString &app, const QString &deployment) const
{
    const auto it = deployments.find({app, deployment});
    return it == deployments.end() ? nullptr : &it->second;
}

void addHeldSpan(HeldChanges &changes, qint64 startMs, qint64 endMs, double gpus)
{
    changes.emplace_back(startMs, gpus);
    changes.emplace_back(endMs, -gpus);
}

void sortHeldChanges(HeldChanges &changes)
{
    std::sort(changes.begin(), changes.end());
}

HeldGpusByDeployment heldGpusOf(const std::vector<GpuLease> &leases, const QDateTime &fromUtc, const QDateTime &toUtc)
{
    const qint64 fromMs = fromUtc.toMSecsSinceEpoch();
    const qint64 toMs = toUtc.toMSecsSinceEpoch();
    HeldGpusByDeployment held;
    for (const GpuLease &lease : leases) {
        if (lease.hoursWithin(fromUtc, toUtc) <= 0)
            continue;
        const qint64 start = std::max(fromMs, lease.startUtc.toMSecsSinceEpoch());
        const qint64 end = lease.isActive() ? toMs : std::min(toMs, lease.endUtc.toMSecsSinceEpoch());
        HeldChanges &changes = held[{lease.app, lease.deployment}];
        if (end > start)
            addHeldSpan(changes, start, end, lease.gpus);
    }
    for (auto &entry : held)
        sortHeldChanges(entry.second);
    return held;
}

ServingCost servingCost(const std::vector<GpuLease> &leases, const RequestRates &rates, const QDateTime &fromUtc,
                        const QDateTime &toUtc)
{
    return servingCost(heldGpusOf(leases, fromUtc, toUtc), rates, fromUtc, toUtc);
}

ServingCost servingCost(const HeldGpusByDeployment &held, const RequestRates &rates, const QDateTime &fromUtc,
                        const QDateTime &toUtc)
{
    const qint64 fromMs = fromUtc.toMSecsSinceEpoch();
    const qint64 toMs = toUtc.toMSecsSinceEpoch();
    ServingCost cost;
    for (const auto &[key, changes] : held) {
        const auto series = rates.find(key);
        const DeploymentServing serving =
            serveDeployment(HeldGpus(changes), series == rates.end() ? nullptr : &series->second, fromMs, toMs);
        cost.heldGpuHours += serving.heldGpuHours;
        cost.idleGpuHours += serving.idleGpuHours.value_or(0);
        cost.unknownGpuHours += serving.unknownGpuHours;
        cost.deployments.emplace(key, serving);
    }
    return cost;
}

std::optional<double> costPer1000Requests(double cost, const std::optional<double> &requests)
{
    if (!requests || *requests < kNoRequest)
        return std::nullopt;
    return cost * 1000.0 / *requests;
}

} // namespace scaledeck
