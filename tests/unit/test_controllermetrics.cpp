// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What `scaledeckctl run --metrics-listen` serves, without a server: the Prometheus text exposition of a scripted
// sequence of TickReports (each decision counted once across ticks, drift once per outside value, the gauges of a
// snapshot read from a payload captured from a real Ray 2.60 cluster), escaping, and /healthz's ages on a manual
// clock. Every exposition is read back with the project's exposition parser and linted by `promtool check
// metrics` (Debian's prometheus package): a text Prometheus would refuse or warn about fails here.
#include "controllermetrics.h"
#include "demodocuments.h"
#include "exposition.h"
#include "fakeclusterclient.h"
#include "fixtures.h"
#include "metricsexposition.h"
#include "scheduledfakecontroller.h"
#include "scheduletext.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <limits>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 25), QTime(18, 14), Qt::UTC);
const QString kCluster = QStringLiteral("http://127.0.0.1:8265");

// applications_demo.json: llm/LLM 2 replicas of 1 GPU (0.5 CPU), embedder/Embedder 2 of 0.5 GPU (0.5 CPU),
// scaler/Scaled 1 of 0.5 GPU (0.5 CPU), batch/BatchWorker autoscaling 0..4 at 0, gateway's two CPU-only deployments.
SnapshotPtr demoSnapshot()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    if (!state)
        return nullptr;
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(state).value(), NodeTotals{4, 8, 1, {}, {}, {}}, {},
                         kStart);
}

TargetDecision decision(const char *target, int desired, const char *actual, std::optional<int> actualReplicas,
                        AuditCause cause, DecisionResult result, const char *detail = "")
{
    TargetDecision d;
    d.target = QString::fromLatin1(target);
    d.desired = desired;
    d.actual = QString::fromLatin1(actual);
    d.actualReplicas = actualReplicas;
    d.cause = cause;
    d.result = result;
    d.detail = QString::fromLatin1(detail);
    return d;
}

TickReport tick(std::vector<TargetDecision> decisions, SnapshotPtr snapshot = nullptr)
{
    TickReport report;
    report.atUtc = kStart;
    report.holdsLock = true;
    report.decisions = std::move(decisions);
    report.snapshot = std::move(snapshot);
    report.durationNs = 200'000'000; // 0.2 s
    return report;
}

std::vector<MetricSample> samplesOf(const QByteArray &text)
{
    auto parsed = parseMetricsExposition(text);
    if (!parsed) {
        qWarning("%s", qPrintable(parsed.error().toRayError().describe()));
        return {};
    }
    return parsed->samples;
}

// The value of the one sample named `name` with exactly `labels` (in any order), or nullopt.
std::optional<double> valueOf(const std::vector<MetricSample> &samples, const QString &name,
                              std::vector<std::pair<QString, QString>> labels = {})
{
    std::sort(labels.begin(), labels.end());
    for (const MetricSample &sample : samples) {
        if (sample.name == name && sample.labels == labels)
            return sample.value;
    }
    return std::nullopt;
}

std::pair<QString, QString> label(const char *name, const char *value)
{
    return {QString::fromLatin1(name), QString::fromUtf8(value)};
}
} // namespace

class TestControllerMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void escapesLabelValuesAndHelp();
    void everyFamilyHasHelpAndType();
    void countsEachDecisionOnceAcrossTicks();
    void dryRunRepeatsAreNotCounted();
    void gaugesComeFromTheLastSnapshot();
    void waitingForTheLockDropsTheGauges();
    void countsTicksFailuresAndDurations();
    void healthAges();
    void promtoolAcceptsTheExposition();
    void aRealControllersTicks();
    void aContestedTargetIsAGauge();
};

