// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Traffic without Prometheus (issue 12): the nodes' metrics exports read as Prometheus text, and requests/s,
// error rate and p95 per deployment from two reads of them.
#include "fixtures.h"
#include "metricsexposition.h"
#include "noderates.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace scaledeck;

namespace QTest {
// So that a failed comparison of a figure shows the figures, "empty" for an unknown one.
template <> char *toString(const std::optional<double> &figure)
{
    return figure ? QTest::toString(*figure) : qstrdup("empty");
}
} // namespace QTest

namespace {

const QDateTime t0 = QDateTime(QDate(2026, 12, 4), QTime(9, 0), Qt::UTC);

// "a=1;b=2": the labels of a sample in the order they are kept (sorted by name).
QString labelText(const MetricSample &sample)
{
    QStringList pairs;
    for (const auto &[name, value] : sample.labels)
        pairs << name + QLatin1Char('=') + value;
    return pairs.join(QLatin1Char(';'));
}

NodeExport node(const QString &address, const QByteArray &text)
{
    const auto parsed = parseMetricsExposition(text, serveRateSampleNames());
    if (!parsed) {
        QTest::qFail(qPrintable(parsed.error().toRayError().describe()), __FILE__, __LINE__);
        return {address, {}};
    }
    return NodeExport{address, parsed->samples};
}

// One replica's request and error counters, as Ray exports them (an error counter only once it counted).
QByteArray counters(const QString &deployment, const QString &replica, double requests,
                    std::optional<double> errors = std::nullopt)
{
    const QString labels = QStringLiteral("SessionName=\"s1\",application=\"shop\",deployment=\"%1\",replica=\"%2\","
                                          "route=\"/cart\"")
                               .arg(deployment, replica);
    QString text = QStringLiteral("ray_serve_deployment_request_counter_total{%1} %2\n").arg(labels).arg(requests);
    if (errors)
        text += QStringLiteral("ray_serve_deployment_error_counter_total{%1} %2\n").arg(labels).arg(*errors);
    return text.toUtf8();
}

// One replica's latency histogram: cumulative counts for le = 10, 50, 100, +Inf.
QByteArray latency(const QString &deployment, const QString &replica, const std::vector<double> &cumulative)
{
    static const QStringList bounds{QStringLiteral("10"), QStringLiteral("50"), QStringLiteral("100"),
                                    QStringLiteral("+Inf")};
    QString text;
    for (size_t i = 0; i < cumulative.size(); ++i)
        text += QStringLiteral("ray_serve_deployment_processing_latency_ms_bucket{application=\"shop\","
                               "deployment=\"%1\",replica=\"%2\",route=\"/cart\",le=\"%3\"} %4\n")
                    .arg(deployment, replica, bounds[qsizetype(i)])
                    .arg(cumulative[i]);
    return text.toUtf8();
}

TrafficReading rates(const NodeMetricsRead &first, const NodeMetricsRead &second)
{
    auto reading = computeNodeRates(first, second);
    if (!reading) {
        QTest::qFail(qPrintable(reading.error().describe()), __FILE__, __LINE__);
        return {};
    }
    return *reading;
}

} // namespace

class TestNodeMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesSamples_data();
    void parsesSamples();
    void refusesMalformedLines_data();
    void refusesMalformedLines();
    void keepsOnlyTheNamesAskedForButChecksEveryLine();
    void readsTheNodeExportFixture();
    void ratesOverTwoReplicasOnTwoNodes();
    void counterResetCountsTheNewValue();
    void replicaStartedBetweenReadsCountsWhole();
    void nodeMissingFromFirstReadMakesFiguresUnknown();
    void noRequestsIsZeroWithUnknownErrorRateAndLatency();
    void deploymentsSeenOnlyBeforeAreUnknownAndUnseenAreAbsent();
    void refusesReadsOutOfOrder();
    void p95FromBucketDeltasAcrossNodes();
    void ratesFromTheFixture();
    void histogramQuantileAgreesWithPromQL_data();
    void histogramQuantileAgreesWithPromQL();
};

