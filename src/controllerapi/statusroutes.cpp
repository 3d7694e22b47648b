// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// whoami (the caller's name and role) and health (the controller's last tick: whether it holds the lock, who
// does, when it ticked, the error if it failed; the snapshot's version and when the cluster was last read; the
// schedules' version).
#include "apiroutes.h"
#include "effectiveschedule.h"
#include "schedulesversion.h"
#include "snapshothub.h"

namespace scaledeck {

namespace {
// Moves whenever the schedules or overrides change (GET schedules has the same): null when the store could not be
// read. Read from the store once per tick (see SchedulesVersion), not at every window's ask.
OrderedJson schedulesVersionAfter(const QDateTime &tickAt, ApiContext &context)
{
    if (const std::optional<qint64> known = context.schedulesVersion->knownSince(tickAt))
        return *known;
    const QDateTime now = context.clock->nowUtc();
    const auto stored = readStoredSchedules(*context.schedules, context.clusterKey, now);
    if (!stored)
        return nullptr;
    const qint64 version = context.schedulesVersion->of(*stored, now);
    context.schedulesVersion->markRead(tickAt);
    return version;
}
} // namespace

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
    // When the controller last read the cluster: the snapshot's version moves only when what it read changed.
    const QDateTime checkedAt = context.hub->checkedAt();
    json["snapshotCheckedAt"] = checkedAt.isValid() ? OrderedJson(isoUtcText(checkedAt)) : OrderedJson(nullptr);
    json["schedulesVersion"] = schedulesVersionAfter(tick->atUtc, context);
    json["error"] = tick->error ? OrderedJson(jsonText(tick->error->describe())) : OrderedJson(nullptr);
    return jsonReply(std::move(json), tick->error ? 503 : 200);
}

} // namespace scaledeck
