// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "leasetotals.h"

#include <algorithm>
#include <utility>

namespace scaledeck {

int mostAtOnce(std::vector<std::pair<qint64, qint64>> spans)
{
    std::vector<std::pair<qint64, int>> events; // (time, +1 start / -1 end)
    events.reserve(spans.size() * 2);
    for (const auto &[start, end] : spans) {
        events.emplace_back(start, +1);
        events.emplace_back(end, -1);
    }
    std::sort(events.begin(), events.end()); // -1 sorts before +1 at the same time
    int current = 0;
    int most = 0;
    for (const auto &event : events) {
        current += event.second;
        most = std::max(most, current);
    }
    return most;
}

LeaseTotalsBuilder::LeaseTotalsBuilder(QString app, QString deployment, const std::vector<TimeRange> &periods)
    : m_periods(periods)
{
    m_totals.app = std::move(app);
    m_totals.deployment = std::move(deployment);
    m_totals.peakLeases.assign(periods.size(), 0);
    for (const TimeRange &period : periods) {
        const qint64 from = period.fromUtc.toMSecsSinceEpoch();
        m_bounds.emplace_back(from, std::max(from, period.toUtc.toMSecsSinceEpoch()));
    }
}

int LeaseTotalsBuilder::kindOf(const QString &accelerator, double gpus, double cpus)
{
    // A deployment has one kind, or a few after a change of its config: a linear search is the quickest.
    for (size_t i = 0; i < m_totals.kinds.size(); ++i) {
        const LeaseKind &kind = m_totals.kinds[i];
        if (kind.gpus == gpus && kind.cpus == cpus && kind.accelerator == accelerator)
            return int(i);
    }
    m_totals.kinds.push_back(LeaseKind{accelerator, gpus, cpus, std::vector<qint64>(m_periods.size(), 0)});
    return int(m_totals.kinds.size() - 1);
}

void LeaseTotalsBuilder::add(const QString &accelerator, double gpus, double cpus, qint64 startMs,
                             std::optional<qint64> endMs)
{
    const int kind = kindOf(accelerator, gpus, cpus);
    m_leases.push_back(LeaseSpan{startMs, endMs, kind});
    std::vector<qint64> &held = m_totals.kinds[size_t(kind)].heldMs;
    for (size_t p = 0; p < m_bounds.size(); ++p) {
        const auto [from, to] = m_bounds[p];
        const qint64 clipped = std::min(endMs.value_or(to), to) - std::max(startMs, from);
        if (clipped > 0)
            held[p] += clipped;
    }
}

DeploymentLeaseTotals LeaseTotalsBuilder::finish()
{
    // By start; at the same start by kind (the leases may come in any order).
    std::sort(m_leases.begin(), m_leases.end(), [](const LeaseSpan &a, const LeaseSpan &b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.kind < b.kind;
    });
    // The kinds in the order their first lease started, as if the leases had come by start.
    std::vector<int> renumbered(m_totals.kinds.size(), -1);
    std::vector<LeaseKind> kinds;
    for (LeaseSpan &lease : m_leases) {
        int &kind = renumbered[size_t(lease.kind)];
        if (kind < 0) {
            kind = int(kinds.size());
            kinds.push_back(std::move(m_totals.kinds[size_t(lease.kind)]));
        }
        lease.kind = kind;
    }
    m_totals.kinds = std::move(kinds);
    std::vector<std::pair<qint64, qint64>> spans;
    for (size_t p = 0; p < m_bounds.size(); ++p) {
        const auto [from, to] = m_bounds[p];
        spans.clear();
        for (const LeaseSpan &lease : m_leases) {
            const qint64 start = std::max(lease.startMs, from);
            const qint64 end = std::min(lease.endMs.value_or(to), to);
            if (end > start)
                spans.emplace_back(start, end);
        }
        m_totals.peakLeases[p] = mostAtOnce(spans);
    }
    return std::move(m_totals);
}

} // namespace scaledeck
