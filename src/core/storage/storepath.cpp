// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "storepath.h"

#include <QDir>
#include <QStandardPaths>

namespace scaledeck {

QString defaultStorePath()
{
    const QString fromEnv = qEnvironmentVariable("SCALEDECK_STORE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share");
    return dir + QStringLiteral("/scaledeck/scaledeck.sqlite");
}

} // namespace scaledeck
