// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// cost?from=&to= and history?from=&to=&target=&points=: what the recorded GPU history cost, as `scaledeckctl cost`
// reports it (readStoredCost: the same computation, the same JSON), and the history itself for a GPU usage chart
// (the usage series, downsampled, and the leases). Both read: a viewer may ask.
#include "apiroutes.h"
#include "costreportjson.h"
#include "historystore.h"
#include "storedcost.h"

#include <limits>

namespace scaledeck {

namespace {
// The answer of history is bounded: at most kMostPoints points per series (the store averages buckets), the
// kTopDeployments deployments with most GPU-hours (the rest summed as "other") and at most kMostLeases leases (a
// range with more is refused: a narrower one, or one target, answers).
constexpr int kDefaultPoints = 500;
constexpr int kMostPoints = 2000;
constexpr int kTopDeployments = 12;
constexpr size_t kMostLeases = 2000;

struct PeriodOrReply {
    CostPeriod period;
    std::optional<ApiReply> reply;
};

// [from, to) as `scaledeckctl cost` takes --since and --until (costPeriod: the last week by default, never past
// now), with the same refusals in the API's words.
PeriodOrReply queryPeriod(const ApiCall &call, const Clock &clock)
{
    std::optional<QDateTime> from;
    std::optional<QDateTime> to;
    if (auto bad = instantParameter(call, QStringLiteral("from"), &from))
        return {{}, bad};
    if (auto bad = instantParameter(call, QStringLiteral("to"), &to))
        return {{}, bad};
    if (from && to && *from >= *to)
        return {{},
                errorReply(
                    400, QStringLiteral("from must be before to (from %1, to %2)")
                             .arg(QString::fromStdString(isoUtcText(*from)), QString::fromStdString(isoUtcText(*to))))};
    const CostPeriod period = costPeriod(from, to, clock.nowUtc());
    if (period.fromUtc >= period.toUtc)
        return {{},
                errorReply(400, QStringLiteral("from %1 is not in the past")
                                    .arg(QString::fromStdString(isoUtcText(period.fromUtc))))};
    return {period, std::nullopt};
}

OrderedJson instantOrNull(const std::optional<QDateTime> &at)
{
    return at ? OrderedJson(isoUtcText(*at)) : OrderedJson(nullptr);
}

ApiReply costReport(const ApiCall &call, ApiContext &context)
{
    const PeriodOrReply asked = queryPeriod(call, *context.clock);
    if (asked.reply)
        return *asked.reply;
    auto stored =
        readStoredCost(*context.history, *context.prices, context.clusterKey, asked.period.fromUtc, asked.period.toUtc);
    if (!stored)
        return storeError(stored.error());
    OrderedJson json = costReportJson(stored->report);
    // What the report's start was asked to be (it starts at the history's first record when that is later).
    json["asked_from_utc"] = isoUtcText(asked.period.fromUtc);
    json["first_record_utc"] = instantOrNull(stored->firstRecord);
    json["prices"] = pricesJson(stored->prices, stored->alwaysOn);
    return jsonReply(std::move(json));
}

bool isOf(const std::optional<ScheduleTarget> &target, const QString &app, const QString &deployment)
{
    return !target || (target->app == app && (target->isApplication() || target->deployment == deployment));
}

OrderedJson seriesJson(const std::vector<UsageSeries> &series, const std::optional<ScheduleTarget> &target)
{
    OrderedJson list = OrderedJson::array();
    for (const UsageSeries &one : series) {
        const QString app = one.name.section(u'/', 0, 0);
        const bool deployment = one.name.contains(u'/');
        // Capacity stays (the chart's ceiling); with a target only its deployments' series are kept.
        if (target && deployment && !isOf(target, app, one.name.section(u'/', 1)))
            continue;
        if (target && !deployment && one.name != QStringLiteral("capacity"))
            continue;
        OrderedJson points = OrderedJson::array();
        for (const UsagePoint &point : one.points)
            points.push_back(OrderedJson::array({point.atMs, point.value}));
        list.push_back(OrderedJson{{"name", jsonText(one.name)}, {"points", std::move(points)}});
    }
    return list;
}

OrderedJson leaseJson(const GpuLease &lease)
{
    return OrderedJson{{"app", jsonText(lease.app)},
                       {"deployment", jsonText(lease.deployment)},
                       {"replica", jsonText(lease.replicaId)},
                       {"gpus", lease.gpus},
                       {"cpus", lease.cpus},
                       {"accelerator", jsonText(lease.accelerator)},
                       {"start_utc", isoUtcText(lease.startUtc)},
                       {"end_utc", lease.isActive() ? OrderedJson(nullptr) : OrderedJson(isoUtcText(lease.endUtc))}};
}

// points=N: the buckets per series, 1 to kMostPoints; std::nullopt after a 400 in *reply.
std::optional<int> pointsParameter(const ApiCall &call, std::optional<ApiReply> *reply)
{
    const QString text = call.query.queryItemValue(QStringLiteral("points"));
    if (!call.query.hasQueryItem(QStringLiteral("points")))
        return kDefaultPoints;
    bool ok = false;
    const int points = text.toInt(&ok);
    if (ok && points >= 1 && points <= kMostPoints)
        return points;
    *reply =
        errorReply(400, QStringLiteral("points takes 1 to %1 buckets per series, not '%2'").arg(kMostPoints).arg(text));
    return std::nullopt;
}

ApiReply usageHistory(const ApiCall &call, ApiContext &context)
{
    const PeriodOrReply asked = queryPeriod(call, *context.clock);
    if (asked.reply)
        return *asked.reply;
    std::optional<ApiReply> bad;
    const std::optional<int> points = pointsParameter(call, &bad);
    if (!points)
        return *bad;
    std::optional<ScheduleTarget> target;
    if (call.query.hasQueryItem(QStringLiteral("target"))) {
        const QString text = call.query.queryItemValue(QStringLiteral("target"), QUrl::FullyDecoded);
        QString why;
        target = ScheduleTarget::parse(text, &why);
        if (!target)
            return errorReply(400, QStringLiteral("target takes APP or APP/DEPLOYMENT, not '%1': %2").arg(text, why));
    }
    const CostPeriod &period = asked.period;
    HistoryStore &history = *context.history;
    auto first = history.firstRecord(context.clusterKey);
    if (!first)
        return storeError(first.error());
    auto leases = history.leases(context.clusterKey, period.fromUtc, period.toUtc);
    if (!leases)
        return storeError(leases.error());
    OrderedJson leaseList = OrderedJson::array();
    for (const GpuLease &lease : *leases) {
        if (isOf(target, lease.app, lease.deployment))
            leaseList.push_back(leaseJson(lease));
    }
    if (leaseList.size() > kMostLeases)
        return errorReply(400, QStringLiteral("%1 leases from %2 to %3, more than the %4 one answer holds: ask for a "
                                              "shorter period or one target")
                                   .arg(leaseList.size())
                                   .arg(QString::fromStdString(isoUtcText(period.fromUtc)),
                                        QString::fromStdString(isoUtcText(period.toUtc)))
                                   .arg(kMostLeases));
    // With a target every deployment gets its own series, so the target's are never summed into "other".
    const UsageQuery query{period.fromUtc, period.toUtc, *points,
                           target ? std::numeric_limits<int>::max() : kTopDeployments};
    auto series = history.usage(context.clusterKey, query);
    if (!series)
        return storeError(series.error());
    return jsonReply(OrderedJson{
        {"from_utc", isoUtcText(period.fromUtc)},
        {"to_utc", isoUtcText(period.toUtc)},
        {"first_record_utc", instantOrNull(*first)},
        {"target", target ? OrderedJson(jsonText(target->toString())) : OrderedJson(nullptr)},
        {"bucket_ms", usageBucketMs(period.fromUtc.toMSecsSinceEpoch(), period.toUtc.toMSecsSinceEpoch(), *points)},
        {"series", seriesJson(*series, target)},
        {"leases", std::move(leaseList)}});
}
} // namespace

std::optional<ApiReply> instantParameter(const ApiCall &call, const QString &name, std::optional<QDateTime> *value)
{
    const QString text = call.query.queryItemValue(name, QUrl::FullyDecoded);
    if (!call.query.hasQueryItem(name))
        return std::nullopt;
    const QDateTime at = QDateTime::fromString(text, Qt::ISODate);
    if (!at.isValid() || at.timeSpec() == Qt::LocalTime)
        return errorReply(400, QStringLiteral("%1 takes an ISO 8601 instant with its offset, e.g. "
                                              "2026-11-30T06:00:00Z, not '%2'")
                                   .arg(name, text));
    *value = at.toUTC();
    return std::nullopt;
}

std::optional<ApiReply> costRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (!context.history || !context.prices || call.path.size() != 1 ||
        (family != QStringLiteral("cost") && family != QStringLiteral("history")))
        return std::nullopt;
    if (!call.isGet())
        return methodNotAllowed(QStringLiteral("GET"));
    return family == QStringLiteral("cost") ? costReport(call, context) : usageHistory(call, context);
}

} // namespace scaledeck
