// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The bundle's JSON form. Times stay ms since the epoch and texts stay as stored, so that JSON and back is exact
// (nlohmann writes doubles with enough digits to read back the same value).
#include "storebundle.h"

namespace scaledeck {

namespace {
using Json = nlohmann::json;

constexpr const char *kFormat = "scaledeck-store-bundle";
constexpr int kVersion = 1;

std::string text(const QString &value)
{
    return value.toStdString();
}
QString qtext(const Json &json, const char *key)
{
    return QString::fromStdString(json.at(key).get<std::string>());
}
Json optionalMs(const std::optional<qint64> &value)
{
    return value ? Json(*value) : Json(nullptr);
}
std::optional<qint64> optionalMsFrom(const Json &json, const char *key)
{
    const Json &value = json.at(key);
    return value.is_null() ? std::nullopt : std::optional<qint64>(value.get<qint64>());
}
} // namespace

Json bundleToJson(const StoreBundle &bundle)
{
    Json json{{"format", kFormat}, {"version", kVersion}, {"cluster", text(bundle.cluster)}};
    Json &schedules = json["schedules"] = Json::array();
    for (const BundleSchedule &row : bundle.schedules)
        schedules.push_back(
            {{"target", text(row.target)}, {"text", text(row.text)}, {"updatedMs", optionalMs(row.updatedMs)}});
    Json &overrides = json["overrides"] = Json::array();
    for (const BundleOverride &row : bundle.overrides)
        overrides.push_back({{"target", text(row.target)},
                             {"replicas", row.replicas},
                             {"untilMs", row.untilMs},
                             {"createdMs", row.createdMs},
                             {"createdBy", text(row.createdBy)},
                             {"note", text(row.note)}});
    Json &parked = json["parked"] = Json::array();
    for (const BundleParked &row : bundle.parked)
        parked.push_back({{"app", text(row.app)},
                          {"config", text(row.config)},
                          {"summary", text(row.summary)},
                          {"parkedAt", text(row.parkedAt)}});
    if (bundle.prices) {
        Json byType = Json::object();
        for (const auto &[type, price] : bundle.prices->gpuHourByAccelerator)
            byType[text(type)] = price;
        json["prices"] = {{"currency", text(bundle.prices->currency)},
                          {"gpuHour", bundle.prices->gpuHour},
                          {"cpuHour", bundle.prices->cpuHour ? Json(*bundle.prices->cpuHour) : Json(nullptr)},
                          {"gpuHourByAccelerator", byType}};
    } else {
        json["prices"] = nullptr;
    }
    Json &alwaysOn = json["alwaysOn"] = Json::object();
    for (const auto &[target, replicas] : bundle.alwaysOn)
        alwaysOn[text(target)] = replicas;
    Json &audit = json["audit"] = Json::array();
    for (const BundleAudit &row : bundle.audit)
        audit.push_back({{"atMs", row.atMs},
                         {"target", text(row.target)},
                         {"cause", text(row.cause)},
                         {"before", text(row.before)},
                         {"after", text(row.after)},
                         {"result", text(row.result)},
                         {"detail", text(row.detail)},
                         {"holder", text(row.holder)}});
    Json history{{"range", nullptr}};
    if (bundle.historyRange)
        history["range"] = {{"firstMs", bundle.historyRange->firstMs},
                            {"lastMs", bundle.historyRange->lastMs},
                            {"minuteMarkMs", optionalMs(bundle.historyRange->minuteMarkMs)}};
    Json &segments = history["segments"] = Json::array();
    for (const BundleSegment &row : bundle.segments)
        segments.push_back({{"series", text(row.series)},
                            {"startMs", row.startMs},
                            {"endMs", row.endMs},
                            {"value", row.value},
                            {"replicas", row.replicas},
                            {"tier", row.tier}});
    Json &leases = history["leases"] = Json::array();
    for (const BundleLease &row : bundle.leases)
        leases.push_back({{"leaseKey", text(row.leaseKey)},
                          {"app", text(row.app)},
                          {"deployment", text(row.deployment)},
                          {"replicaId", text(row.replicaId)},
                          {"gpus", row.gpus},
                          {"startMs", row.startMs},
                          {"endMs", optionalMs(row.endMs)},
                          {"startFromRay", row.startFromRay},
                          {"cpus", row.cpus},
                          {"accelerator", text(row.accelerator)}});
    json["history"] = std::move(history);
    return json;
}

Result<StoreBundle> bundleFromJson(const Json &json)
{
    if (!json.is_object() || json.value("format", Json()) != Json(kFormat))
        return makeError(
            RayErrorKind::BadPayload,
            QStringLiteral("not a ScaleDeck store bundle (its \"format\" is not \"%1\")").arg(QLatin1String(kFormat)));
    if (json.value("version", Json()) != Json(kVersion))
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("a store bundle of version %1; this ScaleDeck reads version %2")
                             .arg(QString::fromStdString(json.value("version", Json()).dump()))
                             .arg(kVersion));
    // nlohmann throws on a missing key or a wrong type: its message names the type, the field is named here.
    const char *field = "cluster";
    try {
        StoreBundle bundle;
        bundle.cluster = qtext(json, "cluster");
        field = "schedules";
        for (const Json &row : json.at("schedules"))
            bundle.schedules.push_back({qtext(row, "target"), qtext(row, "text"), optionalMsFrom(row, "updatedMs")});
        field = "overrides";
        for (const Json &row : json.at("overrides"))
            bundle.overrides.push_back({qtext(row, "target"), row.at("replicas").get<int>(),
                                        row.at("untilMs").get<qint64>(), row.at("createdMs").get<qint64>(),
                                        qtext(row, "createdBy"), qtext(row, "note")});
        field = "parked";
        for (const Json &row : json.at("parked"))
            bundle.parked.push_back(
                {qtext(row, "app"), qtext(row, "config"), qtext(row, "summary"), qtext(row, "parkedAt")});
        field = "prices";
        if (const Json &prices = json.at("prices"); !prices.is_null()) {
            BundlePrices list{qtext(prices, "currency"), prices.at("gpuHour").get<double>(), std::nullopt, {}};
            if (!prices.at("cpuHour").is_null())
                list.cpuHour = prices.at("cpuHour").get<double>();
            for (const auto &[type, price] : prices.at("gpuHourByAccelerator").items())
                list.gpuHourByAccelerator[QString::fromStdString(type)] = price.get<double>();
            bundle.prices = std::move(list);
        }
        field = "alwaysOn";
        for (const auto &[target, replicas] : json.at("alwaysOn").items())
            bundle.alwaysOn[QString::fromStdString(target)] = replicas.get<int>();
        field = "audit";
        for (const Json &row : json.at("audit"))
            bundle.audit.push_back({row.at("atMs").get<qint64>(), qtext(row, "target"), qtext(row, "cause"),
                                    qtext(row, "before"), qtext(row, "after"), qtext(row, "result"),
                                    qtext(row, "detail"), qtext(row, "holder")});
        field = "history";
        const Json &history = json.at("history");
        if (const Json &range = history.at("range"); !range.is_null())
            bundle.historyRange =
                BundleHistoryRange{range.at("firstMs").get<qint64>(), range.at("lastMs").get<qint64>(),
                                   optionalMsFrom(range, "minuteMarkMs")};
        field = "history.segments";
        for (const Json &row : history.at("segments"))
            bundle.segments.push_back({qtext(row, "series"), row.at("startMs").get<qint64>(),
                                       row.at("endMs").get<qint64>(), row.at("value").get<double>(),
                                       row.at("replicas").get<double>(), row.at("tier").get<int>()});
        field = "history.leases";
        for (const Json &row : history.at("leases"))
            bundle.leases.push_back(
                {qtext(row, "leaseKey"), qtext(row, "app"), qtext(row, "deployment"), qtext(row, "replicaId"),
                 row.at("gpus").get<double>(), row.at("startMs").get<qint64>(), optionalMsFrom(row, "endMs"),
                 row.at("startFromRay").get<bool>(), row.at("cpus").get<double>(), qtext(row, "accelerator")});
        return bundle;
    } catch (const nlohmann::json::exception &error) {
        return makeError(RayErrorKind::BadPayload, QStringLiteral("the store bundle's \"%1\" is malformed: %2")
                                                       .arg(QLatin1String(field), QString::fromUtf8(error.what())));
    }
}

} // namespace scaledeck
