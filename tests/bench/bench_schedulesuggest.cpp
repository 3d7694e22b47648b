// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A schedule suggested from 4 weeks of traffic at a 5-minute step (8,064 points), as issue 12's range query
// returns it: the median of 21 runs of suggestSchedule. The target is 200 ms with the Prometheus query,
// so the computation should take a few milliseconds. Prints figures; no pass/fail.

#include "schedulesuggestion.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>
#include <vector>

using namespace scaledeck;

namespace {

constexpr int kRuns = 21;
constexpr int kStepS = 300;
constexpr int kWeeks = 4;

// Office hours with noise, a Sunday batch, stray requests at night, across the spring DST change in
// Europe/Ljubljana. Fixed seed: the same series every run.
RateSeries makeSeries()
{
    const QTimeZone zone("Europe/Ljubljana");
    const QDateTime startUtc = QDateTime(QDate(2026, 3, 16), QTime(0, 0), zone).toUTC();
    QRandomGenerator random(20261204);
    RateSeries series;
    series.stepS = kStepS;
    const int count = kWeeks * 7 * 24 * 3600 / kStepS;
    series.points.reserve(size_t(count));
    for (int i = 1; i <= count; ++i) {
        const QDateTime local = startUtc.addSecs(qint64(i - 1) * kStepS).toTimeZone(zone);
        const int weekday = local.date().dayOfWeek();
        const QTime time = local.time();
        double rate = 0;
        if (weekday <= 5 && time >= QTime(7, 0) && time < QTime(17, 0))
            rate = 8 + 4 * random.generateDouble();
        else if (weekday == 7 && time >= QTime(2, 0) && time < QTime(2, 30))
            rate = 40;
        else if (random.bounded(100) == 0)
            rate = 1.0 / kStepS;
        series.points.push_back({startUtc.addSecs(qint64(i) * kStepS), rate});
    }
    return series;
}

} // namespace

int main()
{
    QTextStream out(stdout);
    const RateSeries series = makeSeries();
    SuggestOptions options;
    options.timeZone = "Europe/Ljubljana";
    options.targetPerReplica = 5;
    options.coldStartSeconds = 95;
    options.current = Schedule{};

    std::vector<double> ms;
    QString text;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer timer;
        timer.start();
        const Result<ScheduleSuggestion, SuggestError> result = suggestSchedule(series, options);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!result) {
            out << "suggestSchedule failed: " << result.error().message << Qt::endl;
            return 1;
        }
        text = result->text;
    }
    // What a one-off call costs (caches cold; the zone itself was loaded by makeSeries), apart from the median.
    const double first = ms.front();
    std::sort(ms.begin(), ms.end());
    out << "suggestion from " << series.points.size() << " points (" << kWeeks << " weeks at " << kStepS << " s):\n"
        << text;
    out << "suggestSchedule: first run " << QString::number(first, 'f', 2) << " ms\n";
    out << "suggestSchedule: median " << QString::number(ms[ms.size() / 2], 'f', 2) << " ms, min "
        << QString::number(ms.front(), 'f', 2) << " ms, max " << QString::number(ms.back(), 'f', 2) << " ms over "
        << kRuns << " runs" << Qt::endl;
    return 0;
}
