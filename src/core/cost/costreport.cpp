// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costreport.h"

#include "leasetotals.h"

#include <QStringList>

#include <algorithm>
#include <optional>
#include <set>
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

// The most spans covering one instant (the store's sweep, leasetotals.h, for the leases given here).
int peakOf(const std::vector<Span> &spans)
{
    std::vector<std::pair<qint64, qint64>> bounds;
    bounds.reserve(spans.size());
    for (const Span &span : spans)
        bounds.emplace_back(span.start, span.end);
    return mostAtOnce(std::move(bounds));
}

struct Accumulator {
    QString app;
    QString deployment;
    std::vector<Span> spans;
    std::optional<int> peak; // when summed from totals (no spans)
    double gpuMs = 0;        // GPU-milliseconds inside the range
    double cpuMs = 0;
    double cost = 0;
    double gpusPerReplica = 0; // the most GPUs one of its leases holds
    double cpusPerReplica = 0;
    std::map<QString, double> gpuMsByAccelerator;

    // The type most of its GPU-hours ran on (the always-on count is priced at it; idle is matched by it).
    QString mainAccelerator() const
    {
        QString best;
        double most = -1;
        for (const auto &[type, ms] : gpuMsByAccelerator) {
            if (ms > most) {
                best = type;
                most = ms;
            }
        }
        return best;
    }
    QString acceleratorLabel() const
    {
        QStringList types;
        for (const auto &entry : gpuMsByAccelerator)
            types.append(entry.first);
        return types.join(QStringLiteral(", "));
    }
};
} // namespace

bool CostReport::historyIncomplete() const
{
    return periodHours - recordedHours > std::max(periodHours * 0.01, 5.0 / 60);
}

