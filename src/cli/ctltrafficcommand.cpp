// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `traffic [--window DURATION] [--prometheus URL] [--json]`: per deployment, requests/s and error rate over the
// window, p95 latency, and replicas running, from Ray's own metrics in the operator's Prometheus, or without one
// from two reads of the nodes' metrics endpoints a window apart. A figure nobody could read is "—" (null in JSON),
// never 0.
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlcostcommon.h"
#include "nodetrafficreader.h"
#include "prometheustraffic.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <set>

namespace scaledeck {

namespace {
constexpr int kMinWindowS = 10;
constexpr int kMaxWindowS = 7 * 24 * 3600;

// "90s", "1m", "1h30m", "2d": a whole number of seconds, or nothing when `text` is no such duration.
std::optional<int> parseWindow(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$"));
    const QRegularExpressionMatch match = form.match(text);
    if (text.isEmpty() || !match.hasMatch())
        return std::nullopt;
    const int factors[] = {86400, 3600, 60, 1};
    qint64 seconds = 0;
    for (int i = 0; i < 4; ++i)
        seconds += match.captured(i + 1).toLongLong() * factors[i];
    if (seconds > kMaxWindowS)
        return int(kMaxWindowS + 1);
    return int(seconds);
}

struct TrafficRow {
    QString app;
    QString deployment;
    const DeploymentTraffic *traffic = nullptr;
    std::optional<int> replicas; // running; unknown for a deployment the cluster no longer lists
};

// Every deployment the cluster lists (parked apps have none running) and every one Prometheus still has traffic
// of, sorted by app and deployment.
std::vector<TrafficRow> rowsOf(const ClusterSnapshot &snapshot, const TrafficReading &reading)
{
    std::vector<TrafficRow> rows;
    std::set<std::pair<QString, QString>> listed;
    for (const ApplicationSnapshot &app : snapshot.applications)
        for (const DeploymentSnapshot &deployment : app.deployments) {
            rows.push_back({app.name, deployment.name, reading.find(app.name, deployment.name),
                            app.parked ? 0 : deployment.runningReplicas});
            listed.insert({app.name, deployment.name});
        }
    for (const DeploymentTraffic &traffic : reading.deployments)
        if (!listed.count({traffic.app, traffic.deployment}))
            rows.push_back({traffic.app, traffic.deployment, &traffic, std::nullopt});
    std::sort(rows.begin(), rows.end(), [](const TrafficRow &a, const TrafficRow &b) {
        return std::tie(a.app, a.deployment) < std::tie(b.app, b.deployment);
    });
    return rows;
}

template <typename T> nlohmann::ordered_json orNull(const std::optional<T> &value)
{
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

std::optional<double> figure(const TrafficRow &row, std::optional<double> DeploymentTraffic::*member)
{
    return row.traffic ? row.traffic->*member : std::nullopt;
}

void printJson(QTextStream &out, const TrafficReading &reading, const std::vector<TrafficRow> &rows)
{
    nlohmann::ordered_json deployments = nlohmann::ordered_json::array();
    for (const TrafficRow &row : rows)
        deployments.push_back({{"app", row.app.toStdString()},
                               {"deployment", row.deployment.toStdString()},
                               {"requests_per_s", orNull(figure(row, &DeploymentTraffic::requestsPerS))},
                               {"error_rate", orNull(figure(row, &DeploymentTraffic::errorRate))},
                               {"p95_ms", orNull(figure(row, &DeploymentTraffic::p95Ms))},
                               {"replicas", orNull(row.replicas)}});
    const nlohmann::ordered_json document{{"source", trafficSourceName(reading.source).toStdString()},
                                          {"window_s", reading.windowS},
                                          {"deployments", deployments}};
    out << QString::fromStdString(document.dump(2)) << '\n';
}

QString figureText(std::optional<double> value, int decimals, const QString &suffix = QString())
{
    return value ? QString::number(*value, 'f', decimals) + suffix : QStringLiteral("—");
}

void printTable(QTextStream &out, const TrafficReading &reading, const std::vector<TrafficRow> &rows,
                const QString &window)
{
    const QString from =
        reading.source == TrafficSource::Prometheus
            ? QStringLiteral("over the last %1, from Prometheus at %2").arg(window, reading.sourceAddress)
            : QStringLiteral("over %1 s, from the metrics of the nodes at %2")
                  .arg(reading.windowS)
                  .arg(reading.sourceAddress);
    out << QStringLiteral("Traffic %1\n").arg(from);
    std::vector<QStringList> table{{QStringLiteral("DEPLOYMENT"), QStringLiteral("REQ/S"), QStringLiteral("ERRORS"),
                                    QStringLiteral("P95 MS"), QStringLiteral("REPLICAS")}};
    for (const TrafficRow &row : rows) {
        const std::optional<double> errors = figure(row, &DeploymentTraffic::errorRate);
        table.push_back(
            {row.app + QLatin1Char('/') + row.deployment, figureText(figure(row, &DeploymentTraffic::requestsPerS), 2),
             figureText(errors ? std::optional<double>(*errors * 100) : std::nullopt, 1, QStringLiteral("%")),
             figureText(figure(row, &DeploymentTraffic::p95Ms), 0),
             row.replicas ? QString::number(*row.replicas) : QStringLiteral("—")});
    }
    for (const QString &line : tableRows(table, QStringLiteral("LRRRR")))
        out << line << '\n';
    out << QStringLiteral("— : unknown (no request in the window, or no data)\n");
}

Result<TrafficReading> readTraffic(CtlCommand &command, CtlContext &context, const QUrl &prometheusUrl, int windowS)
{
    QObject receiver; // owns the requests: none outlives this function
    if (!prometheusUrl.isEmpty()) {
        PrometheusClient prometheus(&context.network, prometheusUrl);
        return awaitAnswer<TrafficReading>(
            [&](auto done) { readPrometheusTraffic(&prometheus, &receiver, windowS, command.clock.nowUtc(), done); });
    }
    command.err << QStringLiteral("No Prometheus given (--prometheus or RAY_PROMETHEUS_HOST): reading the nodes' "
                                  "metrics twice, %1 s apart…\n")
                       .arg(windowS);
    command.err.flush();
    NodeTrafficReader nodes(context.client.get(), &context.network, &receiver);
    return awaitAnswer<TrafficReading>([&](auto done) { nodes.read(windowS, done); });
}
} // namespace

int trafficCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    const QString windowText = command.parser.value(QStringLiteral("window"));
    const std::optional<int> windowS = parseWindow(windowText);
    if (!windowS || *windowS < kMinWindowS || *windowS > kMaxWindowS)
        return command.usage(
            QStringLiteral("--window '%1' is not a duration from 10s to 7d (e.g. 1m, 90s, 1h30m)").arg(windowText));
    auto address = prometheusAddress(command.parser.value(QStringLiteral("prometheus")), command.environment);
    if (!address)
        return command.usage(address.error().message);
    CtlContext context(command.out, command.err);
    if (auto bad = command.connect(context))
        return *bad;
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return command.fail(snapshot.error());
    auto reading = readTraffic(command, context, *address, *windowS);
    if (!reading)
        return command.fail(QStringLiteral("no traffic data: ") + reading.error().message);
    const std::vector<TrafficRow> rows = rowsOf(**snapshot, *reading);
    if (command.parser.isSet(QStringLiteral("json")))
        printJson(command.out, *reading, rows);
    else
        printTable(command.out, *reading, rows, windowText);
    return ExitDone;
}

} // namespace scaledeck
