#include "costreport.h"

#include <algorithm>
#include <utility>

namespace scaledeck {

namespace {
constexpr double kMsPerHour = 3600.0 * 1000.0;

// A lease's part of [from, to) in ms since the epoch; empty (end <= start) when it does not overlap.
struct Span {
    qint64 start = 0;
    qint64 end = 0;
    bool empty() const { return end <= start; }
};

Span clip(const GpuLease &lease, qint64 from, qint64 to)
{
    const qint64 end = lease.endUtc.isValid() ? lease.endUtc.toMSecsSinceEpoch() : to; // active: up to `to`
    return Span{std::max(lease.startUtc.toMSecsSinceEpoch(), from), std::min(end, to)};
}

// The most spans covering one instant. Spans are half-open, so one ending where another starts does not
// count twice: at equal times the end is taken first.
int peakOf(const std::vector<Span> &spans)
{
    std::vector<std::pair<qint64, int>> events; // (time, +1 start / -1 end)
    events.reserve(spans.size() * 2);
    for (const Span &span : spans) {
        events.emplace_back(span.start, +1);
        events.emplace_back(span.end, -1);
    }
    std::sort(events.begin(), events.end()); // -1 sorts before +1 at the same time
    int current = 0;
    int peak = 0;
    for (const auto &event : events) {
        current += event.second;
        peak = std::max(peak, current);
    }
    return peak;
}

struct Accumulator {
    QString app;
    QString deployment;
    std::vector<Span> spans;
    double gpuMs = 0;          // GPU-milliseconds inside the range
    double gpusPerReplica = 0; // the most GPUs one of its leases holds
};
} // namespace

CostReport computeCost(const std::vector<GpuLease> &leases, double capacityGpuHours, const QDateTime &fromUtc,
                       const QDateTime &toUtc, const PriceList &prices, const std::map<QString, int> &alwaysOnReplicas)
{
    CostReport report;
    report.fromUtc = fromUtc.toUTC();
    report.toUtc = toUtc.toUTC();
    report.currency = prices.currency;
    const qint64 from = fromUtc.toMSecsSinceEpoch();
    const qint64 to = std::max(from, toUtc.toMSecsSinceEpoch());
    const double periodHours = double(to - from) / kMsPerHour;

    std::map<QString, Accumulator> byName; // "app/deployment"
    auto accumulatorFor = [&](const QString &app, const QString &deployment) -> Accumulator & {
        Accumulator &entry = byName[app + QLatin1Char('/') + deployment];
        entry.app = app;
        entry.deployment = deployment;
        return entry;
    };
    for (const GpuLease &lease : leases) {
        const Span span = clip(lease, from, to);
        if (span.empty())
            continue;
        Accumulator &entry = accumulatorFor(lease.app, lease.deployment);
        entry.spans.push_back(span);
        entry.gpuMs += double(span.end - span.start) * lease.gpus;
        entry.gpusPerReplica = std::max(entry.gpusPerReplica, lease.gpus);
    }
    // A deployment with a configured always-on count is reported even when nothing of it ran: that is the
    // whole saving. What one replica holds then comes from any lease given, inside the range or not.
    for (const auto &configured : alwaysOnReplicas) {
        const QString &name = configured.first;
        if (byName.contains(name))
            continue;
        const qsizetype slash = name.indexOf(QLatin1Char('/'));
        Accumulator &entry = byName[name];
        entry.app = name.left(slash);
        entry.deployment = slash < 0 ? QString() : name.mid(slash + 1);
        for (const GpuLease &lease : leases) {
            if (lease.app == entry.app && lease.deployment == entry.deployment)
                entry.gpusPerReplica = std::max(entry.gpusPerReplica, lease.gpus);
        }
    }

    for (auto &[name, entry] : byName) {
        DeploymentCost row;
        row.app = entry.app;
        row.deployment = entry.deployment;
        row.gpuHours = entry.gpuMs / kMsPerHour;
        row.cost = row.gpuHours * prices.gpuHour;
        row.peakReplicas = peakOf(entry.spans);
        row.gpusPerReplica = entry.gpusPerReplica;
        const auto configured = alwaysOnReplicas.find(name);
        const int alwaysOnCount = configured != alwaysOnReplicas.end() ? configured->second : row.peakReplicas;
        row.alwaysOnGpuHours = alwaysOnCount * row.gpusPerReplica * periodHours;
        row.reduction = row.alwaysOnGpuHours > 0 ? row.gpuHours / row.alwaysOnGpuHours : 0;
        report.gpuHours += row.gpuHours;
        report.alwaysOnGpuHours += row.alwaysOnGpuHours;
        report.deployments.push_back(std::move(row));
    }
    for (DeploymentCost &row : report.deployments)
        row.share = report.gpuHours > 0 ? row.gpuHours / report.gpuHours : 0;
    std::sort(report.deployments.begin(), report.deployments.end(),
              [](const DeploymentCost &a, const DeploymentCost &b) {
                  if (a.gpuHours != b.gpuHours)
                      return a.gpuHours > b.gpuHours;
                  if (a.app != b.app)
                      return a.app < b.app;
                  return a.deployment < b.deployment;
              });

    report.cost = report.gpuHours * prices.gpuHour;
    report.capacityGpuHours = capacityGpuHours;
    report.idleGpuHours = std::max(0.0, capacityGpuHours - report.gpuHours);
    report.idleCost = report.idleGpuHours * prices.gpuHour;
    return report;
}

} // namespace scaledeck
