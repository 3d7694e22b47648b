// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "fleetfigures.h"
#include "fleetmember.h"
#include "rayerror.h"
#include "result.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace scaledeck {

// How a fleet member answers, as its row says it.
enum class FleetState {
    Waiting,     // not answered yet: the first poll is on its way
    Answering,   // the latest poll answered: the figures are now
    Unreachable, // no answer yet that could be used (refused, timed out, not Ray, ...): the row's error says why
    AuthRefused, // the cluster refused the token (401, 403); figures from before, if any, are kept
    Stale,       // the latest poll failed (the error says why); the figures are the last good ones, of staleSince
};

// The one text form of each state: "waiting", "answering", "unreachable", "auth refused", "stale".
QString fleetStateName(FleetState state);

// What a controller member's API says of the controller itself (GET health, GET overrides).
struct FleetControllerState {
    bool healthy = false;   // its last tick went through
    bool holdsLock = false; // it is the one acting on the cluster
    QString lockHolder;     // who holds the cluster's lock ("host:pid"), empty when nobody does
    QDateTime lastTickAt;   // invalid before its first tick
    std::optional<int> activeOverrides;
    QString error; // its last tick's error, or why its health could not be read
    bool operator==(const FleetControllerState &) const = default;
};

// One good answer of a member: its figures, and for a controller member the controller's state.
struct FleetReading {
    FleetFigures figures;
    std::optional<FleetControllerState> controller;
    // What the figures were counted from: the window's fleet search looks through it (apps, deployments, states)
    // off the GUI thread. Immutable and shared, so a row's copies cost a pointer.
    SnapshotPtr snapshot;
};

// One row of the fleet: a member as it answers now. A plain value: the poller hands out copies.
struct FleetRow {
    QString name;
    FleetMember::Kind kind = FleetMember::Kind::Dashboard;
    QString address; // FleetMember::addressText()
    FleetState state = FleetState::Waiting;
    std::optional<RayError> error;       // why the latest poll failed; empty while answering or waiting
    std::optional<FleetFigures> figures; // the latest good ones (kept while stale or refused)
    SnapshotPtr snapshot;                // what `figures` were counted from (kept with them); null before
    std::optional<FleetControllerState> controller;
    QDateTime answeredAt; // when `figures` were read; invalid before the first answer
    int failuresInARow = 0;

    bool reachable() const { return state == FleetState::Answering; }
    // When a stale row's figures were read ("stale since"); invalid unless stale.
    QDateTime staleSince() const { return state == FleetState::Stale ? answeredAt : QDateTime(); }
};

// The row of a member not asked yet (Waiting), or that cannot be asked (Unreachable with its setupError).
FleetRow firstRowOf(const FleetMember &member);

// The row after one poll at `now`: an answer makes it Answering with new figures; a refused token AuthRefused; any
// other failure Stale when it has figures from before, else Unreachable.
FleetRow rowAfter(const FleetRow &previous, const Result<FleetReading> &reading, const QDateTime &now);

// Whether `error` is the cluster refusing the token (Ray's 401/403, or the controller's).
bool refusesToken(const RayError &error);

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::FleetRow)
