#pragma once

#include "costreport.h"
#include "historystore.h"
#include "leasetracker.h"
#include "writeguard.h"

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace scaledeck {

class HistoryStore;
class PriceStore;
class ScheduleStore;

// The chart windows of the cost view. Live is the last ten minutes, refreshed often.
enum class CostWindow { Live, Hour, Day, Week, Month };
qint64 costWindowSecs(CostWindow window);
QString costWindowName(CostWindow window);  // "live", "1 h", "24 h", "7 d", "30 d"

// Period starts in the machine's local zone, returned in UTC: today 00:00, this Monday 00:00, the 1st 00:00.
QDateTime startOfLocalDay(const QDateTime &nowUtc);
QDateTime startOfLocalWeek(const QDateTime &nowUtc);
QDateTime startOfLocalMonth(const QDateTime &nowUtc);

struct CostRequest {
    quint64 serial = 0;  // answered in CostViewData::serial, so the view drops stale answers
    QString storePath;
    QString clusterKey;
    CostWindow window = CostWindow::Day;
    QDateTime nowUtc;
    SnapshotPtr snapshot;  // the cluster as last polled (optional): what a scheduled replica holds by its config
};

// Everything the cost view shows, loaded off the GUI thread in one go.
struct CostViewData {
    quint64 serial = 0;
    QString clusterKey;
    CostWindow window = CostWindow::Day;
    QDateTime nowUtc;
    QDateTime windowFromUtc;
    std::vector<UsageSeries> series;  // deployments (stacked), "other", "capacity"
    qint64 bucketMs = 0;              // the series' bucket width
    PriceList prices;
    std::map<QString, int> alwaysOn;  // configured always-on counts by "app/deployment"
    CostReport today;
    CostReport week;
    CostReport month;
    CostReport inWindow;              // the chart's window: the table and the savings line
    std::vector<GpuLease> activeLeases;
    // The coming local week under the stored schedules (scheduled targets only), and last week's actual.
    bool hasProjection = false;
    double projectedGpuHours = 0;
    double projectedCost = 0;
    double projectedAlwaysOnGpuHours = 0;
    double lastWeekGpuHours = 0;
    double lastWeekCost = 0;
    QString error;                    // empty when everything loaded
};

// The loader itself, synchronous: for the worker thread (and for tests). Opens nothing; uses the stores given.
CostViewData loadCostData(const CostRequest &request, HistoryStore &history, PriceStore &prices,
                          ScheduleStore &schedules);

// Lives on the cost view's worker thread; opens its own store connections there on first use.
class CostLoader : public QObject {
    Q_OBJECT
public:
    CostLoader();
    ~CostLoader() override;

public Q_SLOTS:
    void load(const scaledeck::CostRequest &request);
    // Writes go through a store with the session's guard (refused for a read-only profile); answers with
    // pricesSaved.
    void savePrices(const QString &storePath, const QString &clusterKey, const scaledeck::PriceList &prices,
                    scaledeck::WriteGuard guard);
    // nullopt: no count, the deployment is compared with its peak again.
    void saveAlwaysOn(const QString &storePath, const QString &clusterKey, const QString &target,
                      std::optional<int> replicas, scaledeck::WriteGuard guard);
    void tearDown();  // in the worker thread: closes the store connections

Q_SIGNALS:
    void loaded(const scaledeck::CostViewData &data);
    void pricesSaved(const QString &error);  // prices or an always-on count; empty on success

private:
    bool ensureStores(const QString &storePath, QString *error);

    QString m_storePath;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<PriceStore> m_prices;
    std::unique_ptr<ScheduleStore> m_schedules;
};

}  // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::CostRequest)
Q_DECLARE_METATYPE(scaledeck::CostViewData)
Q_DECLARE_METATYPE(scaledeck::PriceList)
