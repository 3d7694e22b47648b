// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "versiontext.h"

namespace scaledeck {

QString versionText(const QString &program, const QString &version, const QString &builtQt, const QString &runningQt)
{
    if (builtQt == runningQt)
        return QStringLiteral("%1 %2 (Qt %3)").arg(program, version, builtQt);
    return QStringLiteral("%1 %2 (built with Qt %3, running on Qt %4)").arg(program, version, builtQt, runningQt);
}

QString versionText(const QString &program)
{
    return versionText(program, QStringLiteral(SCALEDECK_VERSION), QStringLiteral(QT_VERSION_STR),
                       QString::fromLatin1(qVersion()));
}

} // namespace scaledeck
