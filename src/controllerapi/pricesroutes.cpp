// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// prices and always-on/TARGET: the cluster's cost settings, as `scaledeckctl prices` and `always-on` have them.
// GET prices reads both; PUT prices replaces the price list; PUT always-on/APP/DEPLOYMENT sets one count (null:
// back to the peak). Changes are audited naming the caller.
#include "apiroutes.h"

#include <QRegularExpression>

#include <cmath>

namespace scaledeck {

namespace {
constexpr double kMostPerHour = 1e9; // as `prices`: a bigger number is a typo

std::optional<double> priceOf(const OrderedJson &value)
{
    if (!value.is_number())
        return std::nullopt;
    const double price = value.get<double>();
    if (!std::isfinite(price) || price < 0 || price > kMostPerHour)
        return std::nullopt;
    return price;
}

ApiReply readPrices(ApiContext &context)
{
    auto prices = context.prices->prices(context.clusterKey);
    if (!prices)
        return storeError(prices.error());
    auto counts = context.prices->alwaysOnCounts(context.clusterKey);
    if (!counts)
        return storeError(counts.error());
    return jsonReply(pricesJson(*prices, *counts));
}

ApiReply setPrices(const ApiCall &call, ApiContext &context)
{
    const JsonOrReply body = bodyObject(call);
    if (body.reply)
        return *body.reply;
    const OrderedJson &json = body.json;
    const QString priceRule =
        QStringLiteral("a price from 0 to %1 per hour").arg(QString::number(kMostPerHour, 'f', 0));
    PriceList list;
    static const QRegularExpression code(QStringLiteral("^[A-Za-z]{3}$"));
    const QString currency = QString::fromStdString(json.value("currency", std::string("USD")));
    if (!json.value("currency", OrderedJson("USD")).is_string() || !code.match(currency).hasMatch())
        return errorReply(400, QStringLiteral("\"currency\" takes a three-letter code such as USD or EUR"));
    list.currency = currency.toUpper();
    const std::optional<double> gpuHour = priceOf(json.value("gpuHour", OrderedJson()));
    if (!gpuHour)
        return errorReply(400, QStringLiteral("\"gpuHour\" takes %1").arg(priceRule));
    list.gpuHour = *gpuHour;
    const OrderedJson byType = json.value("gpuHourByAccelerator", OrderedJson::object());
    if (!byType.is_object())
        return errorReply(400, QStringLiteral("\"gpuHourByAccelerator\" takes {\"TYPE\": price, ...}"));
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    for (auto it = byType.begin(); it != byType.end(); ++it) {
        const QString type = QString::fromStdString(it.key());
        const std::optional<double> price = priceOf(it.value());
        if (!name.match(type).hasMatch() || !price)
            return errorReply(400, QStringLiteral("\"gpuHourByAccelerator\": '%1' takes %2 (a type as Ray names it, "
                                                  "such as A100 or L4)")
                                       .arg(type, priceRule));
        list.gpuHourByAccelerator[type] = *price;
    }
    const OrderedJson cpuHour = json.value("cpuHour", OrderedJson());
    if (!cpuHour.is_null()) {
        const std::optional<double> price = priceOf(cpuHour);
        if (!price)
            return errorReply(400, QStringLiteral("\"cpuHour\" takes %1, or null").arg(priceRule));
        list.cpuHour = *price;
    }
    if (auto saved = context.prices->setPrices(context.clusterKey, list); !saved)
        return storeError(saved.error());
    auto audited = context.schedules->appendAudit(
        context.clusterKey,
        AuditEntry{.atUtc = context.clock->nowUtc(),
                   .target = QStringLiteral("prices"),
                   .cause = AuditCause::Operator,
                   .after = QStringLiteral("%1 %2 per GPU-hour").arg(list.currency).arg(list.gpuHour),
                   .result = AuditResult::PricesSet,
                   .detail = QString::fromStdString(json.dump()),
                   .holder = call.caller.auditName()});
    if (!audited)
        return storeError(audited.error());
    return readPrices(context);
}

ApiReply setAlwaysOn(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    if (target.isApplication())
        return errorReply(400, QStringLiteral("an always-on count is a deployment's: APP/DEPLOYMENT"));
    const JsonOrReply body = bodyObject(call);
    if (body.reply)
        return *body.reply;
    if (!body.json.contains("replicas"))
        return errorReply(400, QStringLiteral("\"replicas\" takes a count from 0 to 1000, or null (the peak)"));
    const OrderedJson &value = body.json["replicas"];
    std::optional<int> replicas;
    if (!value.is_null()) {
        if (!value.is_number_integer() || value.get<int>() < 0 || value.get<int>() > 1000)
            return errorReply(400, QStringLiteral("\"replicas\" takes a count from 0 to 1000, or null (the peak)"));
        replicas = value.get<int>();
    }
    if (auto saved = context.prices->setAlwaysOnCount(context.clusterKey, target.toString(), replicas); !saved)
        return storeError(saved.error());
    auto audited = context.schedules->appendAudit(
        context.clusterKey, AuditEntry{.atUtc = context.clock->nowUtc(),
                                       .target = target.toString(),
                                       .cause = AuditCause::Operator,
                                       .after = replicas ? QString::number(*replicas) : QStringLiteral("peak"),
                                       .result = AuditResult::AlwaysOnSet,
                                       .holder = call.caller.auditName()});
    if (!audited)
        return storeError(audited.error());
    return readPrices(context);
}

} // namespace

OrderedJson pricesJson(const PriceList &prices, const std::map<QString, int> &alwaysOn)
{
    OrderedJson byType = OrderedJson::object();
    for (const auto &[type, price] : prices.gpuHourByAccelerator)
        byType[jsonText(type)] = price;
    OrderedJson counts = OrderedJson::object();
    for (const auto &[target, replicas] : alwaysOn)
        counts[jsonText(target)] = replicas;
    OrderedJson json{
        {"currency", jsonText(prices.currency)}, {"gpuHour", prices.gpuHour}, {"gpuHourByAccelerator", byType}};
    json["cpuHour"] = prices.cpuHour ? OrderedJson(*prices.cpuHour) : OrderedJson(nullptr);
    json["alwaysOn"] = std::move(counts);
    return json;
}

std::optional<ApiReply> pricesRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (!context.prices || (family != QStringLiteral("prices") && family != QStringLiteral("always-on")))
        return std::nullopt;
    if (family == QStringLiteral("prices")) {
        if (call.path.size() != 1)
            return std::nullopt;
        if (call.isGet())
            return readPrices(context);
        if (call.method != QHttpServerRequest::Method::Put)
            return methodNotAllowed(QStringLiteral("GET, PUT"));
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("set the prices")))
            return refused;
        return setPrices(call, context);
    }
    if (call.method != QHttpServerRequest::Method::Put)
        return methodNotAllowed(QStringLiteral("PUT"));
    const TargetOrReply target = pathTarget(call, 1);
    if (target.reply)
        return *target.reply;
    if (auto refused = call.refuseUnlessOperator(QStringLiteral("set an always-on count")))
        return refused;
    return setAlwaysOn(call, context, *target.target);
}

} // namespace scaledeck
