// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "storeconnection.h"
#include "writeguard.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// An application taken out of the cluster's Serve config to free its replicas. `configJson` is its
// deployed_app_config exactly as Ray echoed it (key order kept): unpark puts exactly this back.
struct ParkedApp {
    QString name;
    QByteArray configJson;
    QByteArray summaryJson; // deployments with their last target and resources, for the view
    QDateTime parkedAt;
};

// Durable store (SQLite) of parked applications, per cluster. A record is written and committed before
// the PUT that removes the app, and deleted only once the app is back in the cluster.
class ParkedStore {
public:
    // Opens (creating if needed) the database at `databasePath` on a connection of its own, so stores
    // in different threads never share one. Saving and removing are refused when `guard` is read-only.
    explicit ParkedStore(const QString &databasePath, WriteGuard guard = WriteGuard());
    ~ParkedStore();
    ParkedStore(const ParkedStore &) = delete;
    ParkedStore &operator=(const ParkedStore &) = delete;

    Result<Done> open();
    QString databasePath() const { return m_store.path(); }
    const WriteGuard &writeGuard() const { return m_store.guard(); }

    Result<Done> save(const QString &clusterKey, const ParkedApp &app);
    Result<std::vector<ParkedApp>> list(const QString &clusterKey);
    Result<Done> remove(const QString &clusterKey, const QString &appName);
    // Removes the record only if it is still the one stored at `storedAt`: a park that saved a new record
    // meanwhile (which its PUT may make the app's only copy) is never dropped by a discard meant for the old.
    Result<Done> removeStoredAt(const QString &clusterKey, const QString &appName, const QDateTime &storedAt);

private:
    // Deletes the app's record (only the one stored at `storedAt`, if given); returns how many went.
    Result<int> deleteRecords(const QString &clusterKey, const QString &appName,
                              const std::optional<QDateTime> &storedAt);

    StoreConnection m_store;
};

} // namespace scaledeck
