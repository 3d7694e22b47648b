// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetmember.h"
#include "profilestore.h"

#include <QProcessEnvironment>

#include <functional>
#include <vector>

class QObject;

namespace scaledeck {

// The window's fleet members, one a saved profile (membersFromProfiles). Tokens in the OS keychain are read first,
// all at once and asynchronously (the keychain answers over D-Bus, maybe after asking the user to unlock it), so
// the GUI thread never waits; a token that cannot be read there makes its member's row say why. Token files are
// read as the window reads them when it connects. `done` runs once every keychain read has answered, at once
// (before this returns) when no profile keeps its token there; never once `context` is gone.
void readFleetMembers(const std::vector<ConnectionProfile> &profiles, const QProcessEnvironment &environment,
                      QObject *context, std::function<void(std::vector<FleetMember>)> done);

} // namespace scaledeck
