// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A day of GPU history in an ApiBench's store, at known times, and the prices it is costed at: what the tests of
// the cost and history routes (test_apicost) and of `scaledeckctl cost --controller` (test_ctl_controllercost)
// read. The figures below are worked out by hand, so a test can compare the API's to them as well as to the
// local report's.
//
// An 8-GPU cluster polled every minute from kCostFirstRecord (Sunday 2026-11-29 00:00 UTC) to kCostNow:
// - llm/LLM: r1 with 2 GPUs 06:00-10:00 and r2 with 2 GPUs 08:00-09:00 (10 GPU-hours, peak 2 replicas), its
//   always-on count set to 1 (48 GPU-hours always on);
// - embed/Embed: e1 with 1 GPU since 20:00, still running (4 GPU-hours; always on at its peak, 24 GPU-hours).
// Prices: EUR 2.50 per GPU-hour.

#include "apibench.h"
#include "costfixtures.h"

namespace scaledeck::testing {

inline const QDateTime kCostNow(QDate(2026, 11, 30), QTime(0, 0), Qt::UTC);
inline const QDateTime kCostFirstRecord = kCostNow.addDays(-1);

inline QDateTime costDayAt(int hour)
{
    return kCostFirstRecord.addSecs(qint64(hour) * 3600);
}

inline std::vector<GpuLease> costDayLeases()
{
    return {
        testLease(QStringLiteral("r1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, costDayAt(6), costDayAt(10)),
        testLease(QStringLiteral("r2"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, costDayAt(8), costDayAt(9)),
        testLease(QStringLiteral("e1"), QStringLiteral("embed"), QStringLiteral("Embed"), 1, costDayAt(20))};
}

// Records the day and sets the prices and the always-on count in the bench's store; empty, or what failed.
inline QString recordCostDay(ApiBench &bench)
{
    const QString key = bench.controller.key;
    const auto snapshotAt = [](const QDateTime &at, const std::vector<GpuLease> &held) {
        return snapshotHolding(at, held);
    };
    if (QString failed =
            recordEveryMinute(*bench.history, key, costDayLeases(), kCostFirstRecord, kCostNow, snapshotAt);
        !failed.isEmpty())
        return failed;
    PriceList prices;
    prices.currency = QStringLiteral("EUR");
    prices.gpuHour = 2.5;
    if (auto set = bench.prices->setPrices(key, prices); !set)
        return set.error().describe();
    if (auto set = bench.prices->setAlwaysOnCount(key, QStringLiteral("llm/LLM"), 1); !set)
        return set.error().describe();
    return {};
}

} // namespace scaledeck::testing
