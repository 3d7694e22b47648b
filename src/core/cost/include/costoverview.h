// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "costreport.h"
#include "costwindow.h"
#include "historystore.h"
#include "leasetracker.h"
#include "pricelist.h"
#include "rayerror.h"
#include "servingcost.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <future>
#include <map>
#include <vector>

namespace scaledeck {

class PriceStore;
class ScheduleStore;

// One cluster's costs seen through a chart window, at `nowUtc`.
struct CostOverviewRequest {
    quint64 serial = 0; // answered in CostOverview::serial, so a caller can drop stale answers
    QString clusterKey;
    CostWindow window = CostWindow::Day;
    QDateTime nowUtc;
    SnapshotPtr snapshot; // the cluster as last polled (optional): what a scheduled replica holds by its config
};

// Everything the cost tab shows, read in one go.
struct CostOverview {
    quint64 serial = 0;
    QString clusterKey;
    CostWindow window = CostWindow::Day;
    QDateTime nowUtc;
    QDateTime windowFromUtc;
    std::vector<UsageSeries> series; // deployments (stacked), "other", "capacity"
    qint64 bucketMs = 0;             // the series' bucket width
    PriceList prices;
    std::map<QString, int> alwaysOn; // configured always-on counts by "app/deployment"
    CostReport today;
    CostReport week;
    CostReport month;
    CostReport inWindow; // the chart's window: the table and the savings line
    std::vector<GpuLease> activeLeases;
    // What each deployment's leases held in inWindow's period (heldGpusOf): what servingCost is set against.
    HeldGpusByDeployment windowHeld;
    // The coming local week under the stored schedules (scheduled targets only), and last week's actual.
    bool hasProjection = false;
    double projectedGpuHours = 0;
    double projectedCost = 0;
    double projectedAlwaysOnGpuHours = 0;
    double lastWeekGpuHours = 0;
    double lastWeekCost = 0;
    QString error; // empty when everything loaded
};

// How a load reads its usage: the chart's series and what the history recorded in each reported period
// (HistoryStore::usageAndRecorded). The Cost tab's loader reads it on a UsageReadThread while it reads the leases.
using UsageRead = std::function<std::future<Result<UsageReading>>(const QString &clusterKey, const UsageQuery &query,
                                                                  const std::vector<TimeRange> &periods)>;

// Synchronous, for a worker thread (and for tests). Opens nothing; uses the stores given, and `readUsage` when given
// (without it, the usage is read on `history` too). What cannot be read is left empty and named in
// CostOverview::error; the rest is still read.
CostOverview loadCostOverview(const CostOverviewRequest &request, HistoryStore &history, PriceStore &prices,
                              ScheduleStore &schedules, const UsageRead &readUsage = {});

// Adds "what: cause" to `error`, after a "; " if it has text already: CostOverview::error names every part that
// failed, in this form.
void appendCostError(QString *error, const QString &what, const RayError &cause);

} // namespace scaledeck
