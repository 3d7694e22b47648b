// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Changes of the cluster itself: POST scale {"target": "app/deployment", "replicas": N} or {"target",
// "autoscaling": {"min": A, "max": B}}, POST park {"app"}, POST unpark {"app"}, and DELETE parked/APP?storedAt=
// (drop the config the store kept of APP). The controller applies them in its next tick (ManualRequestQueue), so
// they answer 202 with a request id; requests/ID says pending, sent or failed with the detail. parked lists the
// parked apps. A target whose schedule corrects drift is refused (409): the controller itself would undo the
// change.
#include "apiroutes.h"
#include "scheduletext.h"

#include <algorithm>

namespace scaledeck {

namespace {
constexpr int kMostReplicas = 1000;

OrderedJson requestJson(const ManualRequest &request)
{
    OrderedJson json{{"id", request.id},
                     {"action", jsonText(manualActionName(request.action))},
                     {"target", jsonText(request.target())}};
    const bool count = request.action == ManualAction::Scale && !request.autoscaling;
    json["replicas"] = count ? OrderedJson(request.replicas) : OrderedJson(nullptr);
    if (request.autoscaling)
        json["autoscaling"] =
            OrderedJson{{"min", request.autoscaling->minReplicas}, {"max", request.autoscaling->maxReplicas}};
    json["state"] = jsonText(manualRequestStateName(request.state));
    json["detail"] = jsonText(request.detail);
    json["requestedBy"] = jsonText(request.requestedBy);
    json["requestedAt"] = isoUtcText(request.requestedUtc);
    return json;
}

ApiReply accepted(ApiContext &context, qint64 id)
{
    OrderedJson json = requestJson(*context.manual->request(id));
    json["location"] = "/api/v1/requests/" + std::to_string(id);
    return jsonReply(std::move(json), 202);
}

// A manual change of a target whose schedule corrects drift would be put back at the controller's next tick:
// refused, with what does hold (an override), rather than sent and undone a few seconds later.
std::optional<ApiReply> refuseIfTheScheduleCorrectsIt(ApiContext &context, const ScheduleTarget &target)
{
    auto stored = context.schedules->schedule(context.clusterKey, target);
    if (!stored)
        return storeError(stored.error());
    if (!stored->has_value())
        return std::nullopt;
    const ScheduleParse parsed = parseScheduleText((*stored)->text);
    if (!parsed.ok() || parsed.schedule->drift != DriftPolicy::Correct)
        return std::nullopt; // drift keep: the change holds until the schedule's next transition
    const QString name = target.toString();
    return errorReply(409,
                      QStringLiteral("%1 follows a schedule with 'drift correct': the controller would put it back "
                                     "at its next tick. Set an override to hold it for a while (PUT "
                                     "/api/v1/overrides/%1), or change its schedule")
                          .arg(name));
}

bool isCount(const OrderedJson &value, int least)
{
    return value.is_number_integer() && value.get<long long>() >= least && value.get<long long>() <= kMostReplicas;
}

// What a scale asks for: "replicas" (0 to 1000: 0 is the external scaler's, else a park of the app, as the
// window's 0 is) or "autoscaling" {"min" 0 to 1000, "max" 1 to 1000, min <= max}, one of the two. A 400 if
// neither, both or out of range.
std::optional<ApiReply> readScaleTo(const OrderedJson &body, ManualRequest &request)
{
    const bool hasReplicas = body.contains("replicas") && !body["replicas"].is_null();
    const bool hasBounds = body.contains("autoscaling") && !body["autoscaling"].is_null();
    if (hasReplicas == hasBounds)
        return errorReply(400, QStringLiteral("a scale takes \"replicas\" (a count) or \"autoscaling\" ({\"min\", "
                                              "\"max\"}), one of the two"));
    if (hasReplicas) {
        if (!isCount(body["replicas"], 0))
            return errorReply(400, QStringLiteral("\"replicas\" takes a whole number from 0 to %1 (0: the app's "
                                                  "external scaler, else the app is parked)")
                                       .arg(kMostReplicas));
        request.replicas = body["replicas"].get<int>();
        return std::nullopt;
    }
    const OrderedJson &bounds = body["autoscaling"];
    if (!bounds.is_object() || !bounds.contains("min") || !bounds.contains("max") || !isCount(bounds["min"], 0) ||
        !isCount(bounds["max"], 1))
        return errorReply(
            400, QStringLiteral("\"autoscaling\" takes {\"min\": 0 to %1, \"max\": 1 to %1}").arg(kMostReplicas));
    const int min = bounds["min"].get<int>();
    const int max = bounds["max"].get<int>();
    if (min > max)
        return errorReply(400, QStringLiteral("\"autoscaling\": min %1 is above max %2").arg(min).arg(max));
    request.autoscaling = AutoscalingBounds{min, max};
    return std::nullopt;
}

ApiReply scale(const ApiCall &call, ApiContext &context)
{
    const JsonOrReply body = bodyObject(call);
    if (body.reply)
        return *body.reply;
    if (!body.json.contains("target") || !body.json["target"].is_string())
        return errorReply(400, QStringLiteral("\"target\" takes APP/DEPLOYMENT"));
    QString why;
    const QString text = QString::fromStdString(body.json["target"].get<std::string>());
    const std::optional<ScheduleTarget> target = ScheduleTarget::parse(text, &why);
    if (!target || target->isApplication())
        return errorReply(400, QStringLiteral("\"target\" takes APP/DEPLOYMENT, not '%1'%2")
                                   .arg(text, why.isEmpty() ? QString() : QStringLiteral(": ") + why));
    ManualRequest request;
    request.action = ManualAction::Scale;
    request.app = target->app;
    request.deployment = target->deployment;
    request.requestedBy = call.caller.auditName();
    if (auto bad = readScaleTo(body.json, request))
        return *bad;
    if (auto refused = refuseIfTheScheduleCorrectsIt(context, *target))
        return *refused;
    // 0 parks the whole app unless an external scaler runs it: the app's own schedule would put that back too.
    if (!request.autoscaling && request.replicas == 0)
        if (auto refused = refuseIfTheScheduleCorrectsIt(context, ScheduleTarget{target->app, QString()}))
            return *refused;
    return accepted(context, context.manual->enqueue(std::move(request)));
}

ApiReply parkOrUnpark(const ApiCall &call, ApiContext &context, ManualAction action)
{
    const JsonOrReply body = bodyObject(call);
    if (body.reply)
        return *body.reply;
    if (!body.json.contains("app") || !body.json["app"].is_string() || body.json["app"].get<std::string>().empty())
        return errorReply(400, QStringLiteral("\"app\" takes the application's name"));
    const QString app = QString::fromStdString(body.json["app"].get<std::string>());
    if (auto refused = refuseIfTheScheduleCorrectsIt(context, ScheduleTarget{app, QString()}))
        return *refused;
    return accepted(context, context.manual->enqueue(action, app, QString(), 0, call.caller.auditName()));
}

ApiReply parked(ApiContext &context)
{
    auto apps = context.parked->list(context.clusterKey);
    if (!apps)
        return storeError(apps.error());
    OrderedJson list = OrderedJson::array();
    for (const ParkedApp &app : *apps)
        list.push_back(OrderedJson{{"name", jsonText(app.name)},
                                   {"parkedAt", isoUtcText(app.parkedAt)},
                                   {"storedAt", isoUtcMsText(app.parkedAt)}});
    return jsonReply(OrderedJson{{"parked", std::move(list)}});
}

// DELETE parked/APP?storedAt=ISO8601[&force=1]: the copy stored at `storedAt` (to the millisecond, as GET parked
// and the snapshot's keptConfigAt say it) is dropped at the next tick, once the tick's read shows APP running with
// a config of its own beside it (force: even when it is the only copy). 409 when the record is another one now.
ApiReply discardStored(const ApiCall &call, ApiContext &context)
{
    const QString app = call.rest(1);
    const QString storedText = call.query.queryItemValue(QStringLiteral("storedAt"));
    const QDateTime storedAt = QDateTime::fromString(storedText, Qt::ISODateWithMs);
    if (!storedAt.isValid() || storedAt.timeSpec() == Qt::LocalTime)
        return errorReply(400, QStringLiteral("storedAt takes when the config was stored, as GET parked says it "
                                              "(\"storedAt\"), not '%1'")
                                   .arg(storedText));
    const QString forceText = call.query.queryItemValue(QStringLiteral("force"));
    if (!forceText.isEmpty() && forceText != QStringLiteral("1") && forceText != QStringLiteral("0"))
        return errorReply(400, QStringLiteral("force takes 1 or 0, not '%1'").arg(forceText));
    auto apps = context.parked->list(context.clusterKey);
    if (!apps)
        return storeError(apps.error());
    const auto stored =
        std::find_if(apps->begin(), apps->end(), [&](const ParkedApp &parked) { return parked.name == app; });
    if (stored == apps->end())
        return errorReply(404, QStringLiteral("no stored config of '%1': nothing was discarded").arg(app));
    if (stored->parkedAt.toUTC() != storedAt.toUTC())
        return errorReply(409, QStringLiteral("the stored config of %1 is another one now (stored %2, not %3): it "
                                              "was not discarded; read it again")
                                   .arg(app, QString::fromStdString(isoUtcMsText(stored->parkedAt)), storedText));
    ManualRequest request;
    request.action = ManualAction::Discard;
    request.app = app;
    request.storedAt = stored->parkedAt;
    request.force = forceText == QStringLiteral("1");
    request.requestedBy = call.caller.auditName();
    return accepted(context, context.manual->enqueue(std::move(request)));
}

} // namespace

std::optional<ApiReply> clusterRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (family == QStringLiteral("parked") && call.path.size() == 1)
        return call.isGet() ? parked(context) : methodNotAllowed(QStringLiteral("GET"));
    if (family == QStringLiteral("parked") && call.path.size() == 2) {
        if (call.method != QHttpServerRequest::Method::Delete)
            return methodNotAllowed(QStringLiteral("DELETE"));
        if (auto refused = call.refuseUnlessOperator(QStringLiteral("discard a stored config")))
            return refused;
        return discardStored(call, context);
    }
    if (family == QStringLiteral("requests") && call.path.size() == 2) {
        if (!call.isGet())
            return methodNotAllowed(QStringLiteral("GET"));
        bool ok = false;
        const qint64 id = call.path[1].toLongLong(&ok);
        const std::optional<ManualRequest> request = ok ? context.manual->request(id) : std::nullopt;
        if (!request)
            return errorReply(404, QStringLiteral("there is no request %1").arg(call.path[1]));
        return jsonReply(requestJson(*request));
    }
    std::optional<ManualAction> action;
    if (family == QStringLiteral("scale"))
        action = ManualAction::Scale;
    else if (family == QStringLiteral("park"))
        action = ManualAction::Park;
    else if (family == QStringLiteral("unpark"))
        action = ManualAction::Unpark;
    if (!action || call.path.size() != 1)
        return std::nullopt;
    if (call.method != QHttpServerRequest::Method::Post)
        return methodNotAllowed(QStringLiteral("POST"));
    if (auto refused = call.refuseUnlessOperator(manualActionName(*action) + QStringLiteral(" on the cluster")))
        return refused;
    return *action == ManualAction::Scale ? scale(call, context) : parkOrUnpark(call, context, *action);
}

} // namespace scaledeck
