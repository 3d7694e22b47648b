// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetrow.h"

namespace scaledeck {

QString fleetStateName(FleetState state)
{
    switch (state) {
    case FleetState::Waiting:
        return QStringLiteral("waiting");
    case FleetState::Answering:
        return QStringLiteral("answering");
    case FleetState::Unreachable:
        return QStringLiteral("unreachable");
    case FleetState::AuthRefused:
        return QStringLiteral("auth refused");
    case FleetState::Stale:
        return QStringLiteral("stale");
    }
    return {};
}

bool refusesToken(const RayError &error)
{
    if (error.kind == RayErrorKind::Unauthorized || error.kind == RayErrorKind::Forbidden)
        return true;
    return error.kind == RayErrorKind::Controller && (error.httpStatus == 401 || error.httpStatus == 403);
}

FleetRow firstRowOf(const FleetMember &member)
{
    FleetRow row;
    row.name = member.name;
    row.kind = member.kind;
    row.address = member.addressText();
    if (member.setupError) {
        row.state = FleetState::Unreachable;
        row.error = member.setupError;
    }
    return row;
}

FleetRow rowAfter(const FleetRow &previous, const Result<FleetReading> &reading, const QDateTime &now)
{
    FleetRow row = previous;
    if (reading) {
        row.state = FleetState::Answering;
        row.error.reset();
        row.figures = reading->figures;
        row.snapshot = reading->snapshot;
        row.controller = reading->controller;
        row.answeredAt = now;
        row.failuresInARow = 0;
        return row;
    }
    row.error = reading.error();
    ++row.failuresInARow;
    if (refusesToken(reading.error()))
        row.state = FleetState::AuthRefused;
    else
        row.state = row.figures ? FleetState::Stale : FleetState::Unreachable;
    return row;
}

} // namespace scaledeck
