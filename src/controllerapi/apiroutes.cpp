// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What the route families share: the target in a path, a JSON body, a store error.
#include "apiroutes.h"

#include "logging.h"

namespace scaledeck {

TargetOrReply pathTarget(const ApiCall &call, int from)
{
    QString why;
    const QString text = call.rest(from);
    std::optional<ScheduleTarget> target = ScheduleTarget::parse(text, &why);
    if (!target)
        return {std::nullopt,
                errorReply(400, QStringLiteral("'%1' is not a target (APP or APP/DEPLOYMENT): %2").arg(text, why))};
    return {std::move(target), std::nullopt};
}

JsonOrReply bodyObject(const ApiCall &call)
{
    OrderedJson json = OrderedJson::parse(call.body.toStdString(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return {OrderedJson(), errorReply(400, QStringLiteral("the body is not a JSON object"))};
    return {std::move(json), std::nullopt};
}

ApiReply storeError(const RayError &error)
{
    qCWarning(lcStore).noquote() << "API:" << error.describe();
    return errorReply(500, error.describe());
}

} // namespace scaledeck
