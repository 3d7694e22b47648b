// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pricelist.h"
#include "result.h"
#include "storeconnection.h"
#include "writeguard.h"

#include <QString>

#include <map>
#include <optional>

namespace scaledeck {

// What GPUs cost on each cluster, and what "always-on" means for its deployments, in the same SQLite file as
// the other stores (its own connection, WAL). A cluster without a row costs nothing: USD 0 per GPU-hour, so
// reports show hours until someone sets a price. A deployment without an always-on count is compared with
// its peak. Writes are refused (RayErrorKind::ReadOnly) when `guard` is read-only: prices and always-on counts
// are figures everyone who opens the cluster sees.
class PriceStore {
public:
    explicit PriceStore(const QString &databasePath, WriteGuard guard = WriteGuard());
    ~PriceStore();
    PriceStore(const PriceStore &) = delete;
    PriceStore &operator=(const PriceStore &) = delete;

    Result<Done> open();
    QString databasePath() const { return m_store.path(); }

    Result<PriceList> prices(const QString &clusterKey);
    // Replaces the whole list (default, per-type and CPU prices) in one transaction.
    Result<Done> setPrices(const QString &clusterKey, const PriceList &prices);

    // "app/deployment" -> the replicas it would run without scaling; nullopt removes a count (back to the peak).
    Result<std::map<QString, int>> alwaysOnCounts(const QString &clusterKey);
    Result<Done> setAlwaysOnCount(const QString &clusterKey, const QString &target, std::optional<int> replicas);

private:
    StoreConnection m_store;
};

} // namespace scaledeck
