// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetmember.h"

#include "fleetaddress.h"

namespace scaledeck {

QString FleetMember::addressText() const
{
    const QString text = url.toString(QUrl::RemoveUserInfo);
    return kind == Kind::Controller ? controllerSchemePrefix + text : text;
}

QString fleetMemberKindName(FleetMember::Kind kind)
{
    return kind == FleetMember::Kind::Controller ? QStringLiteral("controller") : QStringLiteral("dashboard");
}

} // namespace scaledeck
