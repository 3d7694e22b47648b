// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Before a park or a scale-down, what each target served in the last 5 minutes: a busy deployment is never parked by
// surprise from the command line either.
#include "ctlclustercommands.h"
#include "ctlcontext.h"
#include "prometheustraffic.h"
#include "recentserving.h"
#include "servingreduction.h"

namespace scaledeck {

namespace {
constexpr std::chrono::minutes kRecent{5};

Result<RecentRequestCount> recentRequestsNow(PrometheusClient &prometheus, const ReducedServing &target)
{
    PrometheusRecentRequests probe(&prometheus);
    QObject receiver; // owns the request: none outlives this function
    return awaitAnswer<RecentRequestCount>(
        [&](auto done) { probe.recentRequests(&receiver, target.app, target.deployment, kRecent, done); });
}
} // namespace

void warnOfRecentTraffic(const CtlCommand &command, CtlContext &context, const ClusterSnapshot &snapshot,
                         const ChangeSet &changes, bool dryRun)
{
    const std::vector<ReducedServing> reduced = reducedServing(snapshot, changes);
    auto address = prometheusAddress(QString(), command.environment);
    if (reduced.empty() || !address || address->isEmpty())
        return; // no Prometheus configured: nothing to say (scaledeckctl traffic reads the nodes on request)
    PrometheusClient prometheus(&context.network, *address, 5000);
    for (const ReducedServing &target : reduced) {
        const auto count = recentRequestsNow(prometheus, target);
        QString line;
        if (!count)
            line = QStringLiteral("traffic of %1 unknown: %2").arg(target.target(), count.error().message);
        else if (count->requests >= 0.5)
            line = QStringLiteral("%1 served %2 requests in the last 5 min (%3 a minute); %4")
                       .arg(target.target())
                       .arg(std::llround(count->requests))
                       .arg(count->perMinute, 0, 'f', 1)
                       .arg(describeServingChange(target));
        else
            line = QStringLiteral("%1 served no request in the last 5 min").arg(target.target());
        if (dryRun)
            context.out << "# traffic: " << line << '\n';
        else if (!count || count->requests >= 0.5)
            context.err << "scaledeckctl: warning: " << line << Qt::endl;
    }
}

} // namespace scaledeck
