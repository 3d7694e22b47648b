// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costreportjson.h"

#include <QLocale>

namespace scaledeck {

namespace {
using Json = nlohmann::json;

std::string instantText(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toUTC(), QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")).toStdString();
}

QString textOf(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

double numberOf(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

QDateTime instantOf(const Json &object, const char *key)
{
    QDateTime at = QDateTime::fromString(textOf(object, key), Qt::ISODate);
    return at.isValid() && at.timeSpec() != Qt::LocalTime ? at.toUTC() : QDateTime();
}

OrderedJson deploymentJson(const DeploymentCost &row)
{
    return OrderedJson{{"app", row.app.toStdString()},
                       {"deployment", row.deployment.toStdString()},
                       {"accelerator", row.accelerator.toStdString()},
                       {"gpu_hours", row.gpuHours},
                       {"cpu_hours", row.cpuHours},
                       {"cost", row.cost},
                       {"always_on_replicas", row.alwaysOnReplicas},
                       {"always_on_from", row.alwaysOnConfigured ? "configured" : "peak"},
                       {"always_on_gpu_hours", row.alwaysOnGpuHours},
                       {"always_on_cost", row.alwaysOnCost},
                       {"reduction", row.reduction},
                       {"share", row.share},
                       {"peak_replicas", row.peakReplicas},
                       {"gpus_per_replica", row.gpusPerReplica}};
}

DeploymentCost deploymentOf(const Json &json)
{
    DeploymentCost row;
    row.app = textOf(json, "app");
    row.deployment = textOf(json, "deployment");
    row.accelerator = textOf(json, "accelerator");
    row.gpuHours = numberOf(json, "gpu_hours");
    row.cpuHours = numberOf(json, "cpu_hours");
    row.cost = numberOf(json, "cost");
    row.alwaysOnReplicas = int(numberOf(json, "always_on_replicas"));
    row.alwaysOnConfigured = textOf(json, "always_on_from") == QStringLiteral("configured");
    row.alwaysOnGpuHours = numberOf(json, "always_on_gpu_hours");
    row.alwaysOnCost = numberOf(json, "always_on_cost");
    row.reduction = numberOf(json, "reduction");
    row.share = numberOf(json, "share");
    row.peakReplicas = int(numberOf(json, "peak_replicas"));
    row.gpusPerReplica = numberOf(json, "gpus_per_replica");
    return row;
}

ApplicationCost applicationOf(const Json &json)
{
    return ApplicationCost{.app = textOf(json, "app"),
                           .gpuHours = numberOf(json, "gpu_hours"),
                           .cost = numberOf(json, "cost"),
                           .alwaysOnGpuHours = numberOf(json, "always_on_gpu_hours"),
                           .alwaysOnCost = numberOf(json, "always_on_cost"),
                           .reduction = numberOf(json, "reduction")};
}
} // namespace

OrderedJson costReportJson(const CostReport &report)
{
    OrderedJson deployments = OrderedJson::array();
    for (const DeploymentCost &row : report.deployments)
        deployments.push_back(deploymentJson(row));
    OrderedJson applications = OrderedJson::array();
    for (const ApplicationCost &app : report.applications) {
        applications.push_back(OrderedJson{{"app", app.app.toStdString()},
                                           {"gpu_hours", app.gpuHours},
                                           {"cost", app.cost},
                                           {"always_on_gpu_hours", app.alwaysOnGpuHours},
                                           {"always_on_cost", app.alwaysOnCost},
                                           {"reduction", app.reduction}});
    }
    return OrderedJson{{"from_utc", instantText(report.fromUtc)},
                       {"to_utc", instantText(report.toUtc)},
                       {"period_hours", report.periodHours},
                       {"recorded_hours", report.recordedHours},
                       {"currency", report.currency.toStdString()},
                       {"deployments", std::move(deployments)},
                       {"applications", std::move(applications)},
                       {"gpu_hours", report.gpuHours},
                       {"cpu_hours", report.cpuHours},
                       {"cost", report.cost},
                       {"always_on_gpu_hours", report.alwaysOnGpuHours},
                       {"always_on_cost", report.alwaysOnCost},
                       {"saved", report.savedCost},
                       {"capacity_gpu_hours", report.capacityGpuHours},
                       {"capacity_cost", report.capacityCost},
                       {"idle_gpu_hours", report.idleGpuHours},
                       {"idle_cost", report.idleCost}};
}

Result<CostReport, QString> costReportFromJson(const nlohmann::json &json)
{
    if (!json.is_object())
        return QStringLiteral("the cost report is not a JSON object");
    CostReport report;
    report.fromUtc = instantOf(json, "from_utc");
    report.toUtc = instantOf(json, "to_utc");
    if (!report.fromUtc.isValid() || !report.toUtc.isValid())
        return QStringLiteral("the cost report has no from_utc and to_utc instants");
    const auto deployments = json.find("deployments");
    const auto applications = json.find("applications");
    if (deployments == json.end() || !deployments->is_array() || applications == json.end() ||
        !applications->is_array())
        return QStringLiteral("the cost report has no deployments and applications lists");
    for (const Json &row : *deployments)
        report.deployments.push_back(deploymentOf(row));
    for (const Json &app : *applications)
        report.applications.push_back(applicationOf(app));
    report.currency = textOf(json, "currency");
    report.periodHours = numberOf(json, "period_hours");
    report.recordedHours = numberOf(json, "recorded_hours");
    report.gpuHours = numberOf(json, "gpu_hours");
    report.cpuHours = numberOf(json, "cpu_hours");
    report.cost = numberOf(json, "cost");
    report.alwaysOnGpuHours = numberOf(json, "always_on_gpu_hours");
    report.alwaysOnCost = numberOf(json, "always_on_cost");
    report.savedCost = numberOf(json, "saved");
    report.capacityGpuHours = numberOf(json, "capacity_gpu_hours");
    report.capacityCost = numberOf(json, "capacity_cost");
    report.idleGpuHours = numberOf(json, "idle_gpu_hours");
    report.idleCost = numberOf(json, "idle_cost");
    return report;
}

} // namespace scaledeck
