// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace scaledeck {

// A stretch of time asked about: [fromUtc, toUtc). Both bounds valid.
struct TimeRange {
    QDateTime fromUtc;
    QDateTime toUtc;
};

// A deployment's leases of one kind: the same accelerator type, GPUs and CPUs per replica (what prices a lease).
struct LeaseKind {
    QString accelerator;
    double gpus = 0;
    double cpus = 0;
    // Per period asked: the leases' time inside it, each lease clipped to it (an active one counts up to its end).
    std::vector<qint64> heldMs;
};

// One lease as the totals read it: its times and which of the deployment's kinds it is.
struct LeaseSpan {
    qint64 startMs = 0;
    std::optional<qint64> endMs; // none while active
    int kind = 0;                // index into DeploymentLeaseTotals::kinds
};

// What cost reports need of one deployment's leases, without the leases: per kind and period their time, per period
// the most of them holding at one instant (its peak replicas).
struct DeploymentLeaseTotals {
    QString app;
    QString deployment;
    std::vector<LeaseKind> kinds; // of every lease that overlaps the range read, in the order first seen
    std::vector<int> peakLeases;  // per period
};

// Called once per deployment with its totals and its leases that overlap the range read, by start (then kind): for
// what a caller needs of the leases beyond the totals, without copying them.
using DeploymentLeaseVisitor =
    std::function<void(const DeploymentLeaseTotals &totals, const std::vector<LeaseSpan> &leases)>;

// Folds one deployment's leases, given in any order, into its totals over `periods`.
class LeaseTotalsBuilder {
public:
    LeaseTotalsBuilder(QString app, QString deployment, const std::vector<TimeRange> &periods);
    void add(const QString &accelerator, double gpus, double cpus, qint64 startMs, std::optional<qint64> endMs);
    // The totals (peaks computed), once; leases() then holds the leases by start.
    DeploymentLeaseTotals finish();
    const std::vector<LeaseSpan> &leases() const { return m_leases; }
    const QString &app() const { return m_totals.app; }
    const QString &deployment() const { return m_totals.deployment; }

private:
    int kindOf(const QString &accelerator, double gpus, double cpus);

    const std::vector<TimeRange> &m_periods;
    std::vector<std::pair<qint64, qint64>> m_bounds; // the periods in ms
    DeploymentLeaseTotals m_totals;
    std::vector<LeaseSpan> m_leases;
};

// The most half-open spans [start, end) covering one instant (one ending where another starts does not count twice).
int mostAtOnce(std::vector<std::pair<qint64, qint64>> spans);

} // namespace scaledeck
