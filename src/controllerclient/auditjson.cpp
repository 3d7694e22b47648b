// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "auditjson.h"

#include "apijson.h"

namespace scaledeck {

Result<std::vector<AuditEntry>, QString> auditEntriesFromApi(const nlohmann::json &body)
{
    const auto list = body.is_object() ? body.find("entries") : body.end();
    if (list == body.end() || !list->is_array())
        return QStringLiteral("the answer has no \"entries\" list");
    std::vector<AuditEntry> entries;
    entries.reserve(list->size());
    for (const nlohmann::json &row : *list) {
        AuditEntry entry{.id = integerAt(row, "id").value_or(0),
                         .atUtc = instantAt(row, "at"),
                         .target = textAt(row, "target"),
                         .cause = auditCauseFromName(textAt(row, "cause")).value_or(AuditCause::Schedule),
                         .before = textAt(row, "before"),
                         .after = textAt(row, "after"),
                         .result = auditResultFromName(textAt(row, "result")),
                         .detail = textAt(row, "detail"),
                         .holder = textAt(row, "by")};
        if (entry.result == AuditResult::Unrecognized)
            entry.unrecognizedResult = textAt(row, "result");
        entries.push_back(std::move(entry));
    }
    return entries;
}

} // namespace scaledeck
