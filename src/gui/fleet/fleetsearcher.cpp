// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetsearcher.h"

#include <QHash>

namespace scaledeck {

FleetSearcher::FleetSearcher()
{
    qRegisterMetaType<FleetSearchResult>();
}

void FleetSearcher::search(quint64 generation, const QString &query, const std::vector<FleetSearchCluster> &clusters)
{
    if (generation != m_newest.load())
        return; // typed on meanwhile: only the newest query is worth its scan
    auto matches = std::make_shared<std::vector<FleetMatch>>(fleetMatches(query, clusters));
    const size_t digest = fleetMatchesDigest(*matches);
    Q_EMIT found(FleetSearchResult{generation, std::move(matches), digest});
}

size_t fleetMatchesDigest(const std::vector<FleetMatch> &matches)
{
    size_t seed = qHash(matches.size());
    for (const FleetMatch &match : matches) {
        seed = qHashMulti(seed, match.cluster, match.app, match.deployment, match.state, match.replicasRunning,
                          match.replicasTarget, match.hasReplicas);
    }
    return seed;
}

} // namespace scaledeck
