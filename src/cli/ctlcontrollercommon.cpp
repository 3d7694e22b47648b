// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcontrollercommon.h"

#include "ctlcommands.h"

namespace scaledeck::ctlcontroller {

// The array `key` of an answer; nullptr after printing that the answer lacks it.
const Json *listOf(ControllerCommand &controller, const ControllerReply &reply, const char *key)
{
    const auto found = reply.body.is_object() ? reply.body.find(key) : reply.body.end();
    if (found != reply.body.end() && found->is_array())
        return &*found;
    controller.command.fail(QStringLiteral("the controller at %1 answered without the list '%2': is it a ScaleDeck "
                                           "controller of this version?")
                                .arg(controller.where, QString::fromLatin1(key)));
    return nullptr;
}

// A target in a URL path: its segments are encoded one by one by the client.
QString targetPath(const char *family, const ScheduleTarget &target)
{
    return QString::fromLatin1(family) + u'/' + target.toString();
}

// --read-only forbids changes through a controller as it does locally (exit 2).
std::optional<int> refuseIfReadOnly(const CtlCommand &command, const QString &what)
{
    if (!command.writeGuard().isReadOnly())
        return std::nullopt;
    command.err << "scaledeckctl: --read-only: not changing anything (" << what << ")" << Qt::endl;
    return ExitUsage;
}

} // namespace scaledeck::ctlcontroller
