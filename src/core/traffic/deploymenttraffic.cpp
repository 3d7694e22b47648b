// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "deploymenttraffic.h"

#include <algorithm>

namespace scaledeck {

QString trafficSourceName(TrafficSource source)
{
    switch (source) {
    case TrafficSource::Prometheus:
        return QStringLiteral("prometheus");
    case TrafficSource::Nodes:
        return QStringLiteral("nodes");
    }
    return QStringLiteral("prometheus");
}

const DeploymentTraffic *TrafficReading::find(const QString &app, const QString &deployment) const
{
    auto it = std::find_if(deployments.begin(), deployments.end(), [&](const DeploymentTraffic &traffic) {
        return traffic.app == app && traffic.deployment == deployment;
    });
    return it == deployments.end() ? nullptr : &*it;
}

} // namespace scaledeck