void TestNodeMetrics::parsesSamples_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<double>("value");
    QTest::addColumn<qint64>("timestampMs"); // -1: none

    QTest::newRow("plain") << QByteArray("up 1\n") << "up"
                           << "" << 1.0 << qint64(-1);
    QTest::newRow("no final newline") << QByteArray("up 1") << "up"
                                      << "" << 1.0 << qint64(-1);
    QTest::newRow("labels sorted") << QByteArray("m{z=\"1\",a=\"2\"} 3") << "m"
                                   << "a=2;z=1" << 3.0 << qint64(-1);
    QTest::newRow("escaped backslash") << QByteArray(R"(m{p="C:\\tmp"} 1)") << "m"
                                       << "p=C:\\tmp" << 1.0 << qint64(-1);
    QTest::newRow("escaped quote") << QByteArray(R"(m{s="say \"hi\""} 1)") << "m"
                                   << "s=say \"hi\"" << 1.0 << qint64(-1);
    QTest::newRow("escaped newline") << QByteArray(R"(m{s="two\nlines"} 1)") << "m"
                                     << "s=two\nlines" << 1.0 << qint64(-1);
    QTest::newRow("empty value, trailing comma") << QByteArray("m{a=\"\",} 2") << "m"
                                                 << "a=" << 2.0 << qint64(-1);
    QTest::newRow("blanks inside braces") << QByteArray("m { a = \"1\" , b=\"2\" }  4") << "m"
                                          << "a=1;b=2" << 4.0 << qint64(-1);
    QTest::newRow("+Inf") << QByteArray("m +Inf") << "m"
                          << "" << std::numeric_limits<double>::infinity() << qint64(-1);
    QTest::newRow("-Inf") << QByteArray("m -Inf") << "m"
                          << "" << -std::numeric_limits<double>::infinity() << qint64(-1);
    QTest::newRow("exponent") << QByteArray("m 1.5e3") << "m"
                              << "" << 1500.0 << qint64(-1);
    QTest::newRow("negative") << QByteArray("m -0.25") << "m"
                              << "" << -0.25 << qint64(-1);
    QTest::newRow("timestamp") << QByteArray("m{a=\"1\"} 3 1733302800000") << "m"
                               << "a=1" << 3.0 << qint64(1733302800000);
    QTest::newRow("negative timestamp") << QByteArray("m 3 -5") << "m"
                                        << "" << 3.0 << qint64(-5);
    QTest::newRow("colon in name, tab") << QByteArray("job:rate5m\t7") << "job:rate5m"
                                        << "" << 7.0 << qint64(-1);
    QTest::newRow("CRLF") << QByteArray("m 1\r\n") << "m"
                          << "" << 1.0 << qint64(-1);
    QTest::newRow("after HELP, TYPE, comments, blank lines")
        << QByteArray("# HELP m Help with \\\\ and \\n escapes.\n# TYPE m counter\n# any comment\n\n  \nm_total 9\n")
        << "m_total"
        << "" << 9.0 << qint64(-1);
}

void TestNodeMetrics::parsesSamples()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, name);
    QFETCH(QString, labels);
    QFETCH(double, value);
    QFETCH(qint64, timestampMs);

    const auto parsed = parseMetricsExposition(text);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toRayError().describe()));
    QCOMPARE(parsed->samples.size(), size_t(1));
    const MetricSample &sample = parsed->samples.front();
    QCOMPARE(sample.name, name);
    QCOMPARE(labelText(sample), labels);
    QCOMPARE(sample.value, value);
    QCOMPARE(sample.timestampMs.value_or(-1), timestampMs);
}