void TestControllerMetrics::escapesLabelValuesAndHelp()
{
    QCOMPARE(escapeLabelValue(QStringLiteral("a\"b\\c\nd")), QStringLiteral("a\\\"b\\\\c\\nd"));
    QCOMPARE(escapeHelp(QStringLiteral("x \\ \"y\"\nz")), QStringLiteral("x \\\\ \"y\"\\nz"));
    QCOMPARE(formatSampleValue(3), QStringLiteral("3"));
    QCOMPARE(formatSampleValue(0.25), QStringLiteral("0.25"));
    QCOMPARE(formatSampleValue(std::numeric_limits<double>::infinity()), QStringLiteral("+Inf"));

    // A cluster key and a target with every character that needs escaping come back whole.
    const QString oddCluster = QStringLiteral("http://h\"x\\y\n:8265");
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, oddCluster, 10000);
    metrics.observe(
        tick({decision("a\"pp/d\\ep", 1, "2", 2, AuditCause::Schedule, DecisionResult::Sent)}, demoSnapshot()),
        PriceList{});
    const QByteArray text = metrics.exposition();
    QVERIFY(text.contains("scaledeck_controller_holds_lock{cluster=\"http://h\\\"x\\\\y\\n:8265\"} 1"));
    const auto samples = samplesOf(text);
    QVERIFY(!samples.empty());
    QCOMPARE(
        valueOf(samples, QStringLiteral("scaledeck_controller_holds_lock"), {{QStringLiteral("cluster"), oddCluster}}),
        1.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_desired_replicas"), {label("target", "a\"pp/d\\ep")}),
             1.0);
}

void TestControllerMetrics::everyFamilyHasHelpAndType()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    metrics.observe(tick({decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Sent)}, demoSnapshot()),
                    PriceList{});
    const QString text = QString::fromUtf8(metrics.exposition());
    const QStringList families{
        QStringLiteral("scaledeck_controller_ticks_total counter"),
        QStringLiteral("scaledeck_controller_tick_failures_total counter"),
        QStringLiteral("scaledeck_controller_tick_duration_seconds histogram"),
        QStringLiteral("scaledeck_controller_last_success_timestamp_seconds gauge"),
        QStringLiteral("scaledeck_controller_tick_interval_seconds gauge"),
        QStringLiteral("scaledeck_controller_holds_lock gauge"),
        QStringLiteral("scaledeck_controller_decisions_total counter"),
        QStringLiteral("scaledeck_controller_drift_seen_total counter"),
        QStringLiteral("scaledeck_target_desired_replicas gauge"),
        QStringLiteral("scaledeck_target_actual_replicas gauge"),
        QStringLiteral("scaledeck_target_in_step gauge"),
        QStringLiteral("scaledeck_target_contested gauge"),
        QStringLiteral("scaledeck_deployment_gpus_held gauge"),
        QStringLiteral("scaledeck_cluster_gpus gauge"),
        QStringLiteral("scaledeck_cluster_cost_per_hour gauge"),
    };
    for (const QString &family : families) {
        const QString name = family.section(QLatin1Char(' '), 0, 0);
        QVERIFY2(text.contains(QStringLiteral("# TYPE ") + family + QLatin1Char('\n')), qPrintable(family));
        QVERIFY2(text.contains(QStringLiteral("# HELP ") + name + QLatin1Char(' ')), qPrintable(name));
    }
    QCOMPARE(text.count(QStringLiteral("# TYPE ")), families.size());
}

