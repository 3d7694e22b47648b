// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `cost [--since ISO8601] [--until ISO8601] [--prometheus URL] [--json]`: GPU-hours, cost, always-on GPU-hours and
// reduction per deployment, and the cluster's capacity and idle GPU-hours, from the recorded history (no cluster
// needed); with a Prometheus (--prometheus, else RAY_PROMETHEUS_HOST) also each deployment's requests, cost per
// 1,000 requests and GPU-hours idle while held. A figure nobody knows is "—" (null in JSON), never 0.
#include "costreportjson.h"
#include "ctlcommands.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"
#include "historystore.h"
#include "pricestore.h"
#include "prometheusclient.h"
#include "storedcost.h"

#include <QTimeZone>

#include <functional>
#include <optional>

namespace scaledeck {

namespace {
template <typename T> OrderedJson orNull(const std::optional<T> &value)
{
    return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

const DeploymentServing *servingOf(const CostTraffic &traffic, const DeploymentCost &row)
{
    return traffic.serving ? traffic.serving->find(row.app, row.deployment) : nullptr;
}

std::optional<double> requestsOf(const CostTraffic &traffic, const DeploymentCost &row)
{
    const DeploymentServing *serving = servingOf(traffic, row);
    return serving ? serving->requests : std::nullopt;
}

// The traffic fields of a deployment's row, after its cost fields: null where the figure is unknown.
void addTrafficJson(OrderedJson &json, const CostTraffic &traffic, const DeploymentCost &row)
{
    const DeploymentServing *serving = servingOf(traffic, row);
    json["requests"] = orNull(requestsOf(traffic, row));
    json["cost_per_1000_requests"] = orNull(costPer1000Requests(row.cost, requestsOf(traffic, row)));
    json["idle_while_held_gpu_hours"] = serving ? orNull(serving->idleGpuHours) : OrderedJson(nullptr);
    json["traffic_unknown_gpu_hours"] = serving ? OrderedJson(serving->unknownGpuHours) : OrderedJson(nullptr);
}

// The report's JSON (costReportJson), each deployment's traffic fields after its cost fields and the report's
// after its own: the traffic is the CLI's, from the operator's Prometheus.
OrderedJson reportJson(const CostReport &report, const CostTraffic &traffic)
{
    OrderedJson json = costReportJson(report);
    for (size_t i = 0; i < report.deployments.size(); ++i)
        addTrafficJson(json["deployments"][i], traffic, report.deployments[i]);
    const auto textOrNull = [](const QString &text) {
        return text.isEmpty() ? OrderedJson(nullptr) : OrderedJson(text.toStdString());
    };
    const ServingCost *serving = traffic.serving ? &*traffic.serving : nullptr;
    json["traffic_source"] = textOrNull(traffic.source);
    json["traffic_error"] = textOrNull(traffic.error);
    json["traffic_step_s"] = orNull(traffic.stepS);
    json["idle_while_held_gpu_hours"] = serving ? OrderedJson(serving->idleGpuHours) : OrderedJson();
    json["traffic_unknown_gpu_hours"] = serving ? OrderedJson(serving->unknownGpuHours) : OrderedJson();
    return json;
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

QString unknownOr(const std::optional<double> &value, const std::function<QString(double)> &text)
{
    return value ? text(*value) : QStringLiteral("—");
}

// "41.67", "0.0042": per 1,000 requests, two decimals unless that would show nothing.
QString per1000Text(double amount)
{
    return QString::number(amount, 'f', amount < 1 ? 4 : 2);
}

// "1.33", or "≥1.33" when some of the held GPU-hours fell in steps without data.
QString idleText(const std::optional<double> &idle, double unknownGpuHours)
{
    return unknownOr(
        idle, [&](double hours) { return (unknownGpuHours > 0 ? QStringLiteral("≥") : QString()) + hoursText(hours); });
}

// The traffic cells of a row (REQUESTS, PER 1K REQ, IDLE WHILE HELD).
QStringList trafficCells(const CostTraffic &traffic, const DeploymentCost &row)
{
    const DeploymentServing *serving = servingOf(traffic, row);
    const std::optional<double> requests = requestsOf(traffic, row);
    return {unknownOr(requests, [](double n) { return QString::number(n, 'f', 0); }),
            unknownOr(costPer1000Requests(row.cost, requests), per1000Text),
            serving ? idleText(serving->idleGpuHours, serving->unknownGpuHours) : QStringLiteral("—")};
}

// The total row's traffic cells: requests and their price only when every deployment's requests are known.
QStringList trafficTotalCells(const CostTraffic &traffic, const CostReport &report)
{
    std::optional<double> requests = 0.0;
    for (const DeploymentCost &row : report.deployments) {
        const std::optional<double> own = requestsOf(traffic, row);
        requests = requests && own ? std::optional<double>(*requests + *own) : std::nullopt;
    }
    const ServingCost *serving = traffic.serving ? &*traffic.serving : nullptr;
    return {unknownOr(requests, [](double n) { return QString::number(n, 'f', 0); }),
            unknownOr(costPer1000Requests(report.cost, requests), per1000Text),
            serving ? idleText(serving->idleGpuHours, serving->unknownGpuHours) : QStringLiteral("—")};
}

// What the traffic columns mean, where they come from, or why there are none.
void printTrafficNote(QTextStream &out, const CostTraffic &traffic)
{
    if (traffic.source.isEmpty() && !traffic.unknownNote.isEmpty()) {
        out << traffic.unknownNote << "\n";
        return;
    }
    if (traffic.source.isEmpty()) {
        out << "Traffic unknown (no Prometheus: give --prometheus URL or set RAY_PROMETHEUS_HOST): no requests, cost "
               "per 1,000 requests or GPU-hours idle while held.\n";
        return;
    }
    if (!traffic.serving) {
        out << "Traffic unknown: " << traffic.error << " (— : unknown).\n";
        return;
    }
    const ServingCost &serving = *traffic.serving;
    out << "REQUESTS from " << traffic.source << " in steps of " << traffic.stepS.value_or(0)
        << " s. IDLE WHILE HELD: GPU-hours held in steps no request arrived in, " << hoursText(serving.idleGpuHours)
        << " of " << hoursText(serving.heldGpuHours) << " GPU-h ("
        << percentText(serving.heldGpuHours > 0 ? serving.idleGpuHours / serving.heldGpuHours : 0) << ")";
    if (serving.unknownGpuHours > 0)
        out << "; " << hoursText(serving.unknownGpuHours)
            << " GPU-h fell in steps without data (not counted idle: ≥ is at least)";
    out << ". — : unknown or no requests.\n";
}

void printReport(QTextStream &out, const QString &where, const CostReport &report, const CostTraffic &traffic,
                 const QTimeZone &local)
{
    const double hours = double(report.fromUtc.msecsTo(report.toUtc)) / 3600000.0;
    out << "GPU use on " << where << " from " << shownLocal(report.fromUtc, local) << " to "
        << shownLocal(report.toUtc, local) << " (" << QString::number(hours, 'f', 1) << " h)\n\n";
    // The traffic columns only when a Prometheus was given: without one, the table is as it always was.
    const bool withTraffic = !traffic.source.isEmpty();
    if (report.deployments.empty()) {
        out << "No replica held GPUs in this period.\n";
    } else {
        std::vector<QStringList> rows;
        rows.push_back({QStringLiteral("APP/DEPLOYMENT"), QStringLiteral("TYPE"), QStringLiteral("GPU-H"),
                        QStringLiteral("COST ") + report.currency, QStringLiteral("ALWAYS-ON"),
                        QStringLiteral("ALWAYS-ON GPU-H"), QStringLiteral("REDUCTION"), QStringLiteral("SHARE")});
        if (withTraffic)
            rows.back() << QStringLiteral("REQUESTS") << QStringLiteral("PER 1K REQ")
                        << QStringLiteral("IDLE WHILE HELD");
        bool anyConfigured = false;
        for (const DeploymentCost &row : report.deployments) {
            anyConfigured = anyConfigured || row.alwaysOnConfigured;
            rows.push_back(
                {row.app + QLatin1Char('/') + row.deployment,
                 row.accelerator.isEmpty() ? QStringLiteral("-") : row.accelerator, hoursText(row.gpuHours),
                 QString::number(row.cost, 'f', 2),
                 QString::number(row.alwaysOnReplicas) + (row.alwaysOnConfigured ? QStringLiteral("*") : QString()),
                 hoursText(row.alwaysOnGpuHours), reductionText(row), percentText(row.share)});
            if (withTraffic)
                rows.back() << trafficCells(traffic, row);
        }
        rows.push_back({QStringLiteral("total"), QString(), hoursText(report.gpuHours),
                        QString::number(report.cost, 'f', 2), QString(), hoursText(report.alwaysOnGpuHours),
                        report.alwaysOnGpuHours > 0 ? QString::number(report.gpuHours / report.alwaysOnGpuHours, 'g', 3)
                                                    : QStringLiteral("-"),
                        report.gpuHours > 0 ? percentText(1) : QStringLiteral("-")});
        if (withTraffic)
            rows.back() << trafficTotalCells(traffic, report);
        for (const QString &line :
             tableRows(rows, withTraffic ? QStringLiteral("LLRRRRRRRRR") : QStringLiteral("LLRRRRRR")))
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
        printTrafficNote(out, traffic);
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

std::optional<int> readCostOptions(CostCommand &command, const QTimeZone &local, CostOptions *options)
{
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
    if (auto bad = instantOption("since", &options->since))
        return *bad;
    if (auto bad = instantOption("until", &options->until))
        return *bad;
    // A reversed period is the mistake to name, wherever it lies (both ends ahead of now too), with both values.
    if (options->since && options->until && *options->since >= *options->until) {
        return command.usage(
            QStringLiteral("--since must be before --until (--since %1, --until %2)")
                .arg(command.parser.value(QStringLiteral("since")), command.parser.value(QStringLiteral("until"))));
    }
    return std::nullopt;
}

int printCost(CostCommand &command, const QString &where, const CostReport &report, const CostTraffic &traffic,
              const std::optional<QDateTime> &firstRecord)
{
    // Deployments of several zones share the report: times are shown local.
    const QTimeZone local = QTimeZone::systemTimeZone();
    const bool json = command.parser.isSet(QStringLiteral("json"));
    if (!firstRecord) {
        const QString message =
            QStringLiteral("No GPU history for %1 yet. ScaleDeck's controller records it while it runs: keep "
                           "`scaledeckctl run` running, or ScaleDeck open on this cluster.")
                .arg(where);
        if (json) { // the JSON stays a report (an empty one); the note goes to stderr
            command.out
                << QString::fromStdString(
                       reportJson(report, CostTraffic{{}, QStringLiteral("no GPU history yet"), {}, {}, {}}).dump(2))
                << Qt::endl;
            command.err << "scaledeckctl: " << message << Qt::endl;
        } else {
            command.out << message << Qt::endl;
        }
        return ExitDone;
    }
    if (json) {
        command.out << QString::fromStdString(reportJson(report, traffic).dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (report.startsAfterAsked()) // the history starts later
        command.out << "History on " << where << " starts " << shownLocal(*firstRecord, local)
                    << (*firstRecord < report.toUtc ? ": the period starts there.\n" : ", after this period.\n");
    printReport(command.out, where, report, traffic, local);
    return ExitDone;
}

int costCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    // Deployments of several zones share the report: times typed without an offset, and shown, are local.
    const QTimeZone local = QTimeZone::systemTimeZone();
    CostOptions options;
    if (auto bad = readCostOptions(command, local, &options))
        return *bad;
    const CostPeriod period = costPeriod(options.since, options.until, command.clock.nowUtc());
    if (period.fromUtc >= period.toUtc) // only a --since ahead of now is left
        return command.usage(QStringLiteral("--since %1 is not in the past").arg(shownLocal(period.fromUtc, local)));
    auto prometheus = prometheusAddress(command.parser.value(QStringLiteral("prometheus")), command.environment);
    if (!prometheus)
        return command.usage(prometheus.error().message);
    if (auto bad = command.resolveCluster())
        return *bad;

    HistoryStore history(command.storePath());
    PriceStore priceStore(command.storePath());
    auto stored = readStoredCost(history, priceStore, command.clusterKey, period.fromUtc, period.toUtc);
    if (!stored)
        return command.fail(stored.error());
    const CostReport &report = stored->report;
    // Without history there is no traffic to read: printCost says so.
    const CostTraffic traffic =
        stored->firstRecord ? readCostTraffic(command, *prometheus, stored->leases, report.fromUtc, report.toUtc)
                            : CostTraffic{};
    return printCost(command, command.clusterKey, report, traffic, stored->firstRecord);
}

} // namespace scaledeck
