// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotjson.h"

#include "apicall.h"
#include "snapshotwire.h"

namespace scaledeck {

OrderedJson snapshotJson(const ClusterSnapshot &snapshot, qint64 version, const QDateTime &tickAt)
{
    OrderedJson json{{"version", version}, {"tickAt", isoUtcText(tickAt)}};
    OrderedJson wire = snapshotToWire(snapshot);
    for (auto it = wire.begin(); it != wire.end(); ++it)
        json[it.key()] = std::move(it.value());
    return json;
}

} // namespace scaledeck
