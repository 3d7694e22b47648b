// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetsearch.h"

#include <QMetaType>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace scaledeck {

// One search's answer. `digest` stands for the matches (a hash of every field), so the page can tell a search
// that found what is shown already without comparing thousands of matches on the GUI thread.
struct FleetSearchResult {
    quint64 generation = 0;
    std::shared_ptr<const std::vector<FleetMatch>> matches;
    size_t digest = 0;
};

// Runs fleetMatches on the thread it lives on (a WorkerThread of the Fleet page), so typing in the filter never
// scans 10,000 deployments on the GUI thread. A search that a newer one replaced before it started is skipped.
class FleetSearcher : public QObject {
    Q_OBJECT
public:
    FleetSearcher();

    // The generation of the newest search asked for; set by the asker before it queues search().
    std::atomic<quint64> &newest() { return m_newest; }
    // Call queued. Answers with found(), unless a newer search was asked for meanwhile.
    void search(quint64 generation, const QString &query, const std::vector<FleetSearchCluster> &clusters);

Q_SIGNALS:
    void found(const scaledeck::FleetSearchResult &result);

private:
    std::atomic<quint64> m_newest{0};
};

size_t fleetMatchesDigest(const std::vector<FleetMatch> &matches);

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::FleetSearchResult)
