// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QCoreApplication;

namespace scaledeck {

// Installs the English plural forms of the window's texts: tr("%n replica(s)", nullptr, n) reads "1 replica" and
// "2 replicas" (without them Qt shows "replica(s)"). They are built into the binary from translations/scaledeck_en.ts.
// Empty on success, else why they could not be loaded (the window then shows the "(s)" forms).
QString installPluralForms(QCoreApplication *application);

} // namespace scaledeck
