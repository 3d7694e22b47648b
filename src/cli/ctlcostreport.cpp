// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `cost [--since ISO8601] [--until ISO8601] [--json]`: GPU-hours, cost, always-on GPU-hours and reduction per
// deployment, and the cluster's capacity and idle GPU-hours, from the recorded history (no cluster needed).
#include "ctlcommands.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"
#include "historystore.h"
#include "periodreport.h"
#include "pricestore.h"

#include <QTimeZone>

namespace scaledeck {

namespace {
constexpr qint64 kDefaultDays = 7;

OrderedJson reportJson(const CostReport &report)
{
    OrderedJson deployments = OrderedJson::array();
    for (const DeploymentCost &row : report.deployments) {
        deployments.push_back(OrderedJson{{"app", row.app.toStdString()},
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
                                          {"gpus_per_replica", row.gpusPerReplica}});
    }
    OrderedJson applications = OrderedJson::array();
    for (const ApplicationCost &app : report.applications) {
        applications.push_back(OrderedJson{{"app", app.app.toStdString()},
                                           {"gpu_hours", app.gpuHours},
                                           {"cost", app.cost},
                                           {"always_on_gpu_hours", app.alwaysOnGpuHours},
                                           {"always_on_cost", app.alwaysOnCost},
                                           {"reduction", app.reduction}});
    }
    return OrderedJson{{"from_utc", isoUtc(report.fromUtc).toStdString()},
                       {"to_utc", isoUtc(report.toUtc).toStdString()},
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

// 0.298, 0.00298; "-" when there is nothing to compare with.
QString reductionText(const DeploymentCost &row)
{
    return row.alwaysOnGpuHours > 0 ? QString::number(row.reduction, 'g', 3) : QStringLiteral("-");
}

QString percentText(double share)
{
    return QString::number(share * 100, 'f', 1) + QLatin1Char('%');
}

void printReport(CostCommand &command, const CostReport &report, const QTimeZone &local)
{
    QTextStream &out = command.out;
    const double hours = double(report.fromUtc.msecsTo(report.toUtc)) / 3600000.0;
    out << "GPU use on " << command.clusterKey << " from " << shownLocal(report.fromUtc, local) << " to "
        << shownLocal(report.toUtc, local) << " (" << QString::number(hours, 'f', 1) << " h)\n\n";
    if (report.deployments.empty()) {
        out << "No replica held GPUs in this period.\n";
    } else {
        std::vector<QStringList> rows;
        rows.push_back({QStringLiteral("APP/DEPLOYMENT"), QStringLiteral("TYPE"), QStringLiteral("GPU-H"),
                        QStringLiteral("COST ") + report.currency, QStringLiteral("ALWAYS-ON"),
                        QStringLiteral("ALWAYS-ON GPU-H"), QStringLiteral("REDUCTION"), QStringLiteral("SHARE")});
        bool anyConfigured = false;
        for (const DeploymentCost &row : report.deployments) {
            anyConfigured = anyConfigured || row.alwaysOnConfigured;
            rows.push_back(
                {row.app + QLatin1Char('/') + row.deployment,
                 row.accelerator.isEmpty() ? QStringLiteral("-") : row.accelerator, hoursText(row.gpuHours),
                 QString::number(row.cost, 'f', 2),
                 QString::number(row.alwaysOnReplicas) + (row.alwaysOnConfigured ? QStringLiteral("*") : QString()),
                 hoursText(row.alwaysOnGpuHours), reductionText(row), percentText(row.share)});
        }
        rows.push_back({QStringLiteral("total"), QString(), hoursText(report.gpuHours),
                        QString::number(report.cost, 'f', 2), QString(), hoursText(report.alwaysOnGpuHours),
                        report.alwaysOnGpuHours > 0 ? QString::number(report.gpuHours / report.alwaysOnGpuHours, 'g', 3)
                                                    : QStringLiteral("-"),
                        report.gpuHours > 0 ? percentText(1) : QStringLiteral("-")});
        for (const QString &line : tableRows(rows, QStringLiteral("LLRRRRRR")))
            out << line << "\n";
        out << "\nREDUCTION is GPU-hours / ALWAYS-ON GPU-H: ALWAYS-ON replicas held all period (0.30 is 50 of 168 "
               "hours).\n";
        out << "ALWAYS-ON is the peak" << (anyConfigured ? ", or a count set with `scaledeckctl always-on` (*)" : "")
            << ". Scaling saved " << moneyText(report.currency, report.savedCost) << " against always-on ("
            << moneyText(report.currency, report.alwaysOnCost) << ").\n";
        if (report.applications.size() < report.deployments.size()) { // some app has several deployments
            QStringList apps;
            for (const ApplicationCost &app : report.applications)
                apps.append(QStringLiteral("%1 %2 GPU-h (%3)")
                                .arg(app.app, hoursText(app.gpuHours), moneyText(report.currency, app.cost)));
            out << "By application: " << apps.join(QStringLiteral(", ")) << ".\n";
        }
        if (report.cpuHours > 0)
            out << "Cost includes " << hoursText(report.cpuHours) << " CPU-hours of the GPU replicas.\n";
    }
    out << "Capacity " << hoursText(report.capacityGpuHours) << " GPU-h (the nodes' GPUs, "
        << moneyText(report.currency, report.capacityCost) << "), held "
        << hoursText(report.capacityGpuHours - report.idleGpuHours) << ", idle " << hoursText(report.idleGpuHours)
        << " GPU-h (" << moneyText(report.currency, report.idleCost) << ").\n";
    if (report.historyIncomplete())
        out << "History covers " << QString::number(report.recordedHours, 'f', 1) << " of "
            << QString::number(report.periodHours, 'f', 1)
            << " h (nothing was recording for the rest): capacity and idle count the covered time only; GPU-hours "
               "count each replica's whole life.\n";
    out.flush();
}
} // namespace

QString moneyText(const QString &currency, double amount)
{
    return currency + QLatin1Char(' ') + QString::number(amount, 'f', 2);
}

QString hoursText(double hours)
{
    return QString::number(hours, 'f', 2);
}

int costCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    // Deployments of several zones share the report: times typed without an offset, and shown, are local.
    const QTimeZone local = QTimeZone::systemTimeZone();
    const QDateTime now = command.clock.nowUtc();
    auto instantOption = [&](const char *name, std::optional<QDateTime> *value) -> std::optional<int> {
        const QString option = QString::fromLatin1(name);
        if (!command.parser.isSet(option))
            return std::nullopt;
        const QString text = command.parser.value(option);
        const std::optional<TypedInstant> typed = parseTypedInstant(text);
        if (!typed)
            return command.usage(badInstantMessage(QStringLiteral("--") + option, text));
        *value = typed->toUtc(local);
        return std::nullopt;
    };
    std::optional<QDateTime> since;
    std::optional<QDateTime> until;
    if (auto bad = instantOption("since", &since))
        return *bad;
    if (auto bad = instantOption("until", &until))
        return *bad;
    // A reversed period is the mistake to name, wherever it lies (both ends ahead of now too), with both values.
    if (since && until && *since >= *until) {
        return command.usage(
            QStringLiteral("--since must be before --until (--since %1, --until %2)")
                .arg(command.parser.value(QStringLiteral("since")), command.parser.value(QStringLiteral("until"))));
    }
    // Leases still running count up to the end of the period: it never goes past now.
    QDateTime to = until ? std::min(*until, now) : now;
    QDateTime from = since ? *since : to.addDays(-kDefaultDays);
    if (from >= to) // only a --since ahead of now is left
        return command.usage(QStringLiteral("--since %1 is not in the past").arg(shownLocal(from, local)));
    if (auto bad = command.resolveCluster())
        return *bad;

    HistoryStore history(command.storePath());
    if (auto opened = history.open(); !opened)
        return command.fail(opened.error());
    auto first = history.firstRecord(command.clusterKey);
    if (!first)
        return command.fail(first.error());
    PriceStore priceStore(command.storePath());
    auto prices = priceStore.prices(command.clusterKey);
    if (!prices)
        return command.fail(prices.error());
    const bool json = command.parser.isSet(QStringLiteral("json"));
    if (!first->has_value()) {
        const QString message =
            QStringLiteral("No GPU history for %1 yet. ScaleDeck's controller records it while it runs: keep "
                           "`scaledeckctl run` running, or ScaleDeck open on this cluster.")
                .arg(command.clusterKey);
        if (json) { // the JSON stays a report (an empty one); the note goes to stderr
            command.out << QString::fromStdString(
                               reportJson(computeCost({}, RecordedUsage{}, from, to, *prices)).dump(2))
                        << Qt::endl;
            command.err << "scaledeckctl: " << message << Qt::endl;
        } else {
            command.out << message << Qt::endl;
        }
        return ExitDone;
    }
    // Before the history's first record nothing is known: the period starts there (reportStart, as reportPeriod
    // clips it), the leases are read from there, and the text says so.
    const QDateTime start = reportStart(*first, from, to);
    const bool clipped = start != from;

    auto leases = history.leases(command.clusterKey, start, to);
    if (!leases)
        return command.fail(leases.error());
    auto alwaysOn = priceStore.alwaysOnCounts(command.clusterKey);
    if (!alwaysOn)
        return command.fail(alwaysOn.error());
    const PeriodReport period =
        reportPeriod(history, command.clusterKey, *leases, *first, start, to, *prices, *alwaysOn);
    if (period.capacityError)
        return command.fail(*period.capacityError);
    const CostReport &report = period.report;
    if (json) {
        command.out << QString::fromStdString(reportJson(report).dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (clipped)
        command.out << "History on " << command.clusterKey << " starts " << shownLocal(**first, local)
                    << (**first < to ? ": the period starts there.\n" : ", after this period.\n");
    printReport(command, report, local);
    return ExitDone;
}

} // namespace scaledeck
