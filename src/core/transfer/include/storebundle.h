// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

// One cluster's part of a store, row by row as the tables hold it (texts as written, times as ms since the epoch,
// UTC), so that moving it to another store loses nothing: a parked app's config is the stored text itself, an
// audit row's cause and result are the stored words (a newer ScaleDeck's too). What a controller remembers of its
// own work (target state, contests, the lock) is not part of it: the controller that receives a bundle has its own.
struct BundleSchedule {
    QString target; // "app" or "app/deployment"
    QString text;
    std::optional<qint64> updatedMs;
    bool operator==(const BundleSchedule &) const = default;
};
struct BundleOverride {
    QString target;
    int replicas = 0;
    qint64 untilMs = 0;
    qint64 createdMs = 0;
    QString createdBy;
    QString note;
    bool operator==(const BundleOverride &) const = default;
};
struct BundleParked {
    QString app;
    QString config;   // deployed_app_config exactly as stored: unpark puts this back
    QString summary;  // the parked view's summary
    QString parkedAt; // as stored (ISO 8601 with ms)
    bool operator==(const BundleParked &) const = default;
};
struct BundlePrices {
    QString currency;
    double gpuHour = 0;
    std::optional<double> cpuHour;
    std::map<QString, double> gpuHourByAccelerator;
    bool operator==(const BundlePrices &) const = default;
};
struct BundleAudit {
    qint64 atMs = 0;
    QString target, cause, before, after, result, detail, holder;
    bool operator==(const BundleAudit &) const = default;
};
// The history's extent: from the first snapshot to the last, and the compaction mark.
struct BundleHistoryRange {
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    std::optional<qint64> minuteMarkMs;
    bool operator==(const BundleHistoryRange &) const = default;
};
// A usage segment: `value` over [startMs, endMs) of one series ("app/deployment", "capacity", "capacity:A100").
// A segment still open in the store is closed at the history's last snapshot, which is where it ends for every
// reader of that store.
struct BundleSegment {
    QString series;
    qint64 startMs = 0;
    qint64 endMs = 0;
    double value = 0;
    double replicas = 0;
    int tier = 0;
    bool operator==(const BundleSegment &) const = default;
};
// A GPU lease. One still active in the store ends at the history's last snapshot: the store that receives it
// never saw that replica, and would otherwise count it as held for ever.
struct BundleLease {
    QString leaseKey, app, deployment, replicaId;
    double gpus = 0;
    qint64 startMs = 0;
    std::optional<qint64> endMs;
    bool startFromRay = false;
    double cpus = 0;
    QString accelerator;
    bool operator==(const BundleLease &) const = default;
};

struct StoreBundle {
    QString cluster; // the cluster key it was read for
    std::vector<BundleSchedule> schedules;
    std::vector<BundleOverride> overrides;
    std::vector<BundleParked> parked;
    std::optional<BundlePrices> prices; // none: the cluster had no price list
    std::map<QString, int> alwaysOn;
    std::vector<BundleAudit> audit; // oldest first
    std::optional<BundleHistoryRange> historyRange;
    std::vector<BundleSegment> segments;
    std::vector<BundleLease> leases;

    // Equal content; the cluster key is not compared (a bundle is applied to another cluster's key).
    bool sameContent(const StoreBundle &other) const;
};

// The clusters a store holds anything for (schedules, parked apps, prices, history, ...), sorted. The store is
// read, never written: an SQLite file is opened read-only. An error names the file and what is wrong with it
// (missing, unreadable, not an SQLite database, no ScaleDeck tables).
[[nodiscard]] Result<QStringList> storeClusters(const QString &store);
// Everything the store holds for `clusterKey`, read in one transaction. The same errors as storeClusters.
[[nodiscard]] Result<StoreBundle> readStoreBundle(const QString &store, const QString &clusterKey);

// The bundle as JSON: {"format": "scaledeck-store-bundle", "version": 1, "cluster": ..., "schedules": [...], ...}.
nlohmann::json bundleToJson(const StoreBundle &bundle);
// Back from JSON; a 400-worthy error naming the first field that is wrong.
[[nodiscard]] Result<StoreBundle> bundleFromJson(const nlohmann::json &json);

} // namespace scaledeck
