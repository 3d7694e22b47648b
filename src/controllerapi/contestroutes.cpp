// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// contests and contests/TARGET: the targets the controller stopped correcting because another controller or tool
// kept putting them back (GET, for anyone), and an operator handing one back to the controller (DELETE), as
// `scaledeckctl resume TARGET` does. The resume is a write to the store the controller reads at its next tick, so
// it needs no queue: the tick after it corrects the target again. Audited naming the caller.
#include "apiroutes.h"

namespace scaledeck {

namespace {

OrderedJson contestJson(const TargetContest &contest)
{
    return OrderedJson{{"target", jsonText(contest.target)},
                       {"contestedAt", isoUtcText(contest.contestedUtc)},
                       {"description", jsonText(contest.description)},
                       {"outsideValue", jsonText(contest.outsideValue)},
                       {"outsideSince", isoUtcText(contest.outsideSinceUtc)}};
}

ApiReply listContests(ApiContext &context)
{
    auto contested = context.schedules->contestedTargets(context.clusterKey);
    if (!contested)
        return storeError(contested.error());
    OrderedJson list = OrderedJson::array();
    for (const TargetContest &contest : *contested)
        list.push_back(contestJson(contest));
    return jsonReply(OrderedJson{{"contests", std::move(list)}});
}

// "resumed": false when it was not contested: not an error, as the CLI's resume is not (what was asked holds).
ApiReply resumeContest(const ApiCall &call, ApiContext &context, const ScheduleTarget &target)
{
    auto ended = context.schedules->resumeContest(context.clusterKey, target.toString(), context.clock->nowUtc(),
                                                  call.caller.auditName());
    if (!ended)
        return storeError(ended.error());
    return jsonReply(OrderedJson{{"target", jsonText(target.toString())}, {"resumed", *ended}});
}

} // namespace

std::optional<ApiReply> contestRoutes(const ApiCall &call, ApiContext &context)
{
    if (call.path.value(0) != QStringLiteral("contests"))
        return std::nullopt;
    if (call.path.size() == 1)
        return call.isGet() ? listContests(context) : methodNotAllowed(QStringLiteral("GET"));
    if (call.method != QHttpServerRequest::Method::Delete)
        return methodNotAllowed(QStringLiteral("DELETE"));
    if (auto refused = call.refuseUnlessOperator(QStringLiteral("resume the correction of a contested target")))
        return refused;
    const TargetOrReply target = pathTarget(call, 1);
    if (target.reply)
        return *target.reply;
    return resumeContest(call, context, *target.target);
}

} // namespace scaledeck
