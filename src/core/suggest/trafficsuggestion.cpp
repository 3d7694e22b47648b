// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "trafficsuggestion.h"

#include "prometheustraffic.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace scaledeck {

namespace {
void suggestWithColdStart(const TrafficSuggestionRequest &request, const RateSeries &series,
                          std::optional<double> coldStart, const QString &source, const TrafficSuggestionHandler &done)
{
    SuggestOptions options = request.options;
    options.coldStartSeconds = coldStart.value_or(0);
    auto suggestion = suggestSchedule(series, options);
    if (!suggestion)
        return done(QStringLiteral("no suggestion for %1: %2").arg(request.targetName, suggestion.error().message));
    done(TrafficSuggestion{std::move(*suggestion), coldStart, source});
}
} // namespace

QString missedHoursText(const ScheduleSuggestion &suggestion)
{
    QStringList parts;
    for (size_t i = 0; i < suggestion.missedHours.size() && i < 5; ++i) {
        const MissedHour &hour = suggestion.missedHours[i];
        parts << QStringLiteral("%1 %2:00-%3:00: %4")
                     .arg(QLocale::c().dayName(hour.weekday, QLocale::ShortFormat))
                     .arg(hour.hour, 2, 10, QLatin1Char('0'))
                     .arg((hour.hour + 1) % 24, 2, 10, QLatin1Char('0'))
                     .arg(std::llround(hour.requests));
    }
    if (suggestion.missedHours.size() > 5)
        parts << QStringLiteral("…");
    return parts.join(QStringLiteral("; "));
}

int suggestionStepS(int weeks)
{
    constexpr qint64 kMaxPoints = 11000; // as readRequestRate allows
    constexpr int kFiveMinutes = 300;
    const qint64 spanS = qint64(std::max(1, weeks)) * 7 * 86400;
    int stepS = kFiveMinutes;
    while (spanS / stepS + 1 > kMaxPoints)
        stepS += kFiveMinutes;
    return stepS;
}

void suggestFromTraffic(PrometheusClient *client, QObject *owner, const TrafficSuggestionRequest &request,
                        TrafficSuggestionHandler done)
{
    // The whole steps before now: the same instants however late in a step the suggestion is asked for.
    const qint64 stepS = std::max(1, request.stepS);
    const QDateTime end = QDateTime::fromSecsSinceEpoch(request.nowUtc.toSecsSinceEpoch() / stepS * stepS, Qt::UTC);
    const QDateTime start = end.addDays(-7 * request.weeks);
    readRequestRate(client, owner, request.app, request.deployment, start, end, request.stepS,
                    [client, owner, request, done = std::move(done)](Result<RateSeries> series) {
                        if (!series)
                            return done(QStringLiteral("no traffic data: ") + series.error().message);
                        readColdStart(client, owner, request.app, request.deployment, request.weeks,
                                      [request, series = std::move(*series), source = client->describe(),
                                       done](Result<std::optional<double>> coldStart) {
                                          suggestWithColdStart(request, series, coldStart ? *coldStart : std::nullopt,
                                                               source, done);
                                      });
                    });
}

} // namespace scaledeck
