// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costloader.h"

#include "historystore.h"
#include "pricestore.h"
#include "schedulestore.h"

namespace scaledeck {

CostLoader::CostLoader()
{
    qRegisterMetaType<CostOverviewRequest>();
    qRegisterMetaType<CostOverview>();
    qRegisterMetaType<PriceList>();
}

CostLoader::~CostLoader() = default;

bool CostLoader::ensureStores(const QString &storePath, QString *error)
{
    if (m_history && m_storePath == storePath)
        return true;
    tearDown();
    auto history = std::make_unique<HistoryStore>(storePath);
    auto prices = std::make_unique<PriceStore>(storePath);
    auto schedules = std::make_unique<ScheduleStore>(storePath);
    if (auto opened = history->open(); !opened) {
        appendCostError(error, QStringLiteral("history"), opened.error());
        return false;
    }
    if (auto opened = prices->open(); !opened) {
        appendCostError(error, QStringLiteral("prices"), opened.error());
        return false;
    }
    if (auto opened = schedules->open(); !opened) {
        appendCostError(error, QStringLiteral("schedules"), opened.error());
        return false;
    }
    m_storePath = storePath;
    m_history = std::move(history);
    m_prices = std::move(prices);
    m_schedules = std::move(schedules);
    return true;
}

void CostLoader::load(const QString &storePath, const CostOverviewRequest &request)
{
    QString error;
    if (!ensureStores(storePath, &error)) {
        CostOverview data;
        data.serial = request.serial;
        data.clusterKey = request.clusterKey;
        data.window = request.window;
        data.nowUtc = request.nowUtc;
        data.error = error;
        Q_EMIT loaded(data);
        return;
    }
    Q_EMIT loaded(loadCostOverview(request, *m_history, *m_prices, *m_schedules));
}

void CostLoader::savePrices(const QString &storePath, const QString &clusterKey, const PriceList &prices,
                            WriteGuard guard)
{
    QString error;
    PriceStore store(storePath, guard); // the loader's own stores only read
    if (auto saved = store.setPrices(clusterKey, prices); !saved)
        appendCostError(&error, QStringLiteral("prices"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                              std::optional<int> replicas, WriteGuard guard)
{
    QString error;
    PriceStore store(storePath, guard);
    if (auto saved = store.setAlwaysOnCount(clusterKey, target, replicas); !saved)
        appendCostError(&error, QStringLiteral("always-on count"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::tearDown()
{
    m_schedules.reset();
    m_prices.reset();
    m_history.reset();
    m_storePath.clear();
}

} // namespace scaledeck
