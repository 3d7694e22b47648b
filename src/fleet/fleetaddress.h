// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetmember.h"
#include "result.h"

#include <QString>
#include <QUrl>

namespace scaledeck {

// A clusters file names a ScaleDeck controller by this prefix before its URL ("controller+https://sd.example.com");
// any other address is a Ray dashboard.
inline const QString controllerSchemePrefix = QStringLiteral("controller+");

struct FleetAddress {
    FleetMember::Kind kind = FleetMember::Kind::Dashboard;
    QUrl url;
};

// An ADDRESS of a clusters file: "http(s)://host[:port][/path]", a bare "host:port" (http, as Ray's CLI takes
// it), or an http(s) URL after "controller+". The error says what is wrong with it (as --address and --controller
// say it), without the file's name.
[[nodiscard]] Result<FleetAddress> parseFleetAddress(const QString &text);

} // namespace scaledeck
