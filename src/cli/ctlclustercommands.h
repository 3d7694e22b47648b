// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// scaledeckctl's commands that look at or change the Serve applications of the cluster (status, scale, park,
// unpark, parked, parked discard), and the check they share. Internal to scaledeck_cli: they run from the
// command table (ctlcommandtable.cpp); `run` is in ctlruncommand.h.

#include "ctlcommandline.h"

#include <optional>

namespace scaledeck {

// Every cluster command takes --timeout (how long a change is followed) and refuses one that is no positive
// number of seconds, whether or not it follows anything. An exit code after the usage error.
std::optional<int> checkTimeout(const CtlCommand &command); // ctlchangecommands.cpp

struct CtlContext;
struct ClusterSnapshot;
class ChangeSet;
// Before a park or scale-down, the requests each target served in the last 5 minutes, read from Prometheus
// (RAY_PROMETHEUS_HOST): warnings on stderr, "# traffic:" lines on stdout in a dry run. Without a Prometheus,
// nothing; a failed query is said, never taken for idle. (ctltrafficwarning.cpp)
void warnOfRecentTraffic(const CtlCommand &command, CtlContext &context, const ClusterSnapshot &snapshot,
                         const ChangeSet &changes, bool dryRun);

int statusCommand(CtlCommand &command);        // ctlstatuscommands.cpp
int parkedCommand(CtlCommand &command);        // ctlstatuscommands.cpp
int parkedDiscardCommand(CtlCommand &command); // ctlstatuscommands.cpp
int scaleCommand(CtlCommand &command);         // ctlchangecommands.cpp
int parkCommand(CtlCommand &command);          // ctlchangecommands.cpp
int unparkCommand(CtlCommand &command);        // ctlchangecommands.cpp
int targetsCommand(CtlCommand &command);       // ctltargetscommand.cpp

} // namespace scaledeck
