// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `audit [--since ISO8601] [--json]`: what the schedule controller decided on this cluster, oldest first.
#include "ctlcommands.h"
#include "ctlschedulecommon.h"

#include <QLocale>

namespace scaledeck {

int auditCommand(ScheduleCommand &command)
{
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    const std::optional<QDateTime> since = auditSince(command);
    if (!since)
        return ExitUsage;
    if (auto bad = command.openStore())
        return *bad;
    auto entries = command.store->audit(command.clusterKey, *since);
    if (!entries)
        return command.fail(entries.error());
    printAudit(command, *entries, *since, command.clusterKey, false);
    return ExitDone;
}

std::optional<QDateTime> auditSince(const CtlCommand &command)
{
    // The audit log spans targets in different zones: times typed without an offset, and shown, are local.
    QDateTime since = command.clock.nowUtc().addSecs(-24 * 3600);
    if (command.parser.isSet(QStringLiteral("since"))) {
        const QString sinceText = command.parser.value(QStringLiteral("since"));
        const std::optional<TypedInstant> typed = parseTypedInstant(sinceText);
        if (!typed) {
            command.usage(badInstantMessage(QStringLiteral("--since"), sinceText));
            return std::nullopt;
        }
        since = typed->toUtc(QTimeZone::systemTimeZone());
    }
    return since;
}

void printAudit(const CtlCommand &command, const std::vector<AuditEntry> &entries, const QDateTime &since,
                const QString &where, bool withHolder)
{
    const QTimeZone local = QTimeZone::systemTimeZone();
    if (command.parser.isSet(QStringLiteral("json"))) {
        OrderedJson list = OrderedJson::array();
        for (const AuditEntry &entry : entries) {
            list.push_back(OrderedJson{{"id", entry.id},
                                       {"at_utc", isoUtc(entry.atUtc).toStdString()},
                                       {"target", entry.target.toStdString()},
                                       {"cause", auditCauseName(entry.cause).toStdString()},
                                       {"before", entry.before.toStdString()},
                                       {"after", entry.after.toStdString()},
                                       {"result", entry.resultText().toStdString()},
                                       {"detail", entry.detail.toStdString()},
                                       {"holder", entry.holder.toStdString()}});
        }
        command.out << QString::fromStdString(list.dump(2)) << Qt::endl;
        return;
    }
    if (entries.empty()) {
        command.out << "No audit entries on " << where << " since " << shownLocal(since, local) << "." << Qt::endl;
        return;
    }
    std::vector<QStringList> rows;
    for (const AuditEntry &entry : entries) {
        rows.push_back({QLocale::c().toString(entry.atUtc.toTimeZone(local), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                        entry.target, auditCauseName(entry.cause),
                        QStringLiteral("%1 → %2").arg(entry.before, entry.after), entry.resultText()});
        if (withHolder)
            rows.back().append(QStringLiteral("by ") + entry.holder);
        rows.back().append(entry.detail);
    }
    for (const QString &line : tableRows(rows, QString()))
        command.out << line << "\n";
    command.out.flush();
}

} // namespace scaledeck
