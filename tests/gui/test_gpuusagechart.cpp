// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The GPU usage chart over history with gaps (stretches ScaleDeck was not recording): nothing is drawn across
// a gap, a "no history" band covers exactly it, and every series stays within kMaxPoints.
#include "deploymentcolour.h"
#include "gpuusagechart.h"
#include "guitestmain.h"

#include <QDir>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace scaledeck;

namespace {

const QDateTime kFrom(QDate(2026, 11, 25), QTime(0, 0), Qt::UTC);
constexpr qint64 kBucketMs = 60'000;

double at(int bucket)
{
    return double(kFrom.toMSecsSinceEpoch() + qint64(bucket) * kBucketMs);
}

// A series with a point at the start of each bucket in `buckets`, valued value(bucket).
UsageSeries series(const QString &name, const std::vector<int> &buckets, const std::function<double(int)> &value)
{
    UsageSeries out{name, {}};
    for (int bucket : buckets)
        out.points.push_back(UsagePoint{qint64(at(bucket)), value(bucket)});
    return out;
}

std::vector<int> range(int from, int to) // [from, to)
{
    std::vector<int> out;
    for (int i = from; i < to; ++i)
        out.push_back(i);
    return out;
}

std::vector<int> joined(std::vector<int> a, const std::vector<int> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Two deployments and the capacity over `buckets`: a/A holds 1 or 2 GPUs, b/B 3, the cluster has 8.
std::vector<UsageSeries> threeSeries(const std::vector<int> &buckets)
{
    return {series(QStringLiteral("a/A"), buckets, [](int i) { return 1.0 + i % 2; }),
            series(QStringLiteral("b/B"), buckets, [](int) { return 3.0; }),
            series(QStringLiteral("capacity"), buckets, [](int) { return 8.0; })};
}

// WCAG's relative luminance and contrast ratio.
double luminance(const QColor &colour)
{
    auto channel = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
}
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Where the polyline is at x: on the first sloped or flat segment that spans x (vertical steps are skipped).
double lineAt(const QList<QPointF> &points, double x)
{
    for (qsizetype i = 1; i < points.size(); ++i) {
        const QPointF a = points[i - 1];
        const QPointF b = points[i];
        if (a.x() <= x && x <= b.x() && a.x() < b.x())
            return a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x());
    }
    return qQNaN();
}

// Every series of the chart is 0 throughout [fromMs, toMs]: no point above 0 inside, 0 at both edges.
void verifyEmptyBetween(const GpuUsageChart &chart, double fromMs, double toMs)
{
    for (const QString &name : chart.seriesNames()) {
        const QList<QPointF> points = chart.points(name);
        for (const QPointF &point : points) {
            if (point.x() > fromMs && point.x() < toMs)
                QVERIFY2(point.y() == 0, qPrintable(name));
        }
        for (double x : {fromMs + 1, (fromMs + toMs) / 2, toMs - 1})
            QVERIFY2(lineAt(points, x) == 0, qPrintable(QStringLiteral("%1 at %2").arg(name).arg(x, 0, 'f', 0)));
        QVERIFY2(points.contains(QPointF(fromMs, 0)), qPrintable(name));
        QVERIFY2(points.contains(QPointF(toMs, 0)), qPrintable(name));
    }
}

} // namespace

class TestGpuUsageChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gapShowsAsGap_data();
    void gapShowsAsGap();
    void seriesWithoutGapsKeepsValues();
    void manyGapsStayBounded();
    void gapsSurviveTrimming();
    void fewOrNoPoints();
    void historyStartingLateShowsNoHistoryBefore();
    void colourFollowsTheDeployment();
    void paletteReadsOnLightAndDark();
    void rendersGap();
};

void TestGpuUsageChart::gapShowsAsGap_data()
{
    QTest::addColumn<qint64>("bucketMs");
    QTest::newRow("width inferred") << qint64(0);
    QTest::newRow("width given") << kBucketMs;
}

