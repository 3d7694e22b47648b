// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rayerror.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace scaledeck {

// One cluster of the fleet, ready to be asked: where it answers, how, and with which token (only in memory; never
// written or shown). From a saved profile (membersFromProfiles) or a line of a clusters file (readClustersFile).
struct FleetMember {
    enum class Kind {
        Dashboard,  // Ray's dashboard, asked directly (fetchSnapshot through a DashboardClient)
        Controller, // a ScaleDeck controller (`scaledeckctl run --listen`), asked through its API
    };
    QString name;
    Kind kind = Kind::Dashboard;
    QUrl url;            // the dashboard's or the controller's base URL
    QByteArray token;    // empty: none sent
    QString tokenOrigin; // where the token came from, for messages ("/home/ann/.ray/lab-token")
    QString caFile;      // https to a dashboard: the CA file to trust instead of the system's
    // Why this member cannot be asked at all (its token file is unreadable, its address is bad): shown as its
    // row's error; the rest of the fleet is asked as usual.
    std::optional<RayError> setupError;

    // The address as a user gives it: the URL, with "controller+" before a controller's.
    QString addressText() const;
};

// "dashboard" or "controller": the one text form (JSON's "kind").
QString fleetMemberKindName(FleetMember::Kind kind);

} // namespace scaledeck
