// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// ScaleDeck holds a Ray auth token in memory; a core file written on a crash would carry it to disk (into
// the working directory, or wherever the system's core_pattern sends it). Both executables therefore turn
// core dumps off for themselves at start. Returns an empty string, or why it could not (to be shown).
QString forbidCoreDumps();

} // namespace scaledeck