namespace {

using Accumulators = std::map<QString, Accumulator>; // by "app/deployment"

Accumulator &accumulatorFor(Accumulators &byName, const QString &app, const QString &deployment)
{
    Accumulator &entry = byName[app + QLatin1Char('/') + deployment];
    entry.app = app;
    entry.deployment = deployment;
    return entry;
}

// Each lease's part of [from, to): its GPU- and CPU-time, its cost, what one replica holds.
void accumulateLeases(Accumulators &byName, const std::vector<GpuLease> &leases, qint64 from, qint64 to,
                      const PriceList &prices)
{
    for (const GpuLease &lease : leases) {
        const Span span = clip(lease, from, to);
        if (span.empty())
            continue;
        Accumulator &entry = accumulatorFor(byName, lease.app, lease.deployment);
        entry.spans.push_back(span);
        const double ms = double(span.end - span.start);
        entry.gpuMs += ms * lease.gpus;
        entry.cpuMs += ms * lease.cpus;
        entry.cost += prices.costOf(lease, ms / kMsPerHour);
        entry.gpuMsByAccelerator[lease.accelerator] += ms * lease.gpus;
        entry.gpusPerReplica = std::max(entry.gpusPerReplica, lease.gpus);
        entry.cpusPerReplica = std::max(entry.cpusPerReplica, lease.cpus);
    }
}

// The same from each deployment's totals of period `period`: a kind's GPU- and CPU-time and cost at once.
void accumulateTotals(Accumulators &byName, const std::vector<DeploymentLeaseTotals> &totals, size_t period,
                      const PriceList &prices)
{
    for (const DeploymentLeaseTotals &deployment : totals) {
        Accumulator *entry = nullptr;
        for (const LeaseKind &kind : deployment.kinds) {
            const qint64 heldMs = kind.heldMs.at(period);
            if (heldMs <= 0)
                continue;
            if (!entry) {
                entry = &accumulatorFor(byName, deployment.app, deployment.deployment);
                entry->peak = deployment.peakLeases.at(period);
            }
            const double ms = double(heldMs);
            GpuLease priced;
            priced.gpus = kind.gpus;
            priced.cpus = kind.cpus;
            priced.accelerator = kind.accelerator;
            entry->gpuMs += ms * kind.gpus;
            entry->cpuMs += ms * kind.cpus;
            entry->cost += prices.costOf(priced, ms / kMsPerHour);
            entry->gpuMsByAccelerator[kind.accelerator] += ms * kind.gpus;
            entry->gpusPerReplica = std::max(entry->gpusPerReplica, kind.gpus);
            entry->cpusPerReplica = std::max(entry->cpusPerReplica, kind.cpus);
        }
    }
}

// A deployment with a configured always-on count is reported even when nothing of it ran: that is the
// whole saving. What one replica holds then comes from any lease given, inside the range or not.
void addIdleAlwaysOnDeployments(Accumulators &byName, const std::vector<GpuLease> &leases,
                                const std::map<QString, int> &alwaysOnReplicas)
{
    for (const auto &configured : alwaysOnReplicas) {
        const QString &name = configured.first;
        if (byName.contains(name))
            continue;
        const qsizetype slash = name.indexOf(QLatin1Char('/'));
        Accumulator &entry = byName[name];
        entry.app = name.left(slash);
        entry.deployment = slash < 0 ? QString() : name.mid(slash + 1);
        for (const GpuLease &lease : leases) {
            if (lease.app == entry.app && lease.deployment == entry.deployment) {
                entry.gpusPerReplica = std::max(entry.gpusPerReplica, lease.gpus);
                entry.cpusPerReplica = std::max(entry.cpusPerReplica, lease.cpus);
                entry.gpuMsByAccelerator.try_emplace(lease.accelerator, 0.0);
            }
        }
    }
}

// The same from the totals: every kind read, inside the period or not.
void addIdleAlwaysOnDeployments(Accumulators &byName, const std::vector<DeploymentLeaseTotals> &totals,
                                const std::map<QString, int> &alwaysOnReplicas)
{
    for (const DeploymentLeaseTotals &deployment : totals) {
        const QString name = deployment.app + QLatin1Char('/') + deployment.deployment;
        if (!alwaysOnReplicas.count(name) || byName.contains(name))
            continue;
        Accumulator &entry = accumulatorFor(byName, deployment.app, deployment.deployment);
        for (const LeaseKind &kind : deployment.kinds) {
            entry.gpusPerReplica = std::max(entry.gpusPerReplica, kind.gpus);
            entry.cpusPerReplica = std::max(entry.cpusPerReplica, kind.cpus);
            entry.gpuMsByAccelerator.try_emplace(kind.accelerator, 0.0);
        }
    }
    addIdleAlwaysOnDeployments(byName, std::vector<GpuLease>(), alwaysOnReplicas); // those without any lease
}

// One deployment's row: what it used, and what it would have cost always on at its configured count (or its
// peak), priced at the accelerator most of its GPU-hours ran on.
DeploymentCost deploymentRow(const QString &name, const Accumulator &entry, double periodHours, const PriceList &prices,
                             const std::map<QString, int> &alwaysOnReplicas)
{
    DeploymentCost row;
    row.app = entry.app;
    row.deployment = entry.deployment;
    row.accelerator = entry.acceleratorLabel();
    row.gpuHours = entry.gpuMs / kMsPerHour;
    row.cpuHours = entry.cpuMs / kMsPerHour;
    row.cost = entry.cost;
    row.peakReplicas = entry.peak ? *entry.peak : peakOf(entry.spans);
    row.gpusPerReplica = entry.gpusPerReplica;
    const auto configured = alwaysOnReplicas.find(name);
    row.alwaysOnConfigured = configured != alwaysOnReplicas.end();
    row.alwaysOnReplicas = row.alwaysOnConfigured ? configured->second : row.peakReplicas;
    row.alwaysOnGpuHours = row.alwaysOnReplicas * row.gpusPerReplica * periodHours;
    row.alwaysOnCost = row.alwaysOnReplicas * periodHours *
                       (row.gpusPerReplica * prices.gpuHourFor(entry.mainAccelerator()) +
                        entry.cpusPerReplica * prices.cpuHour.value_or(0));
    row.reduction = row.alwaysOnGpuHours > 0 ? row.gpuHours / row.alwaysOnGpuHours : 0;
    return row;
}

// The GPU-hours a deployment held while the history was recording (by default, what it used).
double heldGpuHours(const QString &name, const DeploymentCost &row, const RecordedUsage &recorded)
{
    if (!recorded.heldGpuHours)
        return row.gpuHours;
    const auto found = recorded.heldGpuHours->find(name);
    return found == recorded.heldGpuHours->end() ? 0.0 : found->second;
}

void addToTotals(CostReport &report, const DeploymentCost &row)
{
    report.gpuHours += row.gpuHours;
    report.cpuHours += row.cpuHours;
    report.cost += row.cost;
    report.alwaysOnGpuHours += row.alwaysOnGpuHours;
    report.alwaysOnCost += row.alwaysOnCost;
}

// Most GPU-hours first, then by name.
void sortDeployments(std::vector<DeploymentCost> &deployments)
{
    std::sort(deployments.begin(), deployments.end(), [](const DeploymentCost &a, const DeploymentCost &b) {
        if (a.gpuHours != b.gpuHours)
            return a.gpuHours > b.gpuHours;
        if (a.app != b.app)
            return a.app < b.app;
        return a.deployment < b.deployment;
    });
}

std::vector<ApplicationCost> applicationsOf(const std::vector<DeploymentCost> &deployments)
{
    std::map<QString, ApplicationCost> byApp;
    for (const DeploymentCost &row : deployments) {
        ApplicationCost &app = byApp[row.app];
        app.app = row.app;
        app.gpuHours += row.gpuHours;
        app.cost += row.cost;
        app.alwaysOnGpuHours += row.alwaysOnGpuHours;
        app.alwaysOnCost += row.alwaysOnCost;
    }
    std::vector<ApplicationCost> applications;
    for (auto &[name, app] : byApp) {
        app.reduction = app.alwaysOnGpuHours > 0 ? app.gpuHours / app.alwaysOnGpuHours : 0;
        applications.push_back(app);
    }
    std::stable_sort(applications.begin(), applications.end(),
                     [](const ApplicationCost &a, const ApplicationCost &b) { return a.gpuHours > b.gpuHours; });
    return applications;
}

// Capacity and idle, per accelerator type (the untyped rest at the default price). Both cover the recorded
// time only, so a gap in the history neither adds idle nor hides it.
void addCapacityAndIdle(CostReport &report, const RecordedUsage &recorded, std::map<QString, double> &heldByAccelerator,
                        const PriceList &prices)
{
    report.capacityGpuHours = recorded.capacityGpuHours;
    double untypedCapacity = recorded.capacityGpuHours;
    auto addCapacity = [&](const QString &type, double capacity) {
        const double idle = std::max(0.0, capacity - heldByAccelerator[type]);
        report.capacityCost += capacity * prices.gpuHourFor(type);
        report.idleGpuHours += idle;
        report.idleCost += idle * prices.gpuHourFor(type);
    };
    for (const auto &[type, capacity] : recorded.capacityByAccelerator) {
        untypedCapacity -= capacity;
        addCapacity(type, capacity);
    }
    addCapacity(QString(), std::max(0.0, untypedCapacity));
}

// Every accelerator type seen: in the cluster's capacity or in a deployment's leases.
QStringList acceleratorsSeen(const RecordedUsage &recorded, const Accumulators &byName)
{
    std::set<QString> types;
    for (const auto &entry : recorded.capacityByAccelerator)
        types.insert(entry.first);
    for (const auto &entry : byName) {
        for (const auto &typed : entry.second.gpuMsByAccelerator) {
            if (!typed.first.isEmpty())
                types.insert(typed.first);
        }
    }
    return QStringList(types.begin(), types.end());
}

} // namespace