void TestControllerMetrics::countsEachDecisionOnceAcrossTicks()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    const QString waitRay = QStringLiteral("Ray is still applying the change sent at 2026-11-25T18:14:00Z");
    const std::vector<std::vector<TargetDecision>> ticks{
        // 1: a change is sent, drift is kept, an autoscaling target is in step
        {decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Sent),
         decision("embedder/Embedder", 2, "1", 1, AuditCause::DriftKept, DecisionResult::Kept),
         decision("batch/BatchWorker", 0, "autoscaling 0..4", {}, AuditCause::Schedule, DecisionResult::InStep)},
        // 2: Ray still applies it; the same drift again; in step again
        {decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Waiting, qPrintable(waitRay)),
         decision("embedder/Embedder", 2, "1", 1, AuditCause::DriftKept, DecisionResult::Kept),
         decision("batch/BatchWorker", 0, "autoscaling 0..4", {}, AuditCause::Schedule, DecisionResult::InStep)},
        // 3: still waiting; the drift moves to another outside value
        {decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Waiting, qPrintable(waitRay)),
         decision("embedder/Embedder", 2, "3", 3, AuditCause::DriftKept, DecisionResult::Kept)},
        // 4: the cluster is unreachable: no decisions (the memory of the last ones stays)
        {},
        // 5: in step; the same outside value as before the failed tick
        {decision("llm/LLM", 3, "3", 3, AuditCause::Schedule, DecisionResult::InStep),
         decision("embedder/Embedder", 2, "3", 3, AuditCause::DriftKept, DecisionResult::Kept)},
        // 6-9: a change refused, a wait to retry, refused again with the same message (a new attempt), then an
        // unparsable schedule failing the same way two ticks running (one decision)
        {decision("llm/LLM", 0, "3", 3, AuditCause::Schedule, DecisionResult::Failed, "rejected: 400")},
        {decision("llm/LLM", 0, "3", 3, AuditCause::Schedule, DecisionResult::Waiting, "retrying a failed change")},
        {decision("llm/LLM", 0, "3", 3, AuditCause::Schedule, DecisionResult::Failed, "rejected: 400")},
        {decision("llm/LLM", 0, "", {}, AuditCause::Schedule, DecisionResult::Failed,
                  "stored schedule does not parse")},
        {decision("llm/LLM", 0, "", {}, AuditCause::Schedule, DecisionResult::Failed,
                  "stored schedule does not parse")},
        // 11: the embedder is corrected back (drift correction sent): the drift was already counted at "3"
        {decision("embedder/Embedder", 2, "3", 3, AuditCause::DriftCorrection, DecisionResult::Sent)},
        // 12: back in step, then 13: drifted to "3" again: a new drift
        {decision("embedder/Embedder", 2, "2", 2, AuditCause::Schedule, DecisionResult::InStep)},
        {decision("embedder/Embedder", 2, "3", 3, AuditCause::DriftKept, DecisionResult::Kept)},
    };
    for (const auto &decisions : ticks) {
        TickReport report = tick(decisions);
        if (decisions.empty())
            report.error = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
        metrics.observe(report, PriceList{});
    }
    const auto samples = samplesOf(metrics.exposition());
    const QString name = QStringLiteral("scaledeck_controller_decisions_total");
    auto count = [&](const char *cause, const char *result) {
        return valueOf(samples, name, {label("cause", cause), label("result", result)});
    };
    QCOMPARE(count("schedule", "sent"), 1.0);
    QCOMPARE(count("schedule", "waiting"), 2.0); // ticks 2 and 7
    QCOMPARE(count("drift kept", "kept"), 3.0);  // ticks 1, 3 and 13
    QCOMPARE(count("schedule", "failed"), 3.0);  // ticks 6, 8 and 9
    QCOMPARE(count("drift correction", "sent"), 1.0);
    QCOMPARE(count("schedule", "in step"), std::nullopt); // in step is no decision
    int series = 0;
    for (const MetricSample &sample : samples)
        series += sample.name == name ? 1 : 0;
    QCOMPARE(series, 5);
    // embedder: "1" (tick 1), "3" (tick 3), "3" again after it was back in step (tick 13)
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_drift_seen_total"),
                     {label("target", "embedder/Embedder")}),
             3.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_drift_seen_total"), {label("target", "llm/LLM")}),
             std::nullopt);
}

void TestControllerMetrics::dryRunRepeatsAreNotCounted()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    TargetDecision first = decision("gateway/Router", 0, "1", 1, AuditCause::Schedule, DecisionResult::DryRun);
    TargetDecision again = first;
    again.detail = QStringLiteral("already logged");
    again.alreadyLogged = true;
    for (const TargetDecision &d : {first, again, again, again})
        metrics.observe(tick({d}), PriceList{});
    const auto samples = samplesOf(metrics.exposition());
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_decisions_total"),
                     {label("cause", "schedule"), label("result", "dry-run")}),
             1.0);
}