void TestGpuUsageChart::gapShowsAsGap()
{
    QFETCH(qint64, bucketMs);
    // History in buckets 0-9 and 20-29 of a 30-bucket range; none in 10-19.
    GpuUsageChart chart;
    chart.show(); // a legend marker is visible only on a visible chart
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData(threeSeries(joined(range(0, 10), range(20, 30))), kFrom, kFrom.addMSecs(30 * kBucketMs), bucketMs);
    QCOMPARE(chart.seriesNames(),
             QStringList({QStringLiteral("a/A"), QStringLiteral("b/B"), QStringLiteral("capacity")}));

    // The band covers exactly the gap and shows in the legend.
    QCOMPARE(chart.noHistoryRanges(), (QList<QPair<double, double>>{{at(10), at(20)}}));
    QTRY_VERIFY(chart.noHistoryInLegend()); // the legend lays new markers out on a posted event
    verifyEmptyBetween(chart, at(10), at(20));

    // The last covered bucket before the gap holds its value to its end, then drops; the next one rises at its
    // start. Stacked: a/A is 2 in bucket 9 and 1 in bucket 20, b/B 3 on top of it.
    const QList<QPointF> top = chart.points(QStringLiteral("b/B"));
    QCOMPARE(lineAt(top, at(9) + kBucketMs / 2.0), 5.0);
    QVERIFY(top.contains(QPointF(at(10), 5)));
    QVERIFY(top.contains(QPointF(at(20), 4)));
    QCOMPARE(chart.points(QStringLiteral("capacity")).first(), QPointF(at(0), 8));
    QCOMPARE(lineAt(chart.points(QStringLiteral("capacity")), at(25)), 8.0);
    // The last bucket extends to the end of the range, 20 points + 1 at the end + 3 across the gap.
    QCOMPARE(top.last(), QPointF(at(30), 5));
    for (const QString &name : chart.seriesNames())
        QCOMPARE(chart.pointCount(name), 24);
}

void TestGpuUsageChart::seriesWithoutGapsKeepsValues()
{
    GpuUsageChart chart;
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    // First with a gap, then the same chart without: the band goes away with it.
    chart.setData(threeSeries(joined(range(0, 5), range(8, 30))), kFrom, kFrom.addMSecs(30 * kBucketMs));
    QCOMPARE(chart.noHistoryRanges().size(), 1);
    QTRY_VERIFY(chart.noHistoryInLegend());

    chart.setData(threeSeries(range(0, 30)), kFrom, kFrom.addMSecs(30 * kBucketMs));
    QVERIFY(chart.noHistoryRanges().isEmpty());
    QCoreApplication::processEvents();
    QVERIFY(!chart.noHistoryInLegend());
    const QList<QPointF> a = chart.points(QStringLiteral("a/A"));
    const QList<QPointF> b = chart.points(QStringLiteral("b/B"));
    const QList<QPointF> capacity = chart.points(QStringLiteral("capacity"));
    QCOMPARE(a.size(), 31); // a point per bucket, and the last bucket's end
    QCOMPARE(b.size(), 31);
    QCOMPARE(capacity.size(), 31);
    for (int i = 0; i < 30; ++i) {
        QCOMPARE(a[i], QPointF(at(i), 1.0 + i % 2));
        QCOMPARE(b[i], QPointF(at(i), 4.0 + i % 2));
        QCOMPARE(capacity[i], QPointF(at(i), 8));
    }
    QCOMPARE(a.last(), QPointF(at(30), 2));
    QCOMPARE(capacity.last(), QPointF(at(30), 8));
}

void TestGpuUsageChart::manyGapsStayBounded()
{
    // 2000 buckets, every other one missing: 1000 points and 999 gaps would be 3998 points a series, more than
    // kMaxPoints.
    std::vector<int> everyOther;
    for (int i = 0; i < 2000; i += 2)
        everyOther.push_back(i);
    GpuUsageChart chart;
    chart.setData(threeSeries(everyOther), kFrom, kFrom.addMSecs(2000 * kBucketMs), kBucketMs);
    for (const QString &name : chart.seriesNames()) {
        QVERIFY(chart.pointCount(name) > 0);
        QVERIFY2(chart.pointCount(name) <= GpuUsageChart::kMaxPoints, qPrintable(name));
    }
    QVERIFY(chart.noHistoryRanges().size() * 4 <= GpuUsageChart::kMaxPoints);
    // Averaged into wider buckets, each of which has history: no false zeros in between.
    for (const QPointF &point : chart.points(QStringLiteral("a/A")))
        QCOMPARE(point.y(), 1.0);
    for (const QPointF &point : chart.points(QStringLiteral("capacity")))
        QCOMPARE(point.y(), 8.0);
}