void TestNodeMetrics::refusesMalformedLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unclosed label set") << QByteArray("m{a=\"1\" 2") << 1 << "expected ',' or '}'";
    QTest::newRow("unquoted label value") << QByteArray("ok 1\n\nm{a=1} 2") << 3 << "expected '\"' to open";
    QTest::newRow("unclosed label value") << QByteArray("m{a=\"1} 2") << 1 << "expected '\"' to close";
    QTest::newRow("unknown escape") << QByteArray(R"(m{a="\t"} 2)") << 1 << "after a backslash";
    QTest::newRow("repeated label") << QByteArray("m{a=\"1\",a=\"2\"} 2") << 1 << "a is repeated";
    QTest::newRow("repeated label, apart") << QByteArray("m{b=\"1\",a=\"2\",b=\"3\"} 2") << 1 << "b is repeated";
    QTest::newRow("no '='") << QByteArray("m{a \"1\"} 2") << 1 << "expected '='";
    QTest::newRow("label name") << QByteArray("m{1a=\"1\"} 2") << 1 << "expected a label name";
    QTest::newRow("no value") << QByteArray("# TYPE m gauge\nm") << 2 << "expected a space and the value";
    QTest::newRow("not a number") << QByteArray("m 12abc") << 1 << "expected a number";
    QTest::newRow("nan(...)") << QByteArray("m nan(1)") << 1 << "expected a number";
    QTest::newRow("out of range") << QByteArray("m 1e400") << 1 << "expected a number";
    QTest::newRow("fractional timestamp") << QByteArray("m 1 1.5") << 1 << "expected a timestamp";
    QTest::newRow("junk after timestamp") << QByteArray("m 1 2 3") << 1 << "expected the end of the line";
    QTest::newRow("name starts with a digit") << QByteArray("a 1\n1m 1") << 2 << "expected a metric name";
    QTest::newRow("unknown TYPE") << QByteArray("# TYPE m countr\nm 1") << 1 << "expected counter, gauge";
    QTest::newRow("HELP without a name") << QByteArray("# HELP") << 1 << "expected a metric name after HELP";
}

void TestNodeMetrics::refusesMalformedLines()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, expected);

    const auto parsed = parseMetricsExposition(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().line, line);
    QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
    const RayError error = parsed.error().toRayError();
    QCOMPARE(error.kind, RayErrorKind::BadPayload);
    QVERIFY(error.message.startsWith(QStringLiteral("line %1: ").arg(line)));
}

void TestNodeMetrics::keepsOnlyTheNamesAskedForButChecksEveryLine()
{
    const QByteArray text("a 1\nb{x=\"1\"} 2\nc 3\n");
    const auto kept = parseMetricsExposition(text, {QStringLiteral("b")});
    QVERIFY(kept.ok());
    QCOMPARE(kept->samples.size(), size_t(1));
    QCOMPARE(kept->samples.front().name, QStringLiteral("b"));
    QCOMPARE(kept->lineCount, 3);

    // A bad line of a family nobody asked for still fails the read, as it fails a scrape.
    const auto refused = parseMetricsExposition(text + "d{x=} 4\n", {QStringLiteral("b")});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().line, 4);
}

void TestNodeMetrics::readsTheNodeExportFixture()
{
    const QByteArray text = readFixture(QStringLiteral("node_metrics_serve.txt"));
    const auto all = parseMetricsExposition(text);
    QVERIFY2(all.ok(), all.ok() ? "" : qPrintable(all.error().toRayError().describe()));
    QCOMPARE(all->lineCount, 77);

    const auto it = std::find_if(all->samples.begin(), all->samples.end(), [](const MetricSample &sample) {
        return sample.label(QStringLiteral("Component")) == QStringLiteral("raylet \"main\"");
    });
    QVERIFY(it != all->samples.end());
    QVERIFY(std::isnan(it->value));

    const auto serve = parseMetricsExposition(text, serveRateSampleNames());
    QVERIFY(serve.ok());
    // 3 request counters, 1 error counter (Ray exports it once it counted), 3 histograms of 13 buckets.
    QCOMPARE(serve->samples.size(), size_t(3 + 1 + 3 * 13));
    const MetricSample &first = serve->samples.front();
    QCOMPARE(first.name, QStringLiteral("ray_serve_deployment_request_counter_total"));
    QCOMPARE(first.label(QStringLiteral("application")), QStringLiteral("llm"));
    QCOMPARE(first.label(QStringLiteral("deployment")), QStringLiteral("LLMServer"));
    QCOMPARE(first.label(QStringLiteral("replica")), QStringLiteral("llm#LLMServer#a1b2c3"));
    QCOMPARE(first.label(QStringLiteral("route")), QStringLiteral("/llm"));
    QCOMPARE(first.label(QStringLiteral("SessionName")), QStringLiteral("session_2026-12-04_09-12-33_481522_1"));
    QCOMPARE(first.label(QStringLiteral("le")), std::nullopt);
    QCOMPARE(first.value, 120.0);
}

