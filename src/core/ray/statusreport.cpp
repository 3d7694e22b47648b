// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "statusreport.h"

#include <QTextStream>

#include <cmath>

namespace scaledeck {

QString formatAmount(double value)
{
    return QString::number(value, 'g', 6);
}

QString gpuNoun(double gpus)
{
    return std::abs(gpus - 1) < 1e-9 ? QStringLiteral("GPU") : QStringLiteral("GPUs");
}

QString gpuCount(double gpus, const QString &accelerator)
{
    return accelerator.isEmpty() ? QStringLiteral("%1 %2").arg(formatAmount(gpus), gpuNoun(gpus))
                                 : QStringLiteral("%1 %2 %3").arg(formatAmount(gpus), accelerator, gpuNoun(gpus));
}

OrderedJson statusJson(const ClusterSnapshot &snapshot)
{
    OrderedJson applications = OrderedJson::array();
    for (const auto &app : snapshot.applications) {
        OrderedJson deployments = OrderedJson::array();
        for (const auto &deployment : app.deployments) {
            OrderedJson byState = OrderedJson::object();
            for (auto it = deployment.replicasByState.cbegin(); it != deployment.replicasByState.cend(); ++it)
                byState[it.key().toStdString()] = it.value();
            OrderedJson autoscaling;
            if (deployment.autoscaling)
                autoscaling = OrderedJson{{"min_replicas", deployment.autoscaling->minReplicas},
                                          {"max_replicas", deployment.autoscaling->maxReplicas}};
            deployments.push_back(OrderedJson{{"name", deployment.name.toStdString()},
                                              {"status", deployment.status.toStdString()},
                                              {"target_replicas", deployment.targetReplicas},
                                              {"running_replicas", deployment.runningReplicas},
                                              {"replicas_by_state", std::move(byState)},
                                              {"gpus_per_replica", deployment.gpusPerReplica},
                                              {"gpus_held", deployment.gpusHeld},
                                              {"autoscaling", std::move(autoscaling)}});
        }
        applications.push_back(OrderedJson{{"name", app.name.toStdString()},
                                           {"status", app.status.toStdString()},
                                           {"source", app.source.toStdString()},
                                           {"parked", app.parked},
                                           {"deployments", std::move(deployments)}});
    }
    return OrderedJson{{"ray_version", snapshot.rayVersion.toStdString()},
                       {"gpus_total", snapshot.gpusTotal},
                       {"gpus_held", snapshot.gpusHeld()},
                       {"applications", std::move(applications)}};
}

QString statusText(const ClusterSnapshot &snapshot)
{
    QString text;
    QTextStream out(&text);
    out << "Ray " << snapshot.rayVersion << "   GPUs held " << formatAmount(snapshot.gpusHeld()) << " of "
        << formatAmount(snapshot.gpusTotal) << "   nodes " << snapshot.nodesAlive << "\n";
    if (snapshot.applications.empty()) {
        out << "No Serve applications.\n";
        return text;
    }
    out << qSetFieldWidth(34) << Qt::left << "APPLICATION/DEPLOYMENT" << qSetFieldWidth(15) << "STATUS"
        << qSetFieldWidth(12) << "RUNNING/TGT" << qSetFieldWidth(10) << "GPU/REPL" << qSetFieldWidth(10) << "GPUS HELD"
        << qSetFieldWidth(0) << "AUTOSCALING\n";
    for (const auto &app : snapshot.applications) {
        QString label = app.name;
        if (!app.isDeclarative() && !app.parked)
            label += QStringLiteral(" (") + app.source + QStringLiteral(", read-only)");
        out << qSetFieldWidth(34) << label << qSetFieldWidth(15) << app.status << qSetFieldWidth(12) << ""
            << qSetFieldWidth(10) << "" << qSetFieldWidth(10) << formatAmount(app.gpusHeld()) << qSetFieldWidth(0)
            << "\n";
        for (const auto &deployment : app.deployments) {
            QString replicas = QStringLiteral("%1/%2").arg(deployment.runningReplicas).arg(deployment.targetReplicas);
            QStringList transitions;
            for (auto it = deployment.replicasByState.cbegin(); it != deployment.replicasByState.cend(); ++it)
                if (it.key() != QStringLiteral("RUNNING"))
                    transitions.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key().toLower()));
            out << qSetFieldWidth(34) << (QStringLiteral("  ") + deployment.name) << qSetFieldWidth(15)
                << deployment.status << qSetFieldWidth(12) << replicas << qSetFieldWidth(10)
                << formatAmount(deployment.gpusPerReplica) << qSetFieldWidth(10) << formatAmount(deployment.gpusHeld)
                << qSetFieldWidth(0)
                << (deployment.autoscaling ? QStringLiteral("%1..%2")
                                                 .arg(deployment.autoscaling->minReplicas)
                                                 .arg(deployment.autoscaling->maxReplicas)
                                           : QStringLiteral("-"));
            if (!transitions.isEmpty())
                out << "  (" << transitions.join(QStringLiteral(", ")) << ")";
            out << "\n";
        }
    }
    return text;
}

} // namespace scaledeck
