#include "costdata.h"

#include "historystore.h"
#include "pricestore.h"
#include "scheduleprojection.h"
#include "schedulestore.h"

#include <QTimeZone>

#include <algorithm>
#include <iterator>
#include <map>

namespace scaledeck {

qint64 costWindowSecs(CostWindow window)
{
    switch (window) {
    case CostWindow::Live: return 10 * 60;
    case CostWindow::Hour: return 3600;
    case CostWindow::Day: return 24 * 3600;
    case CostWindow::Week: return 7 * 24 * 3600;
    case CostWindow::Month: return 30 * 24 * 3600;
    }
    return 24 * 3600;
}

QString costWindowName(CostWindow window)
{
    switch (window) {
    case CostWindow::Live: return QStringLiteral("live");
    case CostWindow::Hour: return QStringLiteral("1 h");
    case CostWindow::Day: return QStringLiteral("24 h");
    case CostWindow::Week: return QStringLiteral("7 d");
    case CostWindow::Month: return QStringLiteral("30 d");
    }
    return QString();
}

namespace {
// Local midnight of `date` in UTC. A midnight inside a DST gap (a few zones) becomes the gap's end: Qt
// moves invalid local times forward.
QDateTime localMidnightUtc(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone::systemTimeZone()).toUTC();
}
}  // namespace

QDateTime startOfLocalDay(const QDateTime &nowUtc)
{
    return localMidnightUtc(nowUtc.toLocalTime().date());
}

QDateTime startOfLocalWeek(const QDateTime &nowUtc)
{
    const QDate today = nowUtc.toLocalTime().date();
    return localMidnightUtc(today.addDays(1 - today.dayOfWeek()));
}

QDateTime startOfLocalMonth(const QDateTime &nowUtc)
{
    const QDate today = nowUtc.toLocalTime().date();
    return localMidnightUtc(QDate(today.year(), today.month(), 1));
}

namespace {
void appendError(QString *error, const QString &what, const RayError &cause)
{
    if (!error->isEmpty())
        error->append(QStringLiteral("; "));
    error->append(what + QStringLiteral(": ") + cause.describe());
}

// The report for [from, to) from `leases` (any that overlap it; computeCost clips them) and what the history
// recorded of the nodes. As `scaledeckctl cost` does, a period starts no earlier than the history (`first`):
// before it nothing is known, and counting those hours as always-on would flatter the reduction.
CostReport reportFor(HistoryStore &history, const QString &clusterKey, const std::vector<GpuLease> &leases,
                     const std::optional<QDateTime> &first, QDateTime from, const QDateTime &to,
                     const PriceList &prices, const std::map<QString, int> &alwaysOn, QString *error)
{
    if (first)
        from = std::clamp(*first, from, std::max(from, to));
    auto recorded = history.recordedUsage(clusterKey, from, to);
    if (!recorded)
        appendError(error, QStringLiteral("capacity"), recorded.error());
    return computeCost(leases, recorded ? recorded.value() : RecordedUsage{}, from, to, prices, alwaysOn);
}

}  // namespace

