// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `schedule suggest TARGET [--weeks N] [--threshold REQ_PER_S] [--per-replica REQ_PER_S] [--tz ZONE] [--json]`: a
// weekly schedule from the target's real traffic in Prometheus (suggestSchedule), in the text form `schedule set`
// reads, with what it would have cost and the requests that would have arrived while it parks the target.
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "schedulesuggestion.h"
#include "scheduletext.h"
#include "trafficsuggestion.h"

#include <QTimeZone>

#include <nlohmann/json.hpp>

#include <cmath>

namespace scaledeck {

namespace {
constexpr int kMaxWeeks = 12;

struct SuggestArguments {
    ScheduleTarget target;
    int weeks = 4;
    double thresholdPerS = 0;
    std::optional<double> perReplica;
    QByteArray timeZone; // empty: the stored schedule's, else this machine's
    QUrl prometheus;
};

// What the cluster says of the deployment the suggestion is for.
struct SuggestTarget {
    QString deployment;
    double gpusPerReplica = 0;
    int replicas = 1;
};

std::optional<double> numberOption(const CtlCommand &command, const char *name, QString *error)
{
    const QString text = command.parser.value(QLatin1String(name));
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        *error = QStringLiteral("--%1 '%2' is not a rate in requests/s (a number, 0 or more)")
                     .arg(QLatin1String(name), text);
    return value;
}

std::optional<SuggestArguments> readArguments(ScheduleCommand &command, int *exitCode)
{
    *exitCode = ExitUsage;
    if (auto bad = command.expectArgs(1, QStringLiteral("TARGET"))) {
        *exitCode = *bad;
        return std::nullopt;
    }
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return std::nullopt;
    SuggestArguments arguments;
    arguments.target = *target;
    const QString weeks = command.parser.value(QStringLiteral("weeks"));
    bool ok = false;
    arguments.weeks = weeks.toInt(&ok);
    QString error;
    if (!ok || arguments.weeks < 1 || arguments.weeks > kMaxWeeks)
        error = QStringLiteral("--weeks '%1' is not a number of weeks from 1 to %2").arg(weeks).arg(kMaxWeeks);
    arguments.thresholdPerS = numberOption(command, "threshold", &error).value_or(0);
    arguments.perReplica = numberOption(command, "per-replica", &error);
    if (error.isEmpty() && arguments.perReplica && *arguments.perReplica <= 0)
        error = QStringLiteral("--per-replica must be more than 0 requests/s");
    arguments.timeZone = command.parser.value(QStringLiteral("tz")).toUtf8();
    if (error.isEmpty() && !arguments.timeZone.isEmpty() && !QTimeZone(arguments.timeZone).isValid())
        error = QStringLiteral("--tz '%1' is not an IANA time zone (such as Europe/Ljubljana)")
                    .arg(QString::fromUtf8(arguments.timeZone));
    auto address = prometheusAddress(command.parser.value(QStringLiteral("prometheus")), command.environment);
    if (error.isEmpty() && !address)
        error = address.error().message;
    if (!error.isEmpty()) {
        command.usage(error);
        return std::nullopt;
    }
    arguments.prometheus = *address;
    if (arguments.prometheus.isEmpty()) {
        *exitCode = command.fail(QStringLiteral("a suggestion reads weeks of traffic from Prometheus: give its address "
                                                "(--prometheus URL, or RAY_PROMETHEUS_HOST as for Ray's dashboard)"));
        return std::nullopt;
    }
    return arguments;
}

// The deployment behind `target`: the one named, or an application's only deployment.
Result<SuggestTarget> findTarget(const ClusterSnapshot &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot.findApplication(target.app);
    if (!app)
        return makeError(RayErrorKind::InvalidChange,
                         QStringLiteral("no application %1 in the cluster").arg(target.app));
    if (target.isApplication() && app->deployments.size() != 1)
        return makeError(RayErrorKind::InvalidChange,
                         QStringLiteral("%1 has %2 deployments: suggest for one of them (APP/DEPLOYMENT)")
                             .arg(target.app)
                             .arg(app->deployments.size()));
    for (const DeploymentSnapshot &deployment : app->deployments)
        if (target.isApplication() || deployment.name == target.deployment)
            return SuggestTarget{deployment.name, deployment.gpusPerReplica, std::max(1, deployment.targetReplicas)};
    return makeError(RayErrorKind::InvalidChange,
                     QStringLiteral("%1 has no deployment %2").arg(target.app, target.deployment));
}

void printText(QTextStream &out, const SuggestArguments &arguments, const ScheduleSuggestion &suggestion,
               const QString &source, std::optional<double> coldStart)
{
    const double days = suggestion.spanStartUtc.secsTo(suggestion.spanEndUtc) / 86400.0;
    out << QStringLiteral(
               "# Suggested for %1 from %2 days of its traffic in %3 (%4% of the %5-minute steps had data)\n")
               .arg(arguments.target.toString())
               .arg(days, 0, 'f', 1)
               .arg(source)
               .arg(suggestion.coveredFraction * 100, 0, 'f', 1)
               .arg(suggestionStepS(arguments.weeks) / 60);
    if (!coldStart)
        out << QStringLiteral("# No replica start in that time: no prewarm from the cold start\n");
    out << suggestion.text;
    if (!suggestion.text.endsWith(QLatin1Char('\n')))
        out << '\n';
    const double ratio = suggestion.alwaysOnGpuHours > 0 ? suggestion.gpuHours / suggestion.alwaysOnGpuHours : 0;
    out << QStringLiteral("# GPU-hours in that time: %1 with this schedule, %2 always on (%3 of always-on)")
               .arg(suggestion.gpuHours, 0, 'f', 1)
               .arg(suggestion.alwaysOnGpuHours, 0, 'f', 1)
               .arg(ratio, 0, 'f', 2);
    if (suggestion.currentGpuHours)
        out << QStringLiteral(", %1 with the current schedule").arg(*suggestion.currentGpuHours, 0, 'f', 1);
    out << '\n';
    out << QStringLiteral("# Requests that would have arrived while it is parked: %1%2\n")
               .arg(std::llround(suggestion.missedRequests))
               .arg(suggestion.missedHours.empty()
                        ? QString()
                        : QStringLiteral(" (") + missedHoursText(suggestion) + QLatin1Char(')'));
}

void printJson(QTextStream &out, const SuggestArguments &arguments, const ScheduleSuggestion &suggestion)
{
    nlohmann::ordered_json hours = nlohmann::ordered_json::array();
    for (const MissedHour &hour : suggestion.missedHours)
        hours.push_back({{"weekday", hour.weekday}, {"hour", hour.hour}, {"requests", hour.requests}});
    const nlohmann::ordered_json document{
        {"target", arguments.target.toString().toStdString()},
        {"text", suggestion.text.toStdString()},
        {"gpu_hours", suggestion.gpuHours},
        {"always_on_gpu_hours", suggestion.alwaysOnGpuHours},
        {"missed_requests", suggestion.missedRequests},
        {"current_gpu_hours",
         suggestion.currentGpuHours ? nlohmann::ordered_json(*suggestion.currentGpuHours) : nlohmann::ordered_json()},
        {"missed_hours", hours},
        {"weeks", suggestion.weeks},
        {"covered_fraction", suggestion.coveredFraction}};
    out << QString::fromStdString(document.dump(2)) << '\n';
}
} // namespace

int scheduleSuggestCommand(ScheduleCommand &command)
{
    int exitCode = ExitDone;
    const std::optional<SuggestArguments> arguments = readArguments(command, &exitCode);
    if (!arguments)
        return exitCode;
    CtlContext context(command.out, command.err);
    if (auto bad = command.connect(context))
        return *bad;
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return command.fail(snapshot.error());
    auto target = findTarget(**snapshot, arguments->target);
    if (!target)
        return command.usage(target.error().message);
    if (auto bad = command.openStore())
        return *bad;
    auto current = loadSchedule(command, arguments->target);
    if (!current)
        return command.fail(current.error());

    PrometheusClient prometheus(&context.network, arguments->prometheus);
    TrafficSuggestionRequest request;
    request.app = arguments->target.app;
    request.deployment = target->deployment;
    request.targetName = arguments->target.toString();
    request.weeks = arguments->weeks;
    request.stepS = suggestionStepS(arguments->weeks); // 5 minutes up to 5 weeks, coarser beyond (Prometheus' limit)
    request.nowUtc = command.clock.nowUtc();
    request.options.timeZone = !arguments->timeZone.isEmpty() ? arguments->timeZone
                               : *current                     ? (*current)->schedule.timeZone
                                                              : QTimeZone::systemTimeZoneId();
    request.options.thresholdPerS = arguments->thresholdPerS;
    request.options.targetPerReplica = arguments->perReplica;
    request.options.observedReplicas = target->replicas;
    request.options.gpusPerReplica = target->gpusPerReplica;
    if (*current)
        request.options.current = (*current)->schedule;
    QObject receiver;
    auto answer = awaitAnswer<TrafficSuggestion, QString>(
        [&](auto done) { suggestFromTraffic(&prometheus, &receiver, request, done); });
    if (!answer)
        return command.fail(answer.error());
    const ScheduleSuggestion &suggestion = answer->suggestion;
    if (command.parser.isSet(QStringLiteral("json")))
        printJson(command.out, *arguments, suggestion);
    else
        printText(command.out, *arguments, suggestion, answer->source, answer->coldStartSeconds);
    return ExitDone;
}

} // namespace scaledeck
