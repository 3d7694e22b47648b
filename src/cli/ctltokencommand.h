// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>
#include <QTextStream>

#include <optional>

namespace scaledeck {

// `scaledeckctl token store NAME`: reads a token from standard input (never from the command line, which
// other users see in ps and shells keep in history) and stores it in the OS keychain under NAME.
// Returns nothing when the command is not `token`.
std::optional<int> runTokenCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace scaledeck