void TestGpuUsageChart::gapsSurviveTrimming()
{
    // Five times kMaxPoints buckets in runs of 30 with history and 20 without (5,000 buckets and 99 gaps for 1,000
    // points): more than a series may hold, so the buckets are averaged down; gaps wider than the coarser buckets
    // stay gaps.
    constexpr int kBuckets = 5 * GpuUsageChart::kMaxPoints;
    std::vector<int> buckets;
    for (int i = 0; i < kBuckets; ++i) {
        if (i % 50 < 30)
            buckets.push_back(i);
    }
    GpuUsageChart chart;
    chart.setData(threeSeries(buckets), kFrom, kFrom.addMSecs(kBuckets * kBucketMs));
    for (const QString &name : chart.seriesNames())
        QVERIFY2(chart.pointCount(name) <= GpuUsageChart::kMaxPoints, qPrintable(name));
    const QList<QPair<double, double>> ranges = chart.noHistoryRanges();
    QCOMPARE(ranges.size(), kBuckets / 50 - 1);
    for (qsizetype k = 0; k < ranges.size(); ++k) {
        // Within the real gap, buckets 50k+30 to 50k+50, never over history.
        QVERIFY(ranges[k].first >= at(50 * int(k) + 30));
        QVERIFY(ranges[k].second <= at(50 * int(k) + 50));
        QVERIFY(ranges[k].second > ranges[k].first);
        verifyEmptyBetween(chart, ranges[k].first, ranges[k].second);
    }
    for (const QPointF &point : chart.points(QStringLiteral("b/B")))
        QVERIFY(point.y() == 0 || (point.y() >= 4 && point.y() <= 5));
}

void TestGpuUsageChart::fewOrNoPoints()
{
    GpuUsageChart chart;
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData({}, kFrom, kFrom.addSecs(3600));
    QVERIFY(chart.seriesNames().isEmpty());
    QVERIFY(!chart.noHistoryInLegend());

    // No history at all in the range: named series without points, and the band over all of it.
    chart.setData(threeSeries({}), kFrom, kFrom.addSecs(3600));
    QCOMPARE(chart.pointCount(QStringLiteral("a/A")), 0);
    QCOMPARE(chart.noHistoryRanges(),
             (QList<QPair<double, double>>{{at(0), double(kFrom.addSecs(3600).toMSecsSinceEpoch())}}));
    QTRY_VERIFY(chart.noHistoryInLegend());

    // One bucket: held for a bucket of the width a 2000-point query would have; before it, no history.
    chart.setData(threeSeries({10}), kFrom, kFrom.addMSecs(2000 * kBucketMs));
    QCOMPARE(chart.points(QStringLiteral("capacity")), (QList<QPointF>{{at(10), 8}, {at(11), 8}}));
    QCOMPARE(chart.noHistoryRanges(), (QList<QPair<double, double>>{{at(0), at(10)}}));

    // No series at all: nothing was read, which is not a range without history.
    chart.setData({}, kFrom, kFrom.addSecs(3600));
    QVERIFY(chart.noHistoryRanges().isEmpty());
}

// A range longer than the history (a 30-day window over two days of it): the stretch before the first point is
// "no history", not a stretch of nothing held.
void TestGpuUsageChart::historyStartingLateShowsNoHistoryBefore()
{
    GpuUsageChart chart;
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData(threeSeries(range(20, 30)), kFrom, kFrom.addMSecs(30 * kBucketMs), kBucketMs);
    QCOMPARE(chart.noHistoryRanges(), (QList<QPair<double, double>>{{at(0), at(20)}}));
    QTRY_VERIFY(chart.noHistoryInLegend());
    // Nothing is drawn under the band: every series starts where the history does.
    for (const QString &name : chart.seriesNames())
        QCOMPARE(chart.points(name).first().x(), at(20));

    // With a gap as well: the band covers both stretches, the earlier first.
    chart.setData(threeSeries(joined(range(5, 10), range(20, 30))), kFrom, kFrom.addMSecs(30 * kBucketMs), kBucketMs);
    QCOMPARE(chart.noHistoryRanges(), (QList<QPair<double, double>>{{at(0), at(5)}, {at(10), at(20)}}));

    // History from the range's first bucket on: no band.
    chart.setData(threeSeries(range(0, 30)), kFrom, kFrom.addMSecs(30 * kBucketMs), kBucketMs);
    QVERIFY(chart.noHistoryRanges().isEmpty());
}