void TestControllerMetrics::gaugesComeFromTheLastSnapshot()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    const SnapshotPtr snapshot = demoSnapshot();
    QVERIFY(snapshot);
    PriceList prices;
    prices.currency = QStringLiteral("EUR");
    prices.gpuHour = 2.0;
    prices.cpuHour = 0.1;
    metrics.observe(
        tick({decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Sent),
              decision("batch/BatchWorker", 1, "autoscaling 0..4", {}, AuditCause::Schedule, DecisionResult::Kept),
              decision("embedder", 1, "running", {}, AuditCause::Schedule, DecisionResult::InStep),
              decision("ghost/Gone", 2, "missing", {}, AuditCause::Schedule, DecisionResult::Missing)},
             snapshot),
        prices);
    const auto samples = samplesOf(metrics.exposition());
    auto target = [&](const char *family, const char *name) {
        return valueOf(samples, QStringLiteral("scaledeck_target_") + QString::fromLatin1(family),
                       {label("target", name)});
    };
    QCOMPARE(target("desired_replicas", "llm/LLM"), 3.0);
    QCOMPARE(target("actual_replicas", "llm/LLM"), 2.0);
    QCOMPARE(target("in_step", "llm/LLM"), 0.0);
    QCOMPARE(target("actual_replicas", "batch/BatchWorker"), 0.0); // the autoscaler's current target
    QCOMPARE(target("actual_replicas", "embedder"), 1.0);          // an application that runs
    QCOMPARE(target("in_step", "embedder"), 1.0);
    QCOMPARE(target("desired_replicas", "ghost/Gone"), 2.0);
    QCOMPARE(target("actual_replicas", "ghost/Gone"), std::nullopt); // missing: no value
    auto held = [&](const char *app, const char *deployment) {
        return valueOf(samples, QStringLiteral("scaledeck_deployment_gpus_held"),
                       {label("app", app), label("deployment", deployment)});
    };
    QCOMPARE(held("llm", "LLM"), 2.0);
    QCOMPARE(held("embedder", "Embedder"), 1.0);
    QCOMPARE(held("scaler", "Scaled"), 0.5);
    QCOMPARE(held("batch", "BatchWorker"), 0.0);
    QCOMPARE(held("gateway", "Router"), 0.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_cluster_gpus"), {{QStringLiteral("cluster"), kCluster}}), 4.0);
    // 3.5 GPUs at 2 EUR, and the 2.5 CPUs of the GPU replicas at 0.1 EUR: 7.25 EUR an hour
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_cluster_cost_per_hour"),
                     {{QStringLiteral("cluster"), kCluster}, label("currency", "EUR")}),
             7.25);
}

void TestControllerMetrics::waitingForTheLockDropsTheGauges()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    metrics.observe(
        tick({decision("llm/LLM", 2, "2", 2, AuditCause::Schedule, DecisionResult::InStep)}, demoSnapshot()),
        PriceList{});
    TickReport failed = tick({});
    failed.error = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
    metrics.observe(failed, PriceList{});
    auto samples = samplesOf(metrics.exposition());
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_actual_replicas"), {label("target", "llm/LLM")}),
             2.0); // kept through a failed tick
    TickReport waiting = tick({});
    waiting.holdsLock = false;
    metrics.observe(waiting, PriceList{});
    samples = samplesOf(metrics.exposition());
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_actual_replicas"), {label("target", "llm/LLM")}),
             std::nullopt);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_cluster_gpus"), {{QStringLiteral("cluster"), kCluster}}),
             std::nullopt);
    QCOMPARE(
        valueOf(samples, QStringLiteral("scaledeck_controller_holds_lock"), {{QStringLiteral("cluster"), kCluster}}),
        0.0);
}

