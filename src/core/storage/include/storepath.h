// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// The SQLite file every store of ScaleDeck opens (parked apps, schedules, audit, history, prices):
// $SCALEDECK_STORE, else ~/.local/share/scaledeck/scaledeck.sqlite (the XDG data folder).
QString defaultStorePath();

} // namespace scaledeck
