// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The bench history generator (tests/bench/benchhistory.h) writes what polling through HistoryStore::record() would
// have stored: the same rows, and the same answers from the readers the cost tab and cost reports use.
#include "benchhistory.h"
#include "historystore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using scaledeck::bench::BenchFleet;
using scaledeck::bench::BenchFleetOptions;

namespace {
const QString kCluster = QStringLiteral("http://bench:8265");
const qint64 kStartMs = QDateTime(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kDayMs = 86'400'000;

BenchFleetOptions smallFleet()
{
    BenchFleetOptions options;
    options.deployments = 20; // steady, scheduled and churning ones
    options.deploymentsPerApp = 3;
    options.startMs = kStartMs;
    options.pollMs = 30'000;
    return options;
}

// The usage rows of a store by series name, in one text (ids differ between stores; what they hold must not).
QString segmentRows(const QString &path)
{
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT s.name, g.start_ms, g.end_ms, g.value, g.replicas, g.tier FROM"
                                  " history_segments g JOIN history_series s ON s.id = g.series_id"));
        while (query.next()) {
            QStringList row;
            for (int i = 0; i < 6; ++i)
                row.append(query.value(i).isNull() ? QStringLiteral("NULL") : query.value(i).toString());
            rows.append(row.join(QLatin1Char(' ')));
        }
        query.exec(QStringLiteral("SELECT first_ms, last_ms FROM history_clusters"));
        while (query.next())
            rows.append(QStringLiteral("cluster %1 %2").arg(query.value(0).toString(), query.value(1).toString()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    rows.sort();
    return rows.join(QLatin1Char('\n'));
}

void compareLeases(const std::vector<GpuLease> &generated, const std::vector<GpuLease> &recorded)
{
    QCOMPARE(generated.size(), recorded.size());
    for (size_t i = 0; i < generated.size(); ++i) {
        QCOMPARE(generated[i].key(), recorded[i].key());
        QCOMPARE(generated[i].gpus, recorded[i].gpus);
        QCOMPARE(generated[i].cpus, recorded[i].cpus);
        QCOMPARE(generated[i].accelerator, recorded[i].accelerator);
        QCOMPARE(generated[i].startUtc, recorded[i].startUtc);
        QCOMPARE(generated[i].endUtc, recorded[i].endUtc);
        QCOMPARE(generated[i].startFromRay, recorded[i].startFromRay);
    }
}
} // namespace

class TestBenchHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void generatedReadsAsRecorded();
    void pollingContinuesGeneratedHistory();
};

void TestBenchHistory::generatedReadsAsRecorded()
{
    QTemporaryDir dir;
    const QString generatedPath = dir.filePath(QStringLiteral("generated.sqlite"));
    const QString recordedPath = dir.filePath(QStringLiteral("recorded.sqlite"));
    const qint64 endMs = kStartMs + 2 * kDayMs;

    BenchFleet generatedFleet(smallFleet());
    auto generated = bench::generateBenchHistory(generatedPath, kCluster, generatedFleet, endMs);
    QVERIFY2(generated.ok(), qPrintable(generated.ok() ? QString() : generated.error().message));
    QVERIFY(generated->leases > 20);   // the churning and scheduled ones ended some
    QVERIFY(generated->segments > 21); // and changed their GPUs

    BenchFleet polledFleet(smallFleet());
    {
        HistoryStore store(recordedPath);
        for (qint64 ms = kStartMs; ms <= endMs; ms += smallFleet().pollMs) {
            LeaseTracker::Update update;
            const ClusterSnapshot &snapshot = polledFleet.poll(ms, update);
            QVERIFY(store.record(kCluster, snapshot, update).ok());
        }
    }
    QCOMPARE(segmentRows(generatedPath), segmentRows(recordedPath));

    HistoryStore fromGenerator(generatedPath);
    HistoryStore fromPolls(recordedPath);
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(kStartMs, Qt::UTC);
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    QCOMPARE(*fromGenerator.firstRecord(kCluster), *fromPolls.firstRecord(kCluster));
    QCOMPARE(*fromGenerator.lastRecord(kCluster), *fromPolls.lastRecord(kCluster));
    compareLeases(*fromGenerator.leases(kCluster, start, end), *fromPolls.leases(kCluster, start, end));
    compareLeases(*fromGenerator.activeLeases(kCluster), *fromPolls.activeLeases(kCluster));
    for (const auto &[from, to] : {std::pair{start, end}, std::pair{start.addSecs(3600 * 5 + 17), end.addSecs(-600)}}) {
        const RecordedUsage a = *fromGenerator.recordedUsage(kCluster, from, to);
        const RecordedUsage b = *fromPolls.recordedUsage(kCluster, from, to);
        QCOMPARE(a.recordedHours, b.recordedHours);
        QCOMPARE(a.capacityGpuHours, b.capacityGpuHours);
        QCOMPARE(*a.heldGpuHours, *b.heldGpuHours);
        QCOMPARE(a.heldGpuHours->size(), size_t(20));
    }
    for (qint64 hours : {1, 24, 48}) {
        const UsageQuery query{end.addSecs(-3600 * hours), end, 600, 5};
        const auto a = *fromGenerator.usage(kCluster, query);
        const auto b = *fromPolls.usage(kCluster, query);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].name, b[i].name);
            QCOMPARE(a[i].points.size(), b[i].points.size());
            for (size_t p = 0; p < a[i].points.size(); ++p) {
                QCOMPARE(a[i].points[p].atMs, b[i].points[p].atMs);
                QVERIFY(qAbs(a[i].points[p].value - b[i].points[p].value) <= 1e-9 * (1 + qAbs(b[i].points[p].value)));
            }
        }
    }
}

void TestBenchHistory::pollingContinuesGeneratedHistory()
{
    // Generated for a day, then polled on: the same as polled throughout.
    QTemporaryDir dir;
    const QString generatedPath = dir.filePath(QStringLiteral("generated.sqlite"));
    const QString recordedPath = dir.filePath(QStringLiteral("recorded.sqlite"));
    const qint64 splitMs = kStartMs + kDayMs;
    const qint64 endMs = splitMs + 6 * 3'600'000;
    const qint64 poll = smallFleet().pollMs;

    BenchFleet generatedFleet(smallFleet());
    QVERIFY(bench::generateBenchHistory(generatedPath, kCluster, generatedFleet, splitMs).ok());
    BenchFleet polledFleet(smallFleet());
    {
        HistoryStore continued(generatedPath);
        HistoryStore polled(recordedPath);
        for (qint64 ms = kStartMs; ms <= endMs; ms += poll) {
            LeaseTracker::Update update;
            QVERIFY(polled.record(kCluster, polledFleet.poll(ms, update), update).ok());
            if (ms > splitMs) {
                LeaseTracker::Update more;
                QVERIFY(continued.record(kCluster, generatedFleet.poll(ms, more), more).ok());
            }
        }
    }
    QCOMPARE(segmentRows(generatedPath), segmentRows(recordedPath));
    HistoryStore a(generatedPath);
    HistoryStore b(recordedPath);
    compareLeases(*a.leases(kCluster, QDateTime(), QDateTime()), *b.leases(kCluster, QDateTime(), QDateTime()));
}

QTEST_GUILESS_MAIN(TestBenchHistory)

#include "test_benchhistory.moc"
