// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "displayformat.h"

#include "capacitycheck.h"
#include "contrast.h"
#include "placementwaits.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace scaledeck {

// "3/5 (2 wait for GPUs)": replicas Ray has not placed are named for what they wait for, not as "starting".
QString replicasText(const DeploymentSnapshot &deployment)
{
    QString text = QStringLiteral("%1/%2").arg(deployment.runningReplicas).arg(deployment.targetReplicas);
    QStringList moving;
    const int waiting = deployment.replicasWaitingForPlacement();
    if (waiting > 0)
        moving.append(placementWaitShort(deployment));
    for (auto it = deployment.replicasByState.cbegin(); it != deployment.replicasByState.cend(); ++it) {
        const int count = it.key() == QStringLiteral("STARTING") ? it.value() - waiting : it.value();
        if (it.key() != QStringLiteral("RUNNING") && count > 0)
            moving.append(QStringLiteral("%1 %2").arg(count).arg(it.key().toLower()));
    }
    if (!moving.isEmpty())
        text += QStringLiteral(" (%1)").arg(moving.join(QStringLiteral(", ")));
    return text;
}

int editorMaximum(const DeploymentSnapshot &deployment, double gpusTotal)
{
    int maximum = deployment.targetReplicas;
    if (deployment.autoscaling)
        maximum = std::max(maximum, deployment.autoscaling->maxReplicas);
    if (deployment.gpusPerReplica > 0)
        maximum = std::max(maximum, std::max(1, int(std::floor(gpusTotal / deployment.gpusPerReplica + 1e-9))));
    else
        maximum = std::max(maximum, 8);
    return maximum;
}

QString editorRangeReason(const DeploymentSnapshot &deployment, double gpusTotal)
{
    const int maximum = editorMaximum(deployment, gpusTotal);
    if (deployment.gpusPerReplica > 0 &&
        maximum == std::max(1, int(std::floor(gpusTotal / deployment.gpusPerReplica + 1e-9))))
        return QCoreApplication::translate("DisplayFormat",
                                           "Up to %n: room for %n replica(s) of %1 each in the "
                                           "cluster's %2",
                                           nullptr, maximum)
            .arg(gpuCount(deployment.gpusPerReplica), gpuCount(gpusTotal));
    if (deployment.autoscaling && maximum == deployment.autoscaling->maxReplicas)
        return QStringLiteral("Up to %1: its autoscaling maximum").arg(maximum);
    if (maximum == deployment.targetReplicas)
        return QStringLiteral("Up to %1: its current target").arg(maximum);
    return QStringLiteral("Up to %1 for a deployment without GPUs").arg(maximum);
}

namespace {
// A status's colour for a light background and one for a dark background.
struct StatusColours {
    QColor onLight;
    QColor onDark;
};

StatusColours statusColours(const QString &status)
{
    static const QStringList good = {QStringLiteral("RUNNING"), QStringLiteral("HEALTHY")};
    static const QStringList bad = {QStringLiteral("DEPLOY_FAILED"), QStringLiteral("UNHEALTHY")};
    if (good.contains(status))
        return {QColor(0x1b, 0x7a, 0x2e), QColor(0x66, 0xbb, 0x6a)};
    if (bad.contains(status))
        return {QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x6c, 0x6a)};
    if (status == QStringLiteral("PARKED"))
        return {QColor(0x5e, 0x35, 0xb1), QColor(0xb3, 0x9d, 0xdb)};
    return {QColor(0xb2, 0x5e, 0x00), QColor(0xff, 0xa7, 0x26)}; // deploying, scaling, deleting: something is in motion
}
} // namespace

QColor statusColour(const QString &status, const QColor &background)
{
    const StatusColours colours = statusColours(status);
    return contrastRatio(colours.onLight, background) >= contrastRatio(colours.onDark, background) ? colours.onLight
                                                                                                   : colours.onDark;
}

QColor statusColour(const QString &status)
{
    return statusColour(status, QGuiApplication::palette().color(QPalette::Base));
}

} // namespace scaledeck
