// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ctlcommandline.h"

namespace scaledeck {

// `scaledeckctl token store NAME`: reads a token from standard input (never from the command line, which
// other users see in ps and shells keep in history) and stores it in the OS keychain under NAME.
// A Words command of the table: `command.args` holds every word after the program name.
int tokenStoreCommand(CtlCommand &command);

} // namespace scaledeck