// A deployment keeps its colour whatever else the chart shows: when another one leaves it (a shorter window),
// when it moves in the stack, and in another chart (another window, the next start of the program).
void TestGpuUsageChart::colourFollowsTheDeployment()
{
    const std::vector<int> buckets = range(0, 10);
    auto layer = [&](const QString &name) { return series(name, buckets, [](int) { return 1.0; }); };
    const QString a = QStringLiteral("llm/LLM");
    const QString b = QStringLiteral("embed/Embed");
    const QString c = QStringLiteral("batch/BatchWorker");
    GpuUsageChart chart;
    chart.setData({layer(a), layer(b), layer(c)}, kFrom, kFrom.addMSecs(10 * kBucketMs));
    const QColor colourA = chart.seriesColour(a);
    const QColor colourB = chart.seriesColour(b);
    const QColor colourC = chart.seriesColour(c);
    QVERIFY(colourA.isValid() && colourB.isValid() && colourC.isValid());

    chart.setData({layer(c), layer(b)}, kFrom, kFrom.addMSecs(10 * kBucketMs));
    QCOMPARE(chart.seriesNames(), (QStringList{c, b}));
    QCOMPARE(chart.seriesColour(c), colourC);
    QCOMPARE(chart.seriesColour(b), colourB);

    GpuUsageChart another;
    another.setData({layer(b), layer(a), layer(QStringLiteral("other"))}, kFrom, kFrom.addDays(30));
    QCOMPARE(another.seriesColour(a), colourA);
    QCOMPARE(another.seriesColour(b), colourB);
}

// Every colour a deployment can get is a graphic's 3:1 against a light and a dark background, and names spread
// over all of them.
void TestGpuUsageChart::paletteReadsOnLightAndDark()
{
    const QList<QColor> palette = deploymentPalette();
    QVERIFY(palette.size() >= 8);
    for (const QColor &colour : palette) {
        QVERIFY2(contrast(colour, Qt::white) >= 3.0, qPrintable(colour.name()));
        QVERIFY2(contrast(colour, QColor(0x1e, 0x1e, 0x1e)) >= 3.0, qPrintable(colour.name()));
    }
    QSet<QRgb> used;
    for (int i = 0; i < 300; ++i) {
        const QColor colour = deploymentColour(QStringLiteral("app%1/Deployment").arg(i));
        QVERIFY2(palette.contains(colour), qPrintable(colour.name()));
        used.insert(colour.rgb());
    }
    QCOMPARE(used.size(), palette.size());
}

void TestGpuUsageChart::rendersGap()
{
    // A day: history 06:00-11:30 and 14:00-20:00 (1-minute buckets), three deployments and the capacity; none
    // before 06:00.
    const std::vector<int> buckets = joined(range(6 * 60, 11 * 60 + 30), range(14 * 60, 20 * 60));
    auto wave = [](double base, double amplitude, int period) {
        return [=](int i) { return std::max(0.0, std::round(base + amplitude * std::sin(i * 6.283 / period))); };
    };
    const std::vector<UsageSeries> data{series(QStringLiteral("llm/LLM"), buckets, wave(4, 2, 180)),
                                        series(QStringLiteral("embed/Embed"), buckets, wave(1, 1, 90)),
                                        series(QStringLiteral("other"), buckets, [](int) { return 1.0; }),
                                        series(QStringLiteral("capacity"), buckets, [](int) { return 10.0; })};
    GpuUsageChart chart;
    chart.resize(900, 360);
    chart.setData(data, kFrom, kFrom.addDays(1));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QCoreApplication::processEvents(); // the chart lays its axes out on a posted event
    QCOMPARE(chart.noHistoryRanges(),
             (QList<QPair<double, double>>{{at(0), at(6 * 60)}, {at(11 * 60 + 30), at(14 * 60)}}));
    const QPixmap image = chart.grab();
    QVERIFY(!image.isNull());

    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("chart-gap.png"))));
    }
}

SCALEDECK_GUI_TEST_MAIN(TestGpuUsageChart)
#include "test_gpuusagechart.moc"
