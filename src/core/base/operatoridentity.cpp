// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "operatoridentity.h"

#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

namespace scaledeck {

namespace {
QString userAtHost()
{
    const passwd *entry = getpwuid(geteuid());
    const QString user =
        entry && entry->pw_name ? QString::fromLocal8Bit(entry->pw_name) : QStringLiteral("uid %1").arg(geteuid());
    return user + QLatin1Char('@') + QSysInfo::machineHostName();
}
} // namespace

QString operatorIdentity(const QString &program)
{
    return QStringLiteral("%1 (%2)").arg(userAtHost(), program);
}

QString controllerIdentity(const QString &program, qint64 pid)
{
    return QStringLiteral("%1 by %2 (pid %3)").arg(program, userAtHost()).arg(pid);
}

} // namespace scaledeck
