// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// audit?since=ISO8601: the audit log of the cluster from an instant on (default: the last 24 hours), oldest first.
#include "apiroutes.h"

namespace scaledeck {

std::optional<ApiReply> auditRoutes(const ApiCall &call, ApiContext &context)
{
    if (call.path.value(0) != QStringLiteral("audit") || call.path.size() != 1)
        return std::nullopt;
    if (!call.isGet())
        return methodNotAllowed(QStringLiteral("GET"));
    const QString sinceText = call.query.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded);
    QDateTime since = context.clock->nowUtc().addDays(-1);
    if (!sinceText.isEmpty()) {
        since = QDateTime::fromString(sinceText, Qt::ISODate);
        if (!since.isValid() || since.timeSpec() == Qt::LocalTime)
            return errorReply(400, QStringLiteral("since takes an ISO 8601 instant with its offset, e.g. "
                                                  "2026-11-30T06:00:00Z, not '%1'")
                                       .arg(sinceText));
    }
    auto entries = context.schedules->audit(context.clusterKey, since.toUTC());
    if (!entries)
        return storeError(entries.error());
    OrderedJson list = OrderedJson::array();
    for (const AuditEntry &entry : *entries)
        list.push_back(OrderedJson{{"id", entry.id},
                                   {"at", isoUtcText(entry.atUtc)},
                                   {"target", jsonText(entry.target)},
                                   {"cause", jsonText(auditCauseName(entry.cause))},
                                   {"before", jsonText(entry.before)},
                                   {"after", jsonText(entry.after)},
                                   {"result", jsonText(entry.resultText())},
                                   {"detail", jsonText(entry.detail)},
                                   {"by", jsonText(entry.holder)}});
    return jsonReply(OrderedJson{{"since", isoUtcText(since)}, {"entries", std::move(list)}});
}

} // namespace scaledeck
