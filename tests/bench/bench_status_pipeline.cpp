// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test): the status pipeline for a synthetic cluster of 1,000 applications x 4 deployments
// x 8 replicas. Prints the median of a bare JSON parse (the floor) beside parse + snapshot + diff.
//   build/tests/bench/bench_status_pipeline [runs]
#include "incrementalservereader.h"
#include "servestatereader.h"
#include "snapshotdiff.h"
#include "snapshotfetcher.h"
#include "syntheticcluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace scaledeck;

namespace {
// Tokenizes the body and does nothing with it: the least any nlohmann-based reader can cost.
struct DiscardingSax : nlohmann::json_sax<nlohmann::json> {
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override { return false; }
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(3, atoi(argv[1])) : 21;
    const QByteArray bodies[2] = {syntheticServeBody(1000, 4, 8, 0), syntheticServeBody(1000, 4, 8, 1)};
    std::printf("synthetic body: 1000 apps x 4 deployments x 8 replicas, %.1f MB\n", bodies[0].size() / 1e6);

    std::vector<double> bareParse, tokenizeOnly, pipeline, parseOnly, diffOnly, incremental;
    IncrementalServeReader reader; // as the poller keeps one
    SnapshotPtr previousIncremental;
    SnapshotPtr previous;
    for (int run = 0; run < runs; ++run) {
        const QByteArray &body = bodies[run % 2];
        QElapsedTimer timer;
        timer.start();
        const auto document = nlohmann::json::parse(body.constBegin(), body.constEnd());
        bareParse.push_back(timer.nsecsElapsed() / 1e6);
        (void)document;

        timer.restart();
        DiscardingSax discard;
        nlohmann::json::sax_parse(body.constBegin(), body.constEnd(), &discard);
        tokenizeOnly.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        auto serve = readServeState(body);
        if (!serve) {
            std::fprintf(stderr, "parse failed: %s\n", qPrintable(serve.error().describe()));
            return 1;
        }
        SnapshotPtr snapshot =
            buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), NodeTotals{4000, 8000, 500, {}, {}, {}},
                          {}, QDateTime::currentDateTimeUtc());
        const double parsed = timer.nsecsElapsed() / 1e6;
        const SnapshotDiff diff = diffSnapshots(previous.get(), *snapshot);
        const double total = timer.nsecsElapsed() / 1e6;
        parseOnly.push_back(parsed);
        diffOnly.push_back(total - parsed);
        pipeline.push_back(total);
        if (run == 1)
            std::printf("diff between consecutive polls: %lld changed, %lld added, %lld removed apps\n",
                        qint64(diff.changedApps.size()), qint64(diff.addedApps.size()),
                        qint64(diff.removedApps.size()));
        previous = snapshot;

        // What the poller does: only apps whose text changed since the previous poll are parsed again.
        timer.restart();
        auto read = reader.read(body);
        SnapshotPtr incrementalSnapshot =
            buildSnapshot(QStringLiteral("2.60.0"), std::move(read).value(), NodeTotals{4000, 8000, 500, {}, {}, {}},
                          {}, QDateTime::currentDateTimeUtc());
        (void)diffSnapshots(previousIncremental.get(), *incrementalSnapshot);
        if (run > 0) // the first read is a full one: it is the pipeline figure above
            incremental.push_back(timer.nsecsElapsed() / 1e6);
        if (run == 1)
            std::printf("poller's reader, steady state: %d apps re-parsed, %d reused\n", reader.lastStats().reparsed,
                        reader.lastStats().reused);
        previousIncremental = incrementalSnapshot;
    }
    std::printf("runs: %d\n", runs);
    std::printf("bare JSON parse into a document:  median %7.1f ms\n", median(bareParse));
    std::printf("bare tokenizing pass (the floor): median %7.1f ms\n", median(tokenizeOnly));
    std::printf("parse + snapshot:                 median %7.1f ms\n", median(parseOnly));
    std::printf("diff against previous snapshot:   median %7.1f ms\n", median(diffOnly));
    std::printf("status pipeline, full read (parse+snapshot+diff):      median %7.1f ms\n", median(pipeline));
    std::printf("status pipeline, poller's incremental read (20 apps changed): median %7.1f ms (target <= 50 ms)\n",
                median(incremental));
    return 0;
}
