// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// schedules, schedules/TARGET and transitions/TARGET: the stored schedules, as `scaledeckctl schedule list, show,
// set, remove, preview` have them. A set takes the text or the JSON form, with the same checks as `schedule set`
// (it parses, names the same target, the target is on the cluster), and is audited naming the caller.
#include "apiroutes.h"
#include "effectiveschedule.h"
#include "schedulejson.h"
#include "scheduleoverlaps.h"
#include "schedulesversion.h"
#include "snapshothub.h"

namespace scaledeck {

namespace {

OrderedJson transitionsJson(const ScheduleEvaluator &evaluator, const QDateTime &now, int count)
{
    OrderedJson list = OrderedJson::array();
    for (const ScheduleTransition &t : evaluator.nextTransitions(now, count))
        list.push_back(OrderedJson{{"at", isoUtcText(t.atUtc)},
                                   {"atLocal", jsonText(t.atLocal.toString(Qt::ISODate))},
                                   {"from", t.from},
                                   {"to", t.to},
                                   {"reason", jsonText(t.reason)}});
    return list;
}

OrderedJson scheduleJson(const StoredSchedule &stored, const ScheduleLoad &load, const QDateTime &now)
{
    OrderedJson json{{"target", jsonText(stored.target.toString())},
                     {"text", jsonText(stored.text)},
                     {"updatedAt", isoUtcText(stored.updatedUtc)}};
    if (!load) {
        json["error"] = jsonText(load.error().describe());
        return json;
    }
    const ScheduleEvaluator evaluator = load->evaluator();
    const DesiredState desired = evaluator.effectiveAt(now);
    json["timeZone"] = load->schedule.timeZone.toStdString();
    json["desired"] = desired.replicas;
    json["reason"] = jsonText(desired.reason);
    if (const auto active = load->activeOverride())
        json["override"] = OrderedJson{{"replicas", active->replicas},
                                       {"until", isoUtcText(active->untilUtc)},
                                       {"by", jsonText(active->createdBy)}};
    else
        json["override"] = nullptr;
    json["next"] = transitionsJson(evaluator, now, 1);
    return json;
}

// Why `target` cannot be scheduled on the cluster as the controller last read it, or an empty string.
QString missingTarget(const ClusterSnapshot &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot.findApplication(target.app);
    if (!app)
        return QStringLiteral("there is no application '%1' on the cluster").arg(target.app);
    if (!target.isApplication() && !app->findDeployment(target.deployment))
        return QStringLiteral("application '%1' has no deployment '%2'").arg(target.app, target.deployment);
    return {};
}

ApiReply listSchedules(ApiContext &context)
{
    const QDateTime now = context.clock->nowUtc();
    auto stored = readStoredSchedules(*context.schedules, context.clusterKey, now);
    if (!stored)
        return storeError(stored.error());
    OrderedJson list = OrderedJson::array();
    for (const StoredSchedule &entry : stored->schedules)
        list.push_back(scheduleJson(entry, effectiveSchedule(entry, stored->overrides), now));
    // The version a client compares with GET health's to skip reading the list again.
    return jsonReply(
        OrderedJson{{"schedulesVersion", context.schedulesVersion->of(*stored, now)}, {"schedules", std::move(list)}});
}

ApiReply readSchedule(ApiContext &context, const ScheduleTarget &target)
{
    auto stored = context.schedules->schedule(context.clusterKey, target);
    if (!stored)
        return storeError(stored.error());
    if (!stored->has_value())
        return errorReply(404, QStringLiteral("%1 has no schedule").arg(target.toString()));
    const QDateTime now = context.clock->nowUtc();
    auto overrides = context.schedules->activeOverrides(context.clusterKey, now);
    if (!overrides)
        return storeError(overrides.error());
    const ScheduleLoad load = effectiveSchedule(**stored, *overrides);
    OrderedJson json = scheduleJson(**stored, load, now);
    if (load)
        json["schedule"] = OrderedJson::parse(scheduleToJson(load->schedule, target).toStdString(), nullptr, false);
    return jsonReply(std::move(json));
}

ApiReply setSchedule(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    const ScheduleParse parsed = parseScheduleFile(call.body);
    if (!parsed.ok())
        return errorReply(400, parsed.error.value_or(ScheduleParseError{}).describe());
    if (parsed.target && !(*parsed.target == target))
        return errorReply(400, QStringLiteral("the body is the schedule of %1, not of %2")
                                   .arg(parsed.target->toString(), target.toString()));
    // As `schedule set`: a schedule for a target the cluster does not have would never act.
    const SnapshotPtr snapshot = context.hub->snapshot();
    if (!snapshot)
        return errorReply(503, QStringLiteral("the controller has not read the cluster yet, so %1 cannot be checked; "
                                              "try again after its next tick")
                                   .arg(target.toString()));
    if (const QString missing = missingTarget(*snapshot, target); !missing.isEmpty())
        return errorReply(409, missing);
    const QDateTime now = context.clock->nowUtc();
    const StoredSchedule stored{target, scheduleToText(*parsed.schedule), now};
    const ScheduleAuthor author{.holder = call.caller.auditName(),
                                .detail = QStringLiteral("stored through the API; the controller follows it within "
                                                         "one tick"),
                                .atUtc = now};
    if (auto saved = context.schedules->saveSchedule(context.clusterKey, stored, author); !saved)
        return storeError(saved.error());
    OrderedJson warnings = OrderedJson::array();
    for (const ScheduleWarning &warning : findOverlaps(*parsed.schedule))
        warnings.push_back(jsonText(warning.message));
    const ScheduleEvaluator evaluator(*parsed.schedule);
    return jsonReply(OrderedJson{{"target", jsonText(target.toString())},
                                 {"stored", true},
                                 {"text", jsonText(stored.text)},
                                 {"warnings", std::move(warnings)},
                                 {"next", transitionsJson(evaluator, now, 3)}});
}

ApiReply removeSchedule(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    const ScheduleAuthor author{.holder = call.caller.auditName(),
                                .detail = QStringLiteral("removed through the API"),
                                .atUtc = context.clock->nowUtc()};
    auto removed = context.schedules->removeSchedule(context.clusterKey, target, author);
    if (!removed)
        return storeError(removed.error());
    if (!*removed)
        return errorReply(404, QStringLiteral("%1 has no schedule").arg(target.toString()));
    // As `schedule remove`: an override only makes sense against a schedule, and a later set must not revive it.
    if (auto cleared = context.schedules->clearOverride(context.clusterKey, target); !cleared)
        return storeError(cleared.error());
    return jsonReply(OrderedJson{{"target", jsonText(target.toString())}, {"removed", true}});
}

ApiReply transitions(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    bool ok = true;
    const QString countText = call.query.queryItemValue(QStringLiteral("count"));
    const int count = countText.isEmpty() ? 10 : countText.toInt(&ok);
    if (!ok || count < 1 || count > 100)
        return errorReply(400, QStringLiteral("count takes 1 to 100, not '%1'").arg(countText));
    const QDateTime now = context.clock->nowUtc();
    auto loaded = loadScheduleFor(*context.schedules, context.clusterKey, target, now);
    if (!loaded)
        return storeError(loaded.error());
    if (!loaded->has_value())
        return errorReply(404, QStringLiteral("%1 has no schedule").arg(target.toString()));
    if (!**loaded)
        return errorReply(500, QStringLiteral("the stored schedule of %1 does not parse: %2")
                                   .arg(target.toString(), (**loaded).error().describe()));
    return jsonReply(OrderedJson{{"target", jsonText(target.toString())},
                                 {"transitions", transitionsJson((**loaded)->evaluator(), now, count)}});
}

} // namespace

std::optional<ApiReply> scheduleRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (family == QStringLiteral("transitions")) {
        if (!call.isGet())
            return methodNotAllowed(QStringLiteral("GET"));
        const TargetOrReply target = pathTarget(call, 1);
        return target.reply ? *target.reply : transitions(call, context, *target.target);
    }
    if (family != QStringLiteral("schedules"))
        return std::nullopt;
    if (call.path.size() == 1)
        return call.isGet() ? listSchedules(context) : methodNotAllowed(QStringLiteral("GET"));
    const TargetOrReply target = pathTarget(call, 1);
    if (target.reply)
        return *target.reply;
    switch (call.method) {
    case QHttpServerRequest::Method::Get:
        return readSchedule(context, *target.target);
    case QHttpServerRequest::Method::Put:
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("set a schedule")))
            return refused;
        return setSchedule(call, context, *target.target);
    case QHttpServerRequest::Method::Delete:
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("remove a schedule")))
            return refused;
        return removeSchedule(call, context, *target.target);
    default:
        return methodNotAllowed(QStringLiteral("GET, PUT, DELETE"));
    }
}

} // namespace scaledeck
