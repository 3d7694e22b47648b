// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costoverview.h"
#include "pricelist.h"
#include "writeguard.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace scaledeck {

class HistoryStore;
class PriceStore;
class ScheduleStore;

// Lives on the cost view's worker thread; opens its own store connections there on first use.
class CostLoader : public QObject {
    Q_OBJECT
public:
    CostLoader();
    ~CostLoader() override;

public Q_SLOTS:
    // Answers with loaded: loadCostOverview on the stores of `storePath`.
    void load(const QString &storePath, const scaledeck::CostOverviewRequest &request);
    // Writes go through a store with the session's guard (refused for a read-only profile); answers with
    // pricesSaved.
    void savePrices(const QString &storePath, const QString &clusterKey, const scaledeck::PriceList &prices,
                    scaledeck::WriteGuard guard);
    // nullopt: no count, the deployment is compared with its peak again.
    void saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                      std::optional<int> replicas, scaledeck::WriteGuard guard);
    void tearDown(); // in the worker thread: closes the store connections

Q_SIGNALS:
    void loaded(const scaledeck::CostOverview &data);
    void pricesSaved(const QString &error); // prices or an always-on count; empty on success

private:
    bool ensureStores(const QString &storePath, QString *error);

    QString m_storePath;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<PriceStore> m_prices;
    std::unique_ptr<ScheduleStore> m_schedules;
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::CostOverviewRequest)
Q_DECLARE_METATYPE(scaledeck::CostOverview)
Q_DECLARE_METATYPE(scaledeck::PriceList)
