// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "historystore.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QStringList>

#include <vector>

namespace scaledeck {

// What GpuUsageChart draws, made from the store's series off the GUI thread (the cost loader's): the buckets on one
// grid, averaged down to at most kMaxPoints a series, each layer's stacked upper line, the capacity line, the
// stretches without history and the chart in words. Handing the chart finished point lists leaves the GUI thread
// only Qt Charts' own work.
//
// Each point is the value of one bucket [start, start + width); a bucket without history has no point. Where
// consecutive points are more than one bucket apart nothing was recorded, so every layer and the capacity line drop
// to 0 at the end of the last covered bucket and rise again at the next one (Qt Charts 6.4 line series cannot
// break), and that stretch is a "no history" range; so is the stretch from the start of the range to the first
// point, and the whole range when the series have no point at all.
struct UsageChartData {
    // Per series, gap points included; more is averaged down. About a point per pixel of a wide chart: every
    // point costs Qt Charts' geometry and painting on the GUI thread, and finer than a pixel shows nothing more.
    static constexpr int kMaxPoints = 500;

    QStringList names;                  // stacking order, capacity last
    std::vector<QList<QPointF>> layers; // each stacked layer's upper line (ms since the epoch, stacked GPUs)
    QList<QPointF> capacity;
    bool hasCapacity = false;
    QList<QPair<double, double>> noHistory; // in ms since the epoch
    double top = 1;                         // the highest stack or capacity, at least 1
    QString description;                    // for screen readers
    QDateTime fromUtc;
    QDateTime toUtc;
};

// `series` as the store gives it: deployments, optionally "other", and "capacity". [fromUtc, toUtc) is the time
// axis's range. `bucketMs` is the width of a bucket; 0 infers it as the smallest step between consecutive points
// (which overstates it only when no two covered buckets are adjacent). Pure: any thread may call it.
UsageChartData prepareUsageChart(const std::vector<UsageSeries> &series, const QDateTime &fromUtc,
                                 const QDateTime &toUtc, qint64 bucketMs = 0);

} // namespace scaledeck
