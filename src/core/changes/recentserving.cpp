// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "recentserving.h"

#include <QStringList>

#include <cmath>

namespace scaledeck {

namespace {
// Below half a request the counter did not move: Prometheus' increase() extrapolates, so a quiet window can read
// 0.2 (the same threshold the CLI and the controller use).
constexpr double kServedRequests = 0.5;

double requestsIn(const DeploymentTraffic &traffic, int windowS)
{
    return *traffic.requestsPerS * windowS;
}

RecentServing describeDeployment(const ReducedServing &target, const TrafficReading &reading)
{
    RecentServing line{target.target(), QString(), false, false};
    const DeploymentTraffic *traffic = reading.find(target.app, target.deployment);
    const QString window = describeWindow(reading.windowS);
    if (!traffic || !traffic->requestsPerS) {
        line.text = QStringLiteral("%1: traffic in the last %2 unknown (no figure of it from %3)")
                        .arg(line.target, window, reading.sourceAddress);
        return line;
    }
    line.known = true;
    const double requests = requestsIn(*traffic, reading.windowS);
    line.served = requests >= kServedRequests;
    line.text = line.served ? QStringLiteral("%1 served %2 requests in the last %3 (%4 req/s); %5")
                                  .arg(line.target, QString::number(std::llround(requests)), window)
                                  .arg(*traffic->requestsPerS, 0, 'f', 2)
                                  .arg(describeServingChange(target))
                            : QStringLiteral("%1 served no request in the last %2").arg(line.target, window);
    return line;
}

RecentServing describeApplication(const ReducedServing &target, const TrafficReading &reading)
{
    RecentServing line{target.target(), QString(), false, false};
    QStringList figures;
    bool unknown = false;
    for (const DeploymentTraffic &traffic : reading.deployments) {
        if (traffic.app != target.app)
            continue;
        if (!traffic.requestsPerS) {
            unknown = true;
            figures << QStringLiteral("%1 unknown").arg(traffic.deployment);
            continue;
        }
        line.served = line.served || requestsIn(traffic, reading.windowS) >= kServedRequests;
        figures << QStringLiteral("%1 %2 req/s").arg(traffic.deployment).arg(*traffic.requestsPerS, 0, 'f', 2);
    }
    const QString window = describeWindow(reading.windowS);
    line.known = !figures.isEmpty() && (line.served || !unknown);
    if (figures.isEmpty())
        line.text = QStringLiteral("%1: traffic in the last %2 unknown (no figure of its deployments from %3)")
                        .arg(line.target, window, reading.sourceAddress);
    else if (line.served)
        line.text = QStringLiteral("%1 served requests in the last %2 (%3); %4")
                        .arg(line.target, window, figures.join(QStringLiteral(", ")), describeServingChange(target));
    else if (!line.known)
        line.text = QStringLiteral("%1: traffic in the last %2 unknown (%3)")
                        .arg(line.target, window, figures.join(QStringLiteral(", ")));
    else
        line.text = QStringLiteral("%1 served no request in the last %2").arg(line.target, window);
    return line;
}
} // namespace

QString describeServingChange(const ReducedServing &target)
{
    if (target.deployment.isEmpty())
        return QStringLiteral("parking it leaves nothing to answer them");
    if (target.after == 0)
        return QStringLiteral("scaling it to 0 leaves nothing to answer them");
    return QStringLiteral("%1 of %2 replicas would take them").arg(target.after).arg(target.runningNow);
}

QString describeWindow(int windowS)
{
    return windowS % 60 == 0 ? QStringLiteral("%1 min").arg(windowS / 60) : QStringLiteral("%1 s").arg(windowS);
}

std::vector<RecentServing> describeRecentServing(const std::vector<ReducedServing> &reduced,
                                                 const TrafficReading &reading)
{
    std::vector<RecentServing> lines;
    lines.reserve(reduced.size());
    for (const ReducedServing &target : reduced)
        lines.push_back(target.deployment.isEmpty() ? describeApplication(target, reading)
                                                    : describeDeployment(target, reading));
    return lines;
}

} // namespace scaledeck