namespace {
struct Range {
    qint64 from = 0;
    qint64 to = 0;
};

Range rangeOf(const QDateTime &fromUtc, const QDateTime &toUtc)
{
    const qint64 from = fromUtc.toMSecsSinceEpoch();
    return Range{from, std::max(from, toUtc.toMSecsSinceEpoch())};
}

// The report of the deployments accumulated over [fromUtc, toUtc).
CostReport reportOf(const Accumulators &byName, const RecordedUsage &recorded, const QDateTime &fromUtc,
                    const QDateTime &toUtc, const PriceList &prices, const std::map<QString, int> &alwaysOnReplicas)
{
    CostReport report;
    report.fromUtc = fromUtc.toUTC();
    report.toUtc = toUtc.toUTC();
    report.currency = prices.currency;
    const Range range = rangeOf(fromUtc, toUtc);
    report.periodHours = double(range.to - range.from) / kMsPerHour;
    report.recordedHours = recorded.recordedHours;

    std::map<QString, double> heldByAccelerator; // GPU-hours held while recording, by the deployments' types
    for (const auto &[name, entry] : byName) {
        DeploymentCost row = deploymentRow(name, entry, report.periodHours, prices, alwaysOnReplicas);
        const QString type = entry.mainAccelerator();
        heldByAccelerator[recorded.capacityByAccelerator.count(type) ? type : QString()] +=
            heldGpuHours(name, row, recorded);
        addToTotals(report, row);
        report.deployments.push_back(std::move(row));
    }
    for (DeploymentCost &row : report.deployments)
        row.share = report.gpuHours > 0 ? row.gpuHours / report.gpuHours : 0;
    sortDeployments(report.deployments);
    report.savedCost = std::max(0.0, report.alwaysOnCost - report.cost);
    report.applications = applicationsOf(report.deployments);
    addCapacityAndIdle(report, recorded, heldByAccelerator, prices);
    report.accelerators = acceleratorsSeen(recorded, byName);
    return report;
}
} // namespace

CostReport computeCost(const std::vector<GpuLease> &leases, const RecordedUsage &recorded, const QDateTime &fromUtc,
                       const QDateTime &toUtc, const PriceList &prices, const std::map<QString, int> &alwaysOnReplicas)
{
    const Range range = rangeOf(fromUtc, toUtc);
    Accumulators byName;
    accumulateLeases(byName, leases, range.from, range.to, prices);
    addIdleAlwaysOnDeployments(byName, leases, alwaysOnReplicas);
    return reportOf(byName, recorded, fromUtc, toUtc, prices, alwaysOnReplicas);
}

CostReport computeCost(const std::vector<DeploymentLeaseTotals> &totals, size_t period, const RecordedUsage &recorded,
                       const QDateTime &fromUtc, const QDateTime &toUtc, const PriceList &prices,
                       const std::map<QString, int> &alwaysOnReplicas)
{
    Accumulators byName;
    accumulateTotals(byName, totals, period, prices);
    addIdleAlwaysOnDeployments(byName, totals, alwaysOnReplicas);
    return reportOf(byName, recorded, fromUtc, toUtc, prices, alwaysOnReplicas);
}

} // namespace scaledeck