void TestControllerMetrics::countsTicksFailuresAndDurations()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 2500);
    for (const qint64 ns : {5'000'000LL, 200'000'000LL, 3'000'000'000LL}) {
        TickReport report = tick({});
        report.durationNs = ns;
        clock.advanceSecs(2);
        metrics.observe(report, PriceList{});
    }
    TickReport failed = tick({});
    failed.error = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
    failed.durationNs = 40'000'000'000LL;
    clock.advanceSecs(2);
    metrics.observe(failed, PriceList{});
    const auto samples = samplesOf(metrics.exposition());
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_ticks_total")), 4.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_tick_failures_total")), 1.0);
    const QString bucket = QStringLiteral("scaledeck_controller_tick_duration_seconds_bucket");
    QCOMPARE(valueOf(samples, bucket, {label("le", "0.01")}), 1.0);
    QCOMPARE(valueOf(samples, bucket, {label("le", "0.25")}), 2.0);
    QCOMPARE(valueOf(samples, bucket, {label("le", "2.5")}), 2.0);
    QCOMPARE(valueOf(samples, bucket, {label("le", "5")}), 3.0);
    QCOMPARE(valueOf(samples, bucket, {label("le", "30")}), 3.0);
    QCOMPARE(valueOf(samples, bucket, {label("le", "+Inf")}), 4.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_tick_duration_seconds_count")), 4.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_tick_duration_seconds_sum")), 43.205);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_tick_interval_seconds")), 2.5);
    // The last success is the third tick's end, 6 s after the start, not the failed fourth's.
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_last_success_timestamp_seconds")),
             double(kStart.addSecs(6).toSecsSinceEpoch()));
}

void TestControllerMetrics::healthAges()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    HealthVerdict verdict = metrics.health();
    QVERIFY2(verdict.healthy, qPrintable(verdict.text)); // just started
    clock.advanceSecs(31);
    verdict = metrics.health();
    QVERIFY(!verdict.healthy);
    QCOMPARE(verdict.text, QStringLiteral("no successful tick yet (started 31 s ago, more than 3 ticks of 10 s)"));

    // A controller that waits for another's lock runs: its ticks succeed.
    TickReport waiting = tick({});
    waiting.holdsLock = false;
    metrics.observe(waiting, PriceList{});
    verdict = metrics.health();
    QVERIFY(verdict.healthy);
    QCOMPARE(verdict.text, QStringLiteral("ok (last successful tick 0 s ago)"));

    // Failed ticks (the cluster unreachable) are no success: healthy up to 3 ticks, then not.
    TickReport failed = tick({});
    failed.error = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
    for (int i = 0; i < 3; ++i) {
        clock.advanceSecs(10);
        metrics.observe(failed, PriceList{});
    }
    verdict = metrics.health();
    QVERIFY(verdict.healthy);
    QCOMPARE(verdict.text, QStringLiteral("ok (last successful tick 30 s ago)"));
    clock.advanceSecs(15);
    metrics.observe(failed, PriceList{});
    verdict = metrics.health();
    QVERIFY(!verdict.healthy);
    QCOMPARE(verdict.text, QStringLiteral("last successful tick 45 s ago (more than 3 ticks of 10 s)"));
    metrics.observe(tick({}), PriceList{});
    QVERIFY(metrics.health().healthy);
}

void TestControllerMetrics::promtoolAcceptsTheExposition()
{
    // A missing promtool fails the test rather than skipping it: the lint is part of what this test proves.
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QVERIFY2(!promtool.isEmpty(), "promtool not found (Debian package prometheus; scripts/install-deps.sh)");
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    metrics.observe(tick({decision("llm/LLM", 3, "2", 2, AuditCause::Schedule, DecisionResult::Sent),
                          decision("embedder/Embedder", 2, "1", 1, AuditCause::DriftKept, DecisionResult::Kept)},
                         demoSnapshot()),
                    PriceList{});
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(metrics.exposition());
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    const QByteArray said = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitCode() == 0, said.constData());
    QVERIFY2(said.trimmed().isEmpty(), said.constData()); // no lint warning either
}

