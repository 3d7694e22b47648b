// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "usersfile.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <sys/stat.h>

namespace scaledeck {

QString apiRoleName(ApiRole role)
{
    return role == ApiRole::Operator ? QStringLiteral("operator") : QStringLiteral("viewer");
}

std::optional<ApiRole> apiRoleFromName(const QString &name)
{
    if (name == QStringLiteral("viewer"))
        return ApiRole::Viewer;
    if (name == QStringLiteral("operator"))
        return ApiRole::Operator;
    return std::nullopt;
}

Result<std::vector<ApiUser>> parseUsers(const QByteArray &content, const QString &fileName)
{
    std::vector<ApiUser> users;
    QHash<QString, int> nameLines;
    QHash<QByteArray, int> tokenLines;
    const QList<QByteArray> lines = content.split('\n');
    static const QRegularExpression spaces(QStringLiteral("[ \\t]+"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i) + 1;
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto fail = [&](const QString &why) {
            return makeError(RayErrorKind::BadSetting, QStringLiteral("%1:%2: %3").arg(fileName).arg(lineNo).arg(why));
        };
        const QStringList fields = line.split(spaces);
        if (fields.size() != 3)
            return fail(QStringLiteral("expected NAME ROLE TOKEN, found %1 field%2")
                            .arg(fields.size())
                            .arg(fields.size() == 1 ? QString() : QStringLiteral("s")));
        const std::optional<ApiRole> role = apiRoleFromName(fields[1]);
        if (!role)
            return fail(QStringLiteral("unknown role '%1' (viewer or operator)").arg(fields[1]));
        const QByteArray token = fields[2].toUtf8();
        if (token.size() < 16)
            return fail(QStringLiteral("the token of %1 is shorter than 16 characters").arg(fields[0]));
        if (const int first = nameLines.value(fields[0]); first != 0)
            return fail(QStringLiteral("%1 is already on line %2").arg(fields[0]).arg(first));
        if (const int first = tokenLines.value(token); first != 0)
            return fail(QStringLiteral("the token of %1 is the same as the one on line %2").arg(fields[0]).arg(first));
        nameLines.insert(fields[0], lineNo);
        tokenLines.insert(token, lineNo);
        users.push_back(ApiUser{fields[0], *role, token});
    }
    if (users.empty())
        return makeError(RayErrorKind::BadSetting, QStringLiteral("%1: names nobody (one line per person: NAME ROLE "
                                                                  "TOKEN)")
                                                       .arg(fileName));
    return users;
}

Result<std::vector<ApiUser>> readUsersFile(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("cannot read %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno))));
    const unsigned mode = info.st_mode & 07777;
    if ((mode & 077) != 0)
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 has mode %2, but it holds tokens: it must be readable by its owner only "
                                        "(chmod 600 %1)")
                             .arg(path, QStringLiteral("0%1").arg(mode, 3, 8, QLatin1Char('0'))));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(RayErrorKind::BadSetting, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return parseUsers(file.readAll(), path);
}

} // namespace scaledeck