void TestNodeMetrics::ratesOverTwoReplicasOnTwoNodes()
{
    const NodeMetricsRead first{
        t0,
        {node(QStringLiteral("10.0.0.1:8080"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 100, 10)),
         node(QStringLiteral("10.0.0.2:8080"), counters(QStringLiteral("Cart"), QStringLiteral("r2"), 50))}};
    // r1: +60 answered, no new error. r2: +60, and its first 5 errors (an error counter new since the first read).
    const NodeMetricsRead second{
        t0.addSecs(30),
        {node(QStringLiteral("10.0.0.1:8080"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 160, 10)),
         node(QStringLiteral("10.0.0.2:8080"), counters(QStringLiteral("Cart"), QStringLiteral("r2"), 110, 5))}};
    const TrafficReading reading = rates(first, second);
    QCOMPARE(reading.source, TrafficSource::Nodes);
    QCOMPARE(reading.windowS, 30);
    QCOMPARE(reading.takenAtUtc, t0.addSecs(30));
    QCOMPARE(reading.sourceAddress, QStringLiteral("10.0.0.1:8080, 10.0.0.2:8080"));
    QCOMPARE(reading.deployments.size(), size_t(1));
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::optional<double>((60 + 60 + 5) / 30.0));
    QCOMPARE(cart->errorRate, std::optional<double>(5 / 125.0));
    QCOMPARE(cart->p95Ms, std::nullopt); // no histogram was read
}

void TestNodeMetrics::counterResetCountsTheNewValue()
{
    // r1's worker restarted between the reads: its counter went from 500 back to 0 and up to 40.
    const NodeMetricsRead first{
        t0, {node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 500, 20))}};
    const NodeMetricsRead second{
        t0.addSecs(10), {node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 40, 25))}};
    const TrafficReading reading = rates(first, second);
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::optional<double>((40 + 5) / 10.0));
    QCOMPARE(cart->errorRate, std::optional<double>(5 / 45.0));
}

void TestNodeMetrics::replicaStartedBetweenReadsCountsWhole()
{
    const NodeExport before = node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 10));
    const NodeExport after = node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 30) +
                                                            counters(QStringLiteral("Cart"), QStringLiteral("r3"), 7));
    const TrafficReading reading = rates({t0, {before}}, {t0.addSecs(9), {after}});
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::optional<double>((20 + 7) / 9.0));
    QCOMPARE(cart->errorRate, std::optional<double>(0));
}

void TestNodeMetrics::nodeMissingFromFirstReadMakesFiguresUnknown()
{
    // n2 could not be read the first time: r2's increase is unknown, so the sum would only look like a figure.
    const NodeMetricsRead first{
        t0, {node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 10))}};
    const NodeMetricsRead second{
        t0.addSecs(10),
        {node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 20)),
         node(QStringLiteral("n2"), counters(QStringLiteral("Cart"), QStringLiteral("r2"), 900))}};
    const TrafficReading reading = rates(first, second);
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::nullopt);
    QCOMPARE(cart->errorRate, std::nullopt);
    QCOMPARE(cart->p95Ms, std::nullopt);
}

void TestNodeMetrics::noRequestsIsZeroWithUnknownErrorRateAndLatency()
{
    const QByteArray idle = counters(QStringLiteral("Cart"), QStringLiteral("r1"), 42, 3) +
                            latency(QStringLiteral("Cart"), QStringLiteral("r1"), {10, 40, 45, 45});
    const TrafficReading reading =
        rates({t0, {node(QStringLiteral("n1"), idle)}}, {t0.addSecs(60), {node(QStringLiteral("n1"), idle)}});
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::optional<double>(0));
    QCOMPARE(cart->errorRate, std::nullopt);
    QCOMPARE(cart->p95Ms, std::nullopt);
}