// The real ScheduleController against the scripted fake cluster (demo documents, llm/LLM at 2; the schedule wants
// 1, drift kept): Ray accepts the change but keeps showing 2, so the controller sends once, waits for 30 s, then
// keeps the drift. Its reports carry the snapshot and the tick's duration, and each decision counts once.
void TestControllerMetrics::aRealControllersTicks()
{
    ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC));
    ScheduledFakeController bench(&clock);
    const QString failed = bench.setUp(QStringLiteral("tz UTC\ndefault 1\ndrift keep\n"), clock.nowUtc());
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ScheduleController &controller = *bench.controller;
    const QString key = bench.key;
    ControllerMetrics metrics(&clock, key, 1000);
    PriceList prices;
    prices.gpuHour = 1.0;
    std::vector<DecisionResult> results;
    for (const int seconds : {0, 10, 20, 31, 40, 50}) {
        clock.set(QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC).addSecs(seconds));
        QSignalSpy ticked(&controller, &ScheduleController::tickFinished);
        controller.tickNow();
        QVERIFY(ticked.wait(5000));
        const TickReport report = ticked.at(0).at(0).value<TickReport>();
        QVERIFY2(!report.error, report.error ? qPrintable(report.error->describe()) : "");
        QVERIFY(report.snapshot);
        QVERIFY(report.durationNs > 0);
        QCOMPARE(report.decisions.size(), size_t(1));
        results.push_back(report.decisions.front().result);
        metrics.observe(report, prices);
    }
    QCOMPARE(results,
             (std::vector<DecisionResult>{DecisionResult::Sent, DecisionResult::Waiting, DecisionResult::Waiting,
                                          DecisionResult::Kept, DecisionResult::Kept, DecisionResult::Kept}));
    const auto samples = samplesOf(metrics.exposition());
    const QString decisions = QStringLiteral("scaledeck_controller_decisions_total");
    QCOMPARE(valueOf(samples, decisions, {label("cause", "schedule"), label("result", "sent")}), 1.0);
    QCOMPARE(valueOf(samples, decisions, {label("cause", "schedule"), label("result", "waiting")}), 1.0);
    QCOMPARE(valueOf(samples, decisions, {label("cause", "drift kept"), label("result", "kept")}), 1.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_drift_seen_total"), {label("target", "llm/LLM")}),
             1.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_ticks_total")), 6.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_tick_duration_seconds_count")), 6.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_controller_holds_lock"), {{QStringLiteral("cluster"), key}}),
             1.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_desired_replicas"), {label("target", "llm/LLM")}), 1.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_actual_replicas"), {label("target", "llm/LLM")}), 2.0);
    QCOMPARE(valueOf(samples, QStringLiteral("scaledeck_target_in_step"), {label("target", "llm/LLM")}), 0.0);
}

void TestControllerMetrics::aContestedTargetIsAGauge()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, kCluster, 10000);
    metrics.observe(tick({decision("llm/LLM", 2, "3", 3, AuditCause::DriftCorrection, DecisionResult::Contested),
                          decision("embedder/Embedder", 1, "1", 1, AuditCause::Schedule, DecisionResult::InStep)},
                         demoSnapshot()),
                    PriceList{});
    auto samples = samplesOf(metrics.exposition());
    const QString contested = QStringLiteral("scaledeck_target_contested");
    QCOMPARE(valueOf(samples, contested, {label("target", "llm/LLM")}), 1.0);
    QCOMPARE(valueOf(samples, contested, {label("target", "embedder/Embedder")}), 0.0);

    // Resumed and corrected: the next tick's gauge says so.
    metrics.observe(
        tick({decision("llm/LLM", 2, "3", 3, AuditCause::DriftCorrection, DecisionResult::Sent)}, demoSnapshot()),
        PriceList{});
    samples = samplesOf(metrics.exposition());
    QCOMPARE(valueOf(samples, contested, {label("target", "llm/LLM")}), 0.0);
}

QTEST_GUILESS_MAIN(TestControllerMetrics)
#include "test_controllermetrics.moc"
