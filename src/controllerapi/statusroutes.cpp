// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// whoami (the caller's name and role) and health (the controller's last tick: whether it holds the lock, who
// does, when it ticked, the error if it failed).
#include "apiroutes.h"
#include "snapshothub.h"

namespace scaledeck {

std::optional<ApiReply> statusRoutes(const ApiCall &call, ApiContext &context)
{
    const QString family = call.path.value(0);
    if (call.path.size() != 1 || (family != QStringLiteral("whoami") && family != QStringLiteral("health")))
        return std::nullopt;
    if (!call.isGet())
        return methodNotAllowed(QStringLiteral("GET"));
    if (family == QStringLiteral("whoami"))
        return jsonReply(
            OrderedJson{{"name", jsonText(call.caller.name)}, {"role", jsonText(apiRoleName(call.caller.role))}});
    const std::optional<TickReport> &tick = context.hub->lastTick();
    if (!tick)
        return jsonReply(OrderedJson{{"healthy", false}, {"detail", "the controller has not ticked yet"}}, 503);
    OrderedJson json{{"healthy", !tick->error.has_value()},
                     {"lastTickAt", isoUtcText(tick->atUtc)},
                     {"holdsLock", tick->holdsLock},
                     {"lockHolder", jsonText(tick->lock.holder)},
                     {"lockHeartbeatAt", isoUtcText(tick->lock.heartbeatUtc)},
                     {"snapshotVersion", context.hub->version()}};
    json["error"] = tick->error ? OrderedJson(jsonText(tick->error->describe())) : OrderedJson(nullptr);
    return jsonReply(std::move(json), tick->error ? 503 : 200);
}

} // namespace scaledeck
