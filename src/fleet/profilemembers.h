// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fleet of the saved connection profiles (ProfileStore): one member a profile, a Ray profile as a dashboard
// member, a profile through a controller as a controller member.

#include "clusterendpoint.h"
#include "fleetmember.h"
#include "profilestore.h"
#include "result.h"

#include <QProcessEnvironment>

#include <functional>
#include <vector>

namespace scaledeck {

// The token to send for a profile: its Ray token for a Ray profile, its controller token for a controller profile.
// The caller supplies it, since a token in the OS keychain is read by a library the fleet does not link (the CLI
// waits for it, the window asks asynchronously before it makes the members).
using ProfileTokenReader = std::function<Result<ResolvedToken>(const ConnectionProfile &)>;

// The token of a profile that keeps it in a file: the Ray token by resolveToken's rules (a profile without a file
// falls back to RAY_AUTH_TOKEN and Ray's own locations, as the window does), the controller token by
// readControllerToken's. A profile whose token is in the keychain is an error here: read it there.
[[nodiscard]] Result<ResolvedToken>
readProfileTokenFile(const ConnectionProfile &profile, const QProcessEnvironment &environment, const QString &homeDir);

// One member a profile, in the store's order. A profile whose address or token cannot be used is still a member,
// with that reason as its setupError.
std::vector<FleetMember> membersFromProfiles(const std::vector<ConnectionProfile> &profiles,
                                             const ProfileTokenReader &readToken,
                                             const QProcessEnvironment &environment);

} // namespace scaledeck