CostViewData loadCostData(const CostRequest &request, HistoryStore &history, PriceStore &priceStore,
                          ScheduleStore &scheduleStore)
{
    CostViewData data;
    data.serial = request.serial;
    data.clusterKey = request.clusterKey;
    data.window = request.window;
    data.nowUtc = request.nowUtc.toUTC();
    const QDateTime now = data.nowUtc;
    const QString &key = request.clusterKey;
    QString *error = &data.error;

    if (auto prices = priceStore.prices(key))
        data.prices = prices.value();
    else
        appendError(error, QStringLiteral("prices"), prices.error());
    if (auto counts = priceStore.alwaysOnCounts(key))
        data.alwaysOn = counts.value();
    else
        appendError(error, QStringLiteral("always-on counts"), counts.error());

    data.windowFromUtc = now.addSecs(-costWindowSecs(request.window));
    UsageQuery query;
    query.fromUtc = data.windowFromUtc;
    query.toUtc = now;
    // Below the chart's 2,000 points a series, with room for the points that mark gaps in the history.
    // No finer than the 10 s the controller records at: an hour is 360 points, not 1,800 copies of them.
    query.maxPoints = int(std::min<qint64>(request.window == CostWindow::Live ? 600 : 1800,
                                           std::max<qint64>(1, costWindowSecs(request.window) / 10)));
    data.bucketMs = usageBucketMs(query.fromUtc.toMSecsSinceEpoch(), query.toUtc.toMSecsSinceEpoch(), query.maxPoints);
    if (auto series = history.usage(key, query))
        data.series = std::move(series).value();
    else
        appendError(error, QStringLiteral("usage"), series.error());

    // Last local week, actual; the coming one, projected from the schedules. A week has 7 local days, which
    // is 167 or 169 hours across a DST change: the boundaries are local midnights, not +168 h.
    const QDateTime weekStart = startOfLocalWeek(now);
    const QDateTime lastWeekStart = localMidnightUtc(weekStart.toLocalTime().date().addDays(-7));
    const QDateTime nextWeekStart = localMidnightUtc(weekStart.toLocalTime().date().addDays(7));

    // One read of the leases for every period shown: each report clips them to its own.
    std::optional<QDateTime> first;
    if (auto recorded = history.firstRecord(key))
        first = recorded.value();
    else
        appendError(error, QStringLiteral("history"), recorded.error());
    const QDateTime earliest = std::min({startOfLocalMonth(now), data.windowFromUtc, lastWeekStart});
    std::vector<GpuLease> leases;
    if (auto read = history.leases(key, earliest, now))
        leases = std::move(read).value();
    else
        appendError(error, QStringLiteral("leases"), read.error());
    data.today = reportFor(history, key, leases, first, startOfLocalDay(now), now, data.prices, data.alwaysOn, error);
    data.week = reportFor(history, key, leases, first, weekStart, now, data.prices, data.alwaysOn, error);
    data.month = reportFor(history, key, leases, first, startOfLocalMonth(now), now, data.prices, data.alwaysOn, error);
    data.inWindow = reportFor(history, key, leases, first, data.windowFromUtc, now, data.prices, data.alwaysOn, error);

    if (auto active = history.activeLeases(key))
        data.activeLeases = std::move(active).value();
    else
        appendError(error, QStringLiteral("active leases"), active.error());

    const CostReport lastWeek = computeCost(leases, RecordedUsage{}, lastWeekStart, weekStart, data.prices);
    data.lastWeekGpuHours = lastWeek.gpuHours;
    data.lastWeekCost = lastWeek.cost;
    // What a replica holds: its config in the latest snapshot, else the leases of the last two weeks (and those
    // active now).
    std::vector<GpuLease> recentLeases;
    std::copy_if(leases.begin(), leases.end(), std::back_inserter(recentLeases), [&](const GpuLease &lease) {
        return !lease.endUtc.isValid() || lease.endUtc > lastWeekStart;
    });
    recentLeases.insert(recentLeases.end(), data.activeLeases.begin(), data.activeLeases.end());

    auto stored = scheduleStore.schedules(key);
    if (!stored) {
        appendError(error, QStringLiteral("schedules"), stored.error());
        return data;
    }
    std::vector<ScheduleOverride> overrides;
    if (auto active = scheduleStore.activeOverrides(key, now))
        overrides = std::move(active).value();
    else
        appendError(error, QStringLiteral("overrides"), active.error());
    const SchedulesProjection projection = projectSchedules(stored.value(), overrides, nextWeekStart,
                                                            request.snapshot.get(), recentLeases, data.prices);
    data.hasProjection = projection.hasSchedules;
    data.projectedGpuHours = projection.gpuHours;
    data.projectedCost = projection.cost;
    data.projectedAlwaysOnGpuHours = projection.alwaysOnGpuHours;
    return data;
}

CostLoader::CostLoader()
{
    qRegisterMetaType<CostRequest>();
    qRegisterMetaType<CostViewData>();
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
        appendError(error, QStringLiteral("history"), opened.error());
        return false;
    }
    if (auto opened = prices->open(); !opened) {
        appendError(error, QStringLiteral("prices"), opened.error());
        return false;
    }
    if (auto opened = schedules->open(); !opened) {
        appendError(error, QStringLiteral("schedules"), opened.error());
        return false;
    }
    m_storePath = storePath;
    m_history = std::move(history);
    m_prices = std::move(prices);
    m_schedules = std::move(schedules);
    return true;
}

void CostLoader::load(const CostRequest &request)
{
    QString error;
    if (!ensureStores(request.storePath, &error)) {
        CostViewData data;
        data.serial = request.serial;
        data.clusterKey = request.clusterKey;
        data.window = request.window;
        data.nowUtc = request.nowUtc;
        data.error = error;
        Q_EMIT loaded(data);
        return;
    }
    Q_EMIT loaded(loadCostData(request, *m_history, *m_prices, *m_schedules));
}

void CostLoader::savePrices(const QString &storePath, const QString &clusterKey, const PriceList &prices,
                            WriteGuard guard)
{
    QString error;
    PriceStore store(storePath, guard);  // the loader's own stores only read
    if (auto saved = store.setPrices(clusterKey, prices); !saved)
        appendError(&error, QStringLiteral("prices"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                              std::optional<int> replicas, WriteGuard guard)
{
    QString error;
    PriceStore store(storePath, guard);
    if (auto saved = store.setAlwaysOnCount(clusterKey, target, replicas); !saved)
        appendError(&error, QStringLiteral("always-on count"), saved.error());
    Q_EMIT pricesSaved(error);
}

void CostLoader::tearDown()
{
    m_schedules.reset();
    m_prices.reset();
    m_history.reset();
    m_storePath.clear();
}

}  // namespace scaledeck
