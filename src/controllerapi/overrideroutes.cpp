// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// overrides and overrides/TARGET: the active overrides; set one (PUT {"replicas": 3, "until": "ISO8601"}) or clear
// it (DELETE), as `scaledeckctl override` does, audited naming the caller.
#include "apiroutes.h"
#include "effectiveschedule.h"

namespace scaledeck {

namespace {
constexpr int kMostReplicas = 1000;

OrderedJson overrideJson(const ScheduleOverride &override_)
{
    return OrderedJson{{"target", jsonText(override_.target.toString())},
                       {"replicas", override_.replicas},
                       {"until", isoUtcText(override_.untilUtc)},
                       {"createdAt", isoUtcText(override_.createdUtc)},
                       {"by", jsonText(override_.createdBy)}};
}

ApiReply setOverride(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    const JsonOrReply body = bodyObject(call);
    if (body.reply)
        return *body.reply;
    const OrderedJson &json = body.json;
    if (!json.contains("replicas") || !json["replicas"].is_number_integer() || json["replicas"].get<int>() < 0 ||
        json["replicas"].get<int>() > kMostReplicas)
        return errorReply(400, QStringLiteral("\"replicas\" takes a whole number from 0 to %1").arg(kMostReplicas));
    if (!json.contains("until") || !json["until"].is_string())
        return errorReply(400, QStringLiteral("\"until\" takes an ISO 8601 instant with its offset"));
    const QString untilText = QString::fromStdString(json["until"].get<std::string>());
    const QDateTime until = QDateTime::fromString(untilText, Qt::ISODate);
    if (!until.isValid() || until.timeSpec() == Qt::LocalTime)
        return errorReply(400, QStringLiteral("\"until\" takes an ISO 8601 instant with its offset, e.g. "
                                              "2026-11-30T18:00:00Z, not '%1'")
                                   .arg(untilText));
    const QDateTime now = context.clock->nowUtc();
    if (until.toUTC() <= now)
        return errorReply(400, QStringLiteral("\"until\" %1 is not in the future").arg(untilText));
    auto loaded = loadScheduleFor(*context.schedules, context.clusterKey, target, now);
    if (!loaded)
        return storeError(loaded.error());
    if (!loaded->has_value())
        return errorReply(
            404,
            QStringLiteral("%1 has no schedule (an override changes a schedule for a while)").arg(target.toString()));
    const int replicas = json["replicas"].get<int>();
    const ScheduleOverride override_{target, replicas, until.toUTC(), now, call.caller.auditName(), QString()};
    if (auto saved = context.schedules->setOverride(context.clusterKey, override_); !saved)
        return storeError(saved.error());
    auto audited = context.schedules->appendAudit(
        context.clusterKey,
        AuditEntry{.atUtc = now,
                   .target = target.toString(),
                   .cause = AuditCause::Operator,
                   .after = QString::number(replicas),
                   .result = AuditResult::OverrideSet,
                   .detail = QStringLiteral("until %1").arg(QString::fromStdString(isoUtcText(override_.untilUtc))),
                   .holder = call.caller.auditName()});
    if (!audited)
        return storeError(audited.error());
    return jsonReply(overrideJson(override_));
}

ApiReply clearOverride(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    auto cleared = context.schedules->clearOverride(context.clusterKey, target);
    if (!cleared)
        return storeError(cleared.error());
    if (*cleared) {
        auto audited =
            context.schedules->appendAudit(context.clusterKey, AuditEntry{.atUtc = context.clock->nowUtc(),
                                                                          .target = target.toString(),
                                                                          .cause = AuditCause::Operator,
                                                                          .result = AuditResult::OverrideCleared,
                                                                          .holder = call.caller.auditName()});
        if (!audited)
            return storeError(audited.error());
    }
    return jsonReply(OrderedJson{{"target", jsonText(target.toString())}, {"cleared", *cleared}});
}

} // namespace

std::optional<ApiReply> overrideRoutes(const ApiCall &call, ApiContext &context)
{
    if (call.path.value(0) != QStringLiteral("overrides"))
        return std::nullopt;
    if (call.path.size() == 1) {
        if (!call.isGet())
            return methodNotAllowed(QStringLiteral("GET"));
        auto active = context.schedules->activeOverrides(context.clusterKey, context.clock->nowUtc());
        if (!active)
            return storeError(active.error());
        OrderedJson list = OrderedJson::array();
        for (const ScheduleOverride &override_ : *active)
            list.push_back(overrideJson(override_));
        return jsonReply(OrderedJson{{"overrides", std::move(list)}});
    }
    const TargetOrReply target = pathTarget(call, 1);
    if (target.reply)
        return *target.reply;
    if (call.method == QHttpServerRequest::Method::Put) {
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("set an override")))
            return refused;
        return setOverride(call, context, *target.target);
    }
    if (call.method == QHttpServerRequest::Method::Delete) {
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("clear an override")))
            return refused;
        return clearOverride(call, context, *target.target);
    }
    return methodNotAllowed(QStringLiteral("PUT, DELETE"));
}

} // namespace scaledeck
