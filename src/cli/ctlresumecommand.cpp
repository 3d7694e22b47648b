// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `resume [TARGET]`: the controller stopped correcting TARGET because another controller or tool kept putting it
// back; the operator has dealt with that (stopped the other controller, or decided this one wins) and says so.
// Without TARGET it lists what is contested. No cluster needed: the controller reads it on its next tick.
#include "ctlcommands.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "operatoridentity.h"

namespace scaledeck {

namespace {
int listContested(ScheduleCommand &command)
{
    auto contested = command.store->contestedTargets(command.clusterKey);
    if (!contested)
        return command.fail(contested.error());
    if (contested->empty()) {
        command.out << "nothing is contested on " << command.clusterKey
                    << ": the controller corrects every target its schedule says to" << Qt::endl;
        return ExitDone;
    }
    for (const TargetContest &contest : *contested)
        command.out << contest.target << ": contested since " << shownUtc(contest.contestedUtc) << " ("
                    << contest.description << "); the cluster holds " << contest.outsideValue << Qt::endl;
    command.out << "scaledeckctl resume TARGET lets the controller correct it again" << Qt::endl;
    return ExitDone;
}
} // namespace

int resumeCommand(ScheduleCommand &command)
{
    if (command.args.size() > 1)
        return command.usage(QStringLiteral("'resume' takes one TARGET at most (none: list the contested ones)"));
    std::optional<ScheduleTarget> target;
    if (!command.args.isEmpty() && !(target = targetArgument(command)))
        return ExitUsage;
    if (auto bad = command.openStore())
        return *bad;
    if (!target)
        return listContested(command);
    const QString name = target->toString();
    auto ended = command.store->resumeContest(command.clusterKey, name, command.clock.nowUtc(),
                                              operatorIdentity(QStringLiteral("scaledeckctl")));
    if (!ended)
        return command.fail(ended.error());
    if (!*ended) {
        // Not an error, as `override --clear` without an override is not: what was asked for holds.
        command.out << name << " is not contested: the controller corrects it as its schedule says" << Qt::endl;
        return ExitDone;
    }
    command.out << name << ": the controller corrects it again from its next tick; if another controller or tool "
                << "still changes it, it stops again after two put-backs" << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
