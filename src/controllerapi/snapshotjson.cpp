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

OrderedJson snapshotJson(const ClusterSnapshot &snapshot, const SnapshotVersionInfo &info)
{
    OrderedJson json{{"version", info.version},
                     {"tickAt", isoUtcText(info.tickAt)},
                     {"checkedAt", timeOrNull(info.checkedAt)},
                     {"error", textOrNull(info.readError)}};
    OrderedJson wire = snapshotToWire(snapshot);
    for (auto it = wire.begin(); it != wire.end(); ++it)
        json[it.key()] = std::move(it.value());
    return json;
}

OrderedJson unchangedJson(const SnapshotVersionInfo &info)
{
    return OrderedJson{{"version", info.version},
                       {"unchanged", true},
                       {"checkedAt", timeOrNull(info.checkedAt)},
                       {"error", textOrNull(info.readError)}};
}

std::size_t snapshotContentHash(const ClusterSnapshot &snapshot, const QString &readError)
{
    OrderedJson content = snapshotToWire(snapshot);
    content.erase("takenAt");
    content["error"] = textOrNull(readError);
    return std::hash<std::string>{}(content.dump());
}

} // namespace scaledeck
