// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustersfile.h"

#include "clusterendpoint.h"
#include "controllertoken.h"
#include "fleetaddress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace scaledeck {

namespace {

RayError lineError(const QString &fileName, int line, const QString &what)
{
    return makeError(RayErrorKind::BadSetting, QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(what));
}

// One line without its comment, split at spaces and tabs.
QStringList fieldsOf(const QString &line)
{
    const qsizetype hash = line.indexOf(QLatin1Char('#'));
    static const QRegularExpression blanks(QStringLiteral("[ \\t]+"));
    return line.left(hash < 0 ? line.size() : hash).split(blanks, Qt::SkipEmptyParts);
}

Result<ClustersFileEntry> entryOf(const QStringList &fields, const QString &fileName, int line)
{
    if (fields.size() < 2)
        return lineError(fileName, line,
                         QStringLiteral("'%1' has no address (expected NAME ADDRESS [TOKEN_FILE])").arg(fields[0]));
    if (fields.size() > 3)
        return lineError(fileName, line,
                         QStringLiteral("%1 fields, '%2' is one too many (expected NAME ADDRESS [TOKEN_FILE])")
                             .arg(fields.size())
                             .arg(fields[3]));
    auto address = parseFleetAddress(fields[1]);
    if (!address)
        return lineError(fileName, line, address.error().message);
    return ClustersFileEntry{fields[0], address->kind, address->url, fields.value(2), line};
}

// The member of one entry: its token read now, or the reason it cannot be, as the member's own error.
FleetMember memberOf(const ClustersFileEntry &entry, const QDir &folder)
{
    FleetMember member{entry.name, entry.kind, entry.url, {}, {}, {}, std::nullopt};
    if (entry.tokenFile.isEmpty())
        return member;
    const QString path = QDir::cleanPath(folder.absoluteFilePath(entry.tokenFile));
    if (entry.kind == FleetMember::Kind::Controller) {
        auto token = readControllerToken(path);
        if (!token)
            member.setupError = token.error();
        else
            member.token = token.value();
        member.tokenOrigin = path;
        return member;
    }
    auto token = resolveToken(path, QProcessEnvironment(), QDir::homePath(), QStringLiteral("the clusters file"));
    if (!token) {
        member.setupError = token.error();
        return member;
    }
    member.token = token->token;
    member.tokenOrigin = token->origin;
    return member;
}

} // namespace

Result<std::vector<ClustersFileEntry>> parseClustersFile(const QString &text, const QString &fileName)
{
    std::vector<ClustersFileEntry> entries;
    QSet<QString> names;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int index = 0; index < lines.size(); ++index) {
        const QStringList fields = fieldsOf(lines[index]);
        if (fields.isEmpty())
            continue;
        auto entry = entryOf(fields, fileName, index + 1);
        if (!entry)
            return entry.error();
        if (names.contains(entry->name))
            return lineError(fileName, index + 1,
                             QStringLiteral("the name '%1' is taken by an earlier line").arg(entry->name));
        names.insert(entry->name);
        entries.push_back(std::move(entry.value()));
    }
    if (entries.empty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 names no cluster (one a line: NAME ADDRESS [TOKEN_FILE])").arg(fileName));
    return entries;
}

Result<std::vector<FleetMember>> readClustersFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("cannot read the clusters file %1: %2").arg(path, file.errorString()));
    auto entries = parseClustersFile(QString::fromUtf8(file.readAll()), path);
    if (!entries)
        return entries.error();
    const QDir folder = QFileInfo(path).absoluteDir();
    std::vector<FleetMember> members;
    for (const ClustersFileEntry &entry : entries.value())
        members.push_back(memberOf(entry, folder));
    return members;
}

} // namespace scaledeck
