// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Changes of the cluster itself: POST scale {"target": "app/deployment", "replicas": N}, POST park {"app"},
// POST unpark {"app"}. The controller applies them in its next tick (ManualRequestQueue), so they answer 202 with
// a request id; requests/ID says pending, sent or failed with the detail. parked lists the parked apps. A target
// whose schedule corrects drift is refused (409): the controller itself would undo the change.
#include "apiroutes.h"
#include "scheduletext.h"

namespace scaledeck {

namespace {
constexpr int kMostReplicas = 1000;

OrderedJson requestJson(const ManualRequest &request)
{
    OrderedJson json{{"id", request.id},
                     {"action", jsonText(manualActionName(request.action))},
                     {"target", jsonText(request.target())}};
    json["replicas"] = request.action == ManualAction::Scale ? OrderedJson(request.replicas) : OrderedJson(nullptr);
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
    const OrderedJson &replicas = body.json.value("replicas", OrderedJson());
    if (!replicas.is_number_integer() || replicas.get<int>() < 1 || replicas.get<int>() > kMostReplicas)
        return errorReply(400, QStringLiteral("\"replicas\" takes a whole number from 1 to %1 (park an app to stop "
                                              "it)")
                                   .arg(kMostReplicas));
    if (auto refused = refuseIfTheScheduleCorrectsIt(context, *target))
        return *refused;
    return accepted(context, context.manual->enqueue(ManualAction::Scale, target->app, target->deployment,
                                                     replicas.get<int>(), call.caller.auditName()));
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
        list.push_back(OrderedJson{{"name", jsonText(app.name)}, {"parkedAt", isoUtcText(app.parkedAt)}});
    return jsonReply(OrderedJson{{"parked", std::move(list)}});
}

} // namespace

std::optional<ApiReply> clusterRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (family == QStringLiteral("parked") && call.path.size() == 1)
        return call.isGet() ? parked(context) : methodNotAllowed(QStringLiteral("GET"));
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
