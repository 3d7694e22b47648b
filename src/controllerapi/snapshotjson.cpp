// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotjson.h"

#include "apicall.h"
#include "snapshotwire.h"

#include <functional>

namespace scaledeck {

namespace {
OrderedJson textOrNull(const QString &text)
{
    return text.isEmpty() ? OrderedJson(nullptr) : OrderedJson(jsonText(text));
}

OrderedJson timeOrNull(const QDateTime &utc)
{
    return utc.isValid() ? OrderedJson(isoUtcText(utc)) : OrderedJson(nullptr);
}
} // namespace

SnapshotContent snapshotContent(const ClusterSnapshot &snapshot, const QString &readError)
{
    OrderedJson wire = snapshotToWire(snapshot);
    SnapshotContent content;
    content.takenAt = std::move(wire["takenAt"]);
    wire.erase("takenAt");
    content.wire = wire.dump();
    const std::string error = readError.toStdString();
    content.hash = std::hash<std::string>{}(content.wire) ^ (std::hash<std::string>{}(error)*31 + 1);
    return content;
}

QByteArray snapshotBody(const SnapshotContent &content, const SnapshotVersionInfo &info)
{
    const std::string head = OrderedJson{
        {"version", info.version},
        {"tickAt", isoUtcText(info.tickAt)},
        {"checkedAt", timeOrNull(info.checkedAt)},
        {"error", textOrNull(info.readError)},
        {"takenAt",
         content.takenAt}}.dump();
    // head is {...} and content.wire {...} (or {}): one object, head's members first.
    QByteArray body;
    body.reserve(qsizetype(head.size() + content.wire.size() + 2));
    body.append(head.data(), qsizetype(head.size()) - 1);
    if (content.wire.size() > 2)
        body.append(',').append(content.wire.data() + 1, qsizetype(content.wire.size()) - 1);
    else
        body.append('}');
    body.append('\n');
    return body;
}

OrderedJson unchangedJson(const SnapshotVersionInfo &info)
{
    return OrderedJson{{"version", info.version},
                       {"unchanged", true},
                       {"checkedAt", timeOrNull(info.checkedAt)},
                       {"error", textOrNull(info.readError)}};
}

} // namespace scaledeck
