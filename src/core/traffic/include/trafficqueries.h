// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// The PromQL ScaleDeck asks, over Ray Serve's own series (names and labels as Ray 2.60 exports them; listed in the
// README): the replica-side request and error counters (together: every request) and the processing-latency
// histogram, by application and deployment.

// Every deployment's requests/s, error rate and p95 latency over the last `windowS`, in one query (one round trip
// a refresh, at any number of deployments): each result carries a label "figure" = requests_per_s, error_rate or
// p95_ms. A deployment Prometheus sees replicas of but no request counter for (it never served one) gets
// requests_per_s 0, not nothing; error_rate and p95_ms of a window without requests are NaN, i.e. unknown.
QString trafficQuery(int windowS);

// The requests an application (deployment empty) or one deployment received in the last `windowS`: 0 when its
// replicas were scraped and served nothing, no result at all when Prometheus has no series of it (not scraping).
QString recentRequestsQuery(const QString &app, const QString &deployment, int windowS);

// Its request rate over time, for a range query at `stepS` (each point the rate over the step before it).
QString requestRateQuery(const QString &app, const QString &deployment, int stepS);

// How long a replica of the deployment took to start (creation to ready) in the last `weeks`, in ms: the p95 of the
// starts Prometheus saw happen, else (every start came before it scraped) the slowest mean start a series shows; no
// result when Prometheus has no start of it at all.
QString coldStartQuery(const QString &app, const QString &deployment, int weeks);

// Every deployment's request rate over time in one range query at `stepS`, one series per (application,
// deployment): the sparklines of the main window and the Cost tab's requests, one round trip for any number of
// deployments. A deployment whose replicas were scraped in a step but which served nothing reads 0 there, not a gap.
QString requestRatesByDeploymentQuery(int stepS);

// A PromQL string literal: "…" with backslash and double quote escaped.
QString promqlString(const QString &value);

// "60s", "15m": a PromQL duration for a whole number of seconds.
QString promqlDuration(int seconds);

} // namespace scaledeck
