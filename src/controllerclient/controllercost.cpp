// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllercost.h"

#include "apijson.h"
#include "costreportjson.h"
#include "localperiods.h"

#include <memory>

namespace scaledeck {

namespace {

using Answer = Result<ControllerReply, ControllerError>;

QString isoText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

// What the overview is waiting for: the four reports and the history, each filled in as it answers.
struct Pending {
    CostOverview overview;
    int calls = 0;
    std::function<void(CostOverview)> done;
    void answered()
    {
        if (--calls == 0)
            done(std::move(overview));
    }
};

void fetchReport(ControllerClient &client, const std::shared_ptr<Pending> &pending, QDateTime from,
                 const QObject *receiver, CostReport CostOverview::*slot, const QString &what)
{
    const bool pricesOnly = from >= pending->overview.nowUtc;
    if (pricesOnly) { // at midnight "today" is empty: the API refuses a period of no length
        (pending->overview.*slot).fromUtc = pending->overview.nowUtc;
        (pending->overview.*slot).toUtc = pending->overview.nowUtc;
        if (slot != &CostOverview::today)
            return;
        from = pending->overview.nowUtc.addSecs(-1); // the prices come with today's report: ask for a second
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(from));
    query.addQueryItem(QStringLiteral("to"), isoText(pending->overview.nowUtc));
    ++pending->calls;
    client.get(QStringLiteral("cost"), query, receiver, [pending, slot, what, pricesOnly](const Answer &answer) {
        CostOverview &overview = pending->overview;
        if (!answer) {
            appendCostError(&overview.error, what, asRayError(answer.error()));
        } else if (auto report = costReportFromJson(answer->body); !report) {
            appendCostError(&overview.error, what, makeError(RayErrorKind::BadPayload, report.error()));
        } else {
            if (!pricesOnly)
                overview.*slot = *report;
            if (slot == &CostOverview::today) { // one answer's prices are every answer's
                if (auto prices = pricesFromApi(answer->body.value("prices", nlohmann::json()), &overview.alwaysOn))
                    overview.prices = *prices;
                else
                    appendCostError(&overview.error, QStringLiteral("prices"),
                                    makeError(RayErrorKind::BadPayload, prices.error()));
            }
        }
        pending->answered();
    });
}

void adoptHistory(CostOverview &overview, const nlohmann::json &body)
{
    auto series = usageSeriesFromApi(body);
    auto leases = leasesFromApi(body);
    if (!series || !leases) {
        appendCostError(&overview.error, QStringLiteral("usage"),
                        makeError(RayErrorKind::BadPayload, !series ? series.error() : leases.error()));
        return;
    }
    overview.series = std::move(*series);
    overview.bucketMs = body.value("bucket_ms", qint64(0));
    for (const GpuLease &lease : *leases) {
        if (lease.isActive())
            overview.activeLeases.push_back(lease);
    }
    overview.windowHeld = heldGpusOf(*leases, overview.windowFromUtc, overview.nowUtc);
}

void fetchHistory(ControllerClient &client, const std::shared_ptr<Pending> &pending, const QObject *receiver)
{
    const CostOverview &overview = pending->overview;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(overview.windowFromUtc));
    query.addQueryItem(QStringLiteral("to"), isoText(overview.nowUtc));
    // As the single-user mode asks its store: at most 1,800 points (600 live), none finer than the 10 s recorded.
    const qint64 points = std::min<qint64>(overview.window == CostWindow::Live ? 600 : 1800,
                                           std::max<qint64>(1, costWindowSecs(overview.window) / 10));
    query.addQueryItem(QStringLiteral("points"), QString::number(points));
    ++pending->calls;
    client.get(QStringLiteral("history"), query, receiver, [pending](const Answer &answer) {
        if (answer)
            adoptHistory(pending->overview, answer->body);
        else
            appendCostError(&pending->overview.error, QStringLiteral("usage"), asRayError(answer.error()));
        pending->answered();
    });
}

// Last local week as the controller's history holds it: the projection line's "last week, actual".
void fetchLastWeek(ControllerClient &client, const std::shared_ptr<Pending> &pending, const QObject *receiver)
{
    const QDateTime thisWeek = startOfLocalWeek(pending->overview.nowUtc);
    const QDateTime lastWeek = localMidnightUtc(thisWeek.toLocalTime().date().addDays(-7));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(lastWeek));
    query.addQueryItem(QStringLiteral("to"), isoText(thisWeek));
    ++pending->calls;
    client.get(QStringLiteral("cost"), query, receiver, [pending](const Answer &answer) {
        CostOverview &overview = pending->overview;
        if (!answer) {
            appendCostError(&overview.error, QStringLiteral("last week"), asRayError(answer.error()));
        } else if (auto report = costReportFromJson(answer->body); !report) {
            appendCostError(&overview.error, QStringLiteral("last week"),
                            makeError(RayErrorKind::BadPayload, report.error()));
        } else {
            overview.lastWeekGpuHours = report->gpuHours;
            overview.lastWeekCost = report->cost;
        }
        pending->answered();
    });
}