void TestNodeMetrics::deploymentsSeenOnlyBeforeAreUnknownAndUnseenAreAbsent()
{
    const NodeMetricsRead first{
        t0,
        {node(QStringLiteral("n1"), counters(QStringLiteral("Gone"), QStringLiteral("g1"), 5) +
                                        counters(QStringLiteral("Cart"), QStringLiteral("r1"), 1))}};
    const NodeMetricsRead second{
        t0.addSecs(5), {node(QStringLiteral("n1"), counters(QStringLiteral("Cart"), QStringLiteral("r1"), 6))}};
    const TrafficReading reading = rates(first, second);
    QCOMPARE(reading.deployments.size(), size_t(2));
    QCOMPARE(reading.deployments[0].deployment, QStringLiteral("Cart")); // sorted
    QCOMPARE(reading.deployments[0].requestsPerS, std::optional<double>(1));
    const DeploymentTraffic *gone = reading.find(QStringLiteral("shop"), QStringLiteral("Gone"));
    QVERIFY(gone);
    QCOMPARE(gone->requestsPerS, std::nullopt);
    QCOMPARE(reading.find(QStringLiteral("shop"), QStringLiteral("Never")), nullptr);
}

void TestNodeMetrics::refusesReadsOutOfOrder()
{
    const auto same = computeNodeRates({t0, {}}, {t0, {}});
    QVERIFY(!same.ok());
    QCOMPARE(same.error().kind, RayErrorKind::BadPayload);
    QVERIFY(!computeNodeRates({t0.addSecs(1), {}}, {t0, {}}).ok());
    QVERIFY(!computeNodeRates({QDateTime(), {}}, {t0, {}}).ok());
}

void TestNodeMetrics::p95FromBucketDeltasAcrossNodes()
{
    // Bucket increases, summed over both replicas: le=10: 0+0, 50: 40+40, 100: 90+90, +Inf: 100+100 (200
    // observations). rank = 0.95 * 200 = 190 falls in the +Inf bucket (180 < 190 <= 200): the highest finite
    // bound, 100. The counts before the interval (5, 5, 5, 5 on r1) must not count.
    const QByteArray r1Before = counters(QStringLiteral("Cart"), QStringLiteral("r1"), 5) +
                                latency(QStringLiteral("Cart"), QStringLiteral("r1"), {5, 5, 5, 5});
    const QByteArray r1After = counters(QStringLiteral("Cart"), QStringLiteral("r1"), 105) +
                               latency(QStringLiteral("Cart"), QStringLiteral("r1"), {5, 45, 95, 105});
    const QByteArray r2Before = counters(QStringLiteral("Cart"), QStringLiteral("r2"), 0);
    const QByteArray r2After = counters(QStringLiteral("Cart"), QStringLiteral("r2"), 100) +
                               latency(QStringLiteral("Cart"), QStringLiteral("r2"), {0, 40, 90, 100});
    const NodeMetricsRead first{t0, {node(QStringLiteral("n1"), r1Before), node(QStringLiteral("n2"), r2Before)}};
    const NodeMetricsRead second{t0.addSecs(20),
                                 {node(QStringLiteral("n1"), r1After), node(QStringLiteral("n2"), r2After)}};
    const TrafficReading reading = rates(first, second);
    const DeploymentTraffic *cart = reading.find(QStringLiteral("shop"), QStringLiteral("Cart"));
    QVERIFY(cart);
    QCOMPARE(cart->requestsPerS, std::optional<double>(10));
    QVERIFY(cart->p95Ms);
    QCOMPARE(*cart->p95Ms, 100.0);
}

