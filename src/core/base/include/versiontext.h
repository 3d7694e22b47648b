// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// What `--version` prints for `program`: "scaledeckctl 0.1.0 (Qt 6.4.2)". A bug report needs the Qt the binary
// runs on as much as the one it was built with, so when they differ both are named.
QString versionText(const QString &program, const QString &version, const QString &builtQt, const QString &runningQt);
// The same for this build: SCALEDECK_VERSION, QT_VERSION_STR and qVersion().
QString versionText(const QString &program);

} // namespace scaledeck
