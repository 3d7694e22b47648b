// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the commands run through a controller share (ctlcontrollerschedules.cpp, ctlcontrollercluster.cpp): reading
// the API's JSON without trusting its shape, and the checks of their arguments. Internal to scaledeck_cli.

#include "apijson.h" // textAt, flagAt, integerAt, instantAt: reading the answers
#include "ctlcontroller.h"
#include "schedule.h"
#include "schedulerules.h"

#include <QDateTime>

#include <optional>

namespace scaledeck::ctlcontroller {

using Json = nlohmann::json;
constexpr int kMostReplicas = schedulerules::kMaxReplicas; // as the local commands

// The array `key` of an answer; nullptr after printing that the answer lacks it.
const Json *listOf(ControllerCommand &controller, const ControllerReply &reply, const char *key);
// "schedules/app/deployment": a target in a URL path (the client encodes its segments one by one).
QString targetPath(const char *family, const ScheduleTarget &target);
// --read-only forbids changes through a controller as it does locally: exit 2 after saying so.
std::optional<int> refuseIfReadOnly(const CtlCommand &command, const QString &what);

} // namespace scaledeck::ctlcontroller