void TestNodeMetrics::ratesFromTheFixture()
{
    // The node was read before any Serve series existed on it, so every series counts whole.
    const NodeMetricsRead first{t0, {NodeExport{QStringLiteral("10.0.0.5:8080"), {}}}};
    const NodeMetricsRead second{
        t0.addSecs(60), {node(QStringLiteral("10.0.0.5:8080"), readFixture(QStringLiteral("node_metrics_serve.txt")))}};
    const TrafficReading reading = rates(first, second);
    QCOMPARE(reading.deployments.size(), size_t(2));
    QCOMPARE(reading.deployments[0].app, QStringLiteral("embedder"));

    // LLMServer: 120 + 80 answered, 20 failed. Buckets summed over its two replicas: le=1000: 180,
    // le=2000: 211, +Inf: 220. rank = 0.95 * 220 = 209, in (1000, 2000]: 1000 + 1000 * (209 - 180) / 31.
    const DeploymentTraffic *llm = reading.find(QStringLiteral("llm"), QStringLiteral("LLMServer"));
    QVERIFY(llm);
    QCOMPARE(llm->requestsPerS, std::optional<double>(220 / 60.0));
    QCOMPARE(llm->errorRate, std::optional<double>(20 / 220.0));
    QVERIFY(llm->p95Ms);
    QCOMPARE(*llm->p95Ms, 1000 + 1000 * 29 / 31.0);

    // Embedder: no error counter exported (none counted) is 0 errors. rank = 570, exactly le=50's count:
    // 20 + 30 * (570 - 450) / 120 = 50.
    const DeploymentTraffic *embedder = reading.find(QStringLiteral("embedder"), QStringLiteral("Embedder"));
    QVERIFY(embedder);
    QCOMPARE(embedder->requestsPerS, std::optional<double>(10));
    QCOMPARE(embedder->errorRate, std::optional<double>(0));
    QVERIFY(embedder->p95Ms);
    QCOMPARE(*embedder->p95Ms, 50.0);
}

void TestNodeMetrics::histogramQuantileAgreesWithPromQL_data()
{
    using Buckets = std::vector<std::pair<double, double>>;
    QTest::addColumn<double>("q");
    QTest::addColumn<Buckets>("buckets");
    QTest::addColumn<double>("expected"); // NaN: empty

    const double inf = std::numeric_limits<double>::infinity();
    const double none = std::numeric_limits<double>::quiet_NaN();
    // Cumulative counts: le=10: 20, le=50: 60, le=100: 90, +Inf: 100.
    const Buckets known{{10, 20}, {50, 60}, {100, 90}, {inf, 100}};
    // rank 10 in [0, 10] holding 20: 0 + 10 * 10/20 = 5.
    QTest::newRow("q=0.1") << 0.1 << known << 5.0;
    // rank 50 in (10, 50] holding 40: 10 + 40 * (50-20)/40 = 40.
    QTest::newRow("q=0.5") << 0.5 << known << 40.0;
    // rank 75 in (50, 100] holding 30: 50 + 50 * (75-60)/30 = 75.
    QTest::newRow("q=0.75") << 0.75 << known << 75.0;
    // rank 95 in the +Inf bucket: the highest finite bound.
    QTest::newRow("q=0.95") << 0.95 << known << 100.0;
    QTest::newRow("unsorted input") << 0.5 << Buckets{{inf, 100}, {50, 60}, {10, 20}, {100, 90}} << 40.0;
    // A bucket below the one before it counts as equal to it: le=50 seen as 20, so rank 50 falls in (50, 100]
    // holding 70: 50 + 50 * (50-20)/70.
    QTest::newRow("not monotonic") << 0.5 << Buckets{{10, 20}, {50, 15}, {100, 90}, {inf, 100}} << 50 + 50 * 30 / 70.0;
    QTest::newRow("no observation") << 0.95 << Buckets{{10, 0}, {inf, 0}} << none;
    QTest::newRow("no +Inf bucket") << 0.95 << Buckets{{10, 5}, {50, 10}} << none;
    QTest::newRow("one bucket") << 0.95 << Buckets{{inf, 10}} << none;
}

void TestNodeMetrics::histogramQuantileAgreesWithPromQL()
{
    using Buckets = std::vector<std::pair<double, double>>;
    QFETCH(double, q);
    QFETCH(Buckets, buckets);
    QFETCH(double, expected);

    const std::optional<double> quantile = histogramQuantile(q, buckets);
    if (std::isnan(expected)) {
        QCOMPARE(quantile, std::nullopt);
        return;
    }
    QVERIFY(quantile);
    QCOMPARE(*quantile, expected);
}

QTEST_GUILESS_MAIN(TestNodeMetrics)
#include "test_nodemetrics.moc"