// The coming local week under the controller's schedules. A controller from before GET projection answers 404:
// then the line says no projection, as it did, and nothing failed.
void fetchProjection(ControllerClient &client, const std::shared_ptr<Pending> &pending, const QObject *receiver)
{
    const QDateTime thisWeek = startOfLocalWeek(pending->overview.nowUtc);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(localMidnightUtc(thisWeek.toLocalTime().date().addDays(7))));
    ++pending->calls;
    client.get(QStringLiteral("projection"), query, receiver, [pending](const Answer &answer) {
        CostOverview &overview = pending->overview;
        if (auto projection = answer ? projectionFromApi(answer->body, &overview) : Result<Done, QString>(Done{});
            !projection)
            appendCostError(&overview.error, QStringLiteral("projection"),
                            makeError(RayErrorKind::BadPayload, projection.error()));
        else if (!answer && answer.error().kind != ControllerError::Kind::NotFound)
            appendCostError(&overview.error, QStringLiteral("projection"), asRayError(answer.error()));
        pending->answered();
    });
}

} // namespace

Result<Done, QString> projectionFromApi(const nlohmann::json &projection, CostOverview *overview)
{
    const auto number = [&projection](const char *key) {
        const auto found = projection.is_object() ? projection.find(key) : projection.end();
        return found != projection.end() && found->is_number() ? std::optional<double>(found->get<double>())
                                                               : std::nullopt;
    };
    const auto has = projection.is_object() ? projection.find("has_schedules") : projection.end();
    const std::optional<double> hours = number("gpu_hours");
    const std::optional<double> cost = number("cost");
    const std::optional<double> alwaysOn = number("always_on_gpu_hours");
    if (has == projection.end() || !has->is_boolean() || !hours || !cost || !alwaysOn)
        return QStringLiteral("the projection lacks has_schedules, gpu_hours, cost or always_on_gpu_hours");
    overview->hasProjection = has->get<bool>();
    overview->projectedGpuHours = *hours;
    overview->projectedCost = *cost;
    overview->projectedAlwaysOnGpuHours = *alwaysOn;
    return Done{};
}

void fetchCostOverview(ControllerClient &client, const CostOverviewRequest &request, const QObject *receiver,
                       std::function<void(CostOverview)> done)
{
    auto pending = std::make_shared<Pending>();
    CostOverview &overview = pending->overview;
    overview.serial = request.serial;
    overview.clusterKey = request.clusterKey;
    overview.window = request.window;
    overview.nowUtc = request.nowUtc.toUTC();
    overview.windowFromUtc = overview.nowUtc.addSecs(-costWindowSecs(request.window));
    pending->done = std::move(done);
    pending->calls = 1; // held until every call is sent, so an early answer cannot finish it
    fetchReport(client, pending, startOfLocalDay(overview.nowUtc), receiver, &CostOverview::today,
                QStringLiteral("today"));
    fetchReport(client, pending, startOfLocalWeek(overview.nowUtc), receiver, &CostOverview::week,
                QStringLiteral("this week"));
    fetchReport(client, pending, startOfLocalMonth(overview.nowUtc), receiver, &CostOverview::month,
                QStringLiteral("this month"));
    fetchReport(client, pending, overview.windowFromUtc, receiver, &CostOverview::inWindow,
                QStringLiteral("the window"));
    fetchHistory(client, pending, receiver);
    fetchLastWeek(client, pending, receiver);
    fetchProjection(client, pending, receiver);
    pending->answered();
}

