// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fleet members as the fleet's unit tests make them.
#include "fleetmember.h"

namespace scaledeck::testing {

inline FleetMember memberOf(const QString &name, FleetMember::Kind kind, const QString &url,
                            const QByteArray &token = {})
{
    FleetMember member;
    member.name = name;
    member.kind = kind;
    member.url = QUrl(url);
    member.token = token;
    return member;
}

} // namespace scaledeck::testing
