// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "snapshotparser.h"

#include <QByteArray>
#include <QHash>

namespace scaledeck {

// Reads successive GET /api/serve/applications/ bodies of one cluster, re-reading only the applications
// whose JSON text changed since the previous body: a light structural scan finds each app's object in the
// text, and an app whose bytes equal last time's reuses last time's ApplicationSnapshot. A poller of a large
// cluster where few apps change between polls thus pays mostly for the scan, not for parsing. The first body,
// and any body the scan cannot follow, is read in full by readServeState().
class IncrementalServeReader {
public:
    Result<ServeState> read(const QByteArray &body);

    struct Stats {
        int reused = 0;
        int reparsed = 0;
        bool fullRead = false;
    };
    const Stats &lastStats() const { return m_stats; }

private:
    struct Span {
        qsizetype offset = 0;
        qsizetype length = 0;
    };
    struct Entry {
        Span span;
        ApplicationSnapshot app;
    };

    Result<ServeState> readFully(const QByteArray &body);
    void remember(const QByteArray &body, QHash<QString, Entry> entries);

    QByteArray m_body; // the previous body, which the spans point into
    QHash<QString, Entry> m_entries;
    Stats m_stats;
};

} // namespace scaledeck