Result<std::vector<UsageSeries>, QString> usageSeriesFromApi(const nlohmann::json &history)
{
    const auto list = history.is_object() ? history.find("series") : history.end();
    if (list == history.end() || !list->is_array())
        return QStringLiteral("the history has no \"series\" list");
    std::vector<UsageSeries> series;
    for (const nlohmann::json &entry : *list) {
        const auto points = entry.is_object() ? entry.find("points") : entry.end();
        if (points == entry.end() || !points->is_array())
            return QStringLiteral("a series has no \"points\" list");
        UsageSeries one{textAt(entry, "name"), {}};
        for (const nlohmann::json &point : *points) {
            if (!point.is_array() || point.size() != 2 || !point[0].is_number() || !point[1].is_number())
                return QStringLiteral("a point of %1 is not [ms, value]").arg(one.name);
            one.points.push_back(UsagePoint{point[0].get<qint64>(), point[1].get<double>()});
        }
        series.push_back(std::move(one));
    }
    return series;
}

Result<std::vector<GpuLease>, QString> leasesFromApi(const nlohmann::json &history)
{
    const auto list = history.is_object() ? history.find("leases") : history.end();
    if (list == history.end() || !list->is_array())
        return QStringLiteral("the history has no \"leases\" list");
    std::vector<GpuLease> leases;
    for (const nlohmann::json &entry : *list) {
        if (!entry.is_object())
            return QStringLiteral("a lease is not an object");
        GpuLease lease;
        lease.app = textAt(entry, "app");
        lease.deployment = textAt(entry, "deployment");
        lease.replicaId = textAt(entry, "replica");
        lease.gpus = entry.value("gpus", 0.0);
        lease.cpus = entry.value("cpus", 0.0);
        lease.accelerator = textAt(entry, "accelerator");
        lease.startUtc = instantAt(entry, "start_utc");
        lease.endUtc = instantAt(entry, "end_utc");
        if (!lease.startUtc.isValid())
            return QStringLiteral("the lease of %1 has no start_utc").arg(lease.replicaId);
        leases.push_back(std::move(lease));
    }
    return leases;
}

Result<PriceList, QString> pricesFromApi(const nlohmann::json &prices, std::map<QString, int> *alwaysOn)
{
    if (!prices.is_object() || !prices.value("gpuHour", nlohmann::json()).is_number())
        return QStringLiteral("the prices have no \"gpuHour\"");
    PriceList list;
    list.currency = textAt(prices, "currency");
    list.gpuHour = prices["gpuHour"].get<double>();
    const nlohmann::json byType = prices.value("gpuHourByAccelerator", nlohmann::json::object());
    for (const auto &[type, price] : byType.items())
        if (price.is_number())
            list.gpuHourByAccelerator[QString::fromStdString(type)] = price.get<double>();
    if (const auto cpu = prices.value("cpuHour", nlohmann::json()); cpu.is_number())
        list.cpuHour = cpu.get<double>();
    if (alwaysOn) {
        alwaysOn->clear();
        const nlohmann::json counts = prices.value("alwaysOn", nlohmann::json::object());
        for (const auto &[target, count] : counts.items())
            if (count.is_number_integer())
                (*alwaysOn)[QString::fromStdString(target)] = count.get<int>();
    }
    return list;
}

QByteArray pricesBody(const PriceList &prices)
{
    nlohmann::json byType = nlohmann::json::object();
    for (const auto &[type, price] : prices.gpuHourByAccelerator)
        byType[type.toStdString()] = price;
    nlohmann::json body{
        {"currency", prices.currency.toStdString()}, {"gpuHour", prices.gpuHour}, {"gpuHourByAccelerator", byType}};
    body["cpuHour"] = prices.cpuHour ? nlohmann::json(*prices.cpuHour) : nlohmann::json(nullptr);
    return QByteArray::fromStdString(body.dump());
}

QByteArray alwaysOnBody(std::optional<int> replicas)
{
    return QByteArray::fromStdString(
        nlohmann::json{{"replicas", replicas ? nlohmann::json(*replicas) : nlohmann::json(nullptr)}}.dump());
}

} // namespace scaledeck
