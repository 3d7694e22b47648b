// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "prometheusclient.h"
#include "result.h"
#include "schedulesuggestion.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace scaledeck {

// A suggestion for one deployment, from its traffic in Prometheus: what `scaledeckctl schedule suggest` and the
// schedule editor's "Suggest from traffic…" both ask.
struct TrafficSuggestionRequest {
    QString app;
    QString deployment;
    QString targetName;     // how errors name the target ("llm", "llm/LLM")
    int weeks = 4;          // of traffic, ending at the last whole step before nowUtc
    int stepS = 300;        // the range query's step: 5 minutes keeps 12 weeks under Prometheus' point limit
    QDateTime nowUtc;       // from the caller's clock
    SuggestOptions options; // everything but coldStartSeconds, which the job reads
};

struct TrafficSuggestion {
    ScheduleSuggestion suggestion;
    std::optional<double> coldStartSeconds; // none: Prometheus saw no replica start, so no prewarm
    QString source;                         // "Prometheus at http://…"
};

// Where the parked requests fell, the 5 largest hours first: "Sat 03:00-04:00: 30; Sun 22:00-23:00: 4; …" (C
// locale day names, as the text form's; "…" when there are more).
[[nodiscard]] QString missedHoursText(const ScheduleSuggestion &suggestion);

// The finest step, in whole 5 minutes, at which `weeks` of points stay within what Prometheus answers at once
// (11,000 a series): 5 minutes up to 5 weeks, 15 minutes (still fine enough for 15-minute slots) at 12.
[[nodiscard]] int suggestionStepS(int weeks);

// Reads the request rate (readRequestRate) and then the cold start (readColdStart), and suggests (suggestSchedule):
// one answer, through `done`, with the suggestion or a sentence that says why there is none ("no traffic data:
// Prometheus at … answered 503 …", "no suggestion for llm/LLM: …"). A cold start Prometheus cannot give is no
// error: the suggestion is then made without a prewarm, as with no start seen. The jobs belong to `owner`: with it
// gone, `done` never runs.
using TrafficSuggestionHandler = std::function<void(Result<TrafficSuggestion, QString>)>;
void suggestFromTraffic(PrometheusClient *client, QObject *owner, const TrafficSuggestionRequest &request,
                        TrafficSuggestionHandler done);

} // namespace scaledeck
