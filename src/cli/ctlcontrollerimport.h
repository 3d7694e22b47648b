// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `controller import FILE [--replace] [--dry-run]` (ctlcontrollerimport.cpp). Internal to scaledeck_cli.

#include "ctlcommandline.h"

namespace scaledeck {

int controllerImportCommand(CtlCommand &command);

} // namespace scaledeck
