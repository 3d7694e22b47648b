// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// record() samples only the applications that changed since the snapshot it recorded before (SampledApps): what it
// hands on is what changed, and a store written that way holds exactly what one that compared every series at
// every poll holds, over random sequences of polls (applications added, removed, parked, scaled; capacity and
// accelerator types changing; gaps; repeats; names with '/'; applications out of order).
// The property test's polls: SCALEDECK_RECORD_PROPERTY_POLLS (default 400 in each of 3 seeds; scripts/long-tests.sh
// runs 20,000); SCALEDECK_PROPERTY_SEED repeats one seed.
#include "historystore.h"
#include "usagesamples_p.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <array>

using namespace scaledeck;
using namespace scaledeck::historydetail;

namespace {
const QString kCluster = QStringLiteral("http://property:8265");
const QDateTime kStart = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC);

DeploymentSnapshot deploymentOf(const QString &name, double gpusHeld, double gpusPerReplica)
{
    DeploymentSnapshot deployment;
    deployment.name = name;
    deployment.status = QStringLiteral("HEALTHY");
    deployment.gpusHeld = gpusHeld;
    deployment.gpusPerReplica = gpusPerReplica;
    return deployment;
}

ApplicationSnapshot appOf(const QString &name, int deployments, double gpusHeld)
{
    ApplicationSnapshot app;
    app.name = name;
    app.status = QStringLiteral("RUNNING");
    for (int i = 0; i < deployments; ++i)
        app.deployments.push_back(deploymentOf(QStringLiteral("d%1").arg(i), gpusHeld, 1));
    return app;
}

ClusterSnapshot fleetOf(int apps)
{
    ClusterSnapshot snapshot;
    snapshot.takenAt = kStart;
    snapshot.gpusTotal = 64;
    for (int i = 0; i < apps; ++i)
        snapshot.applications.push_back(appOf(QStringLiteral("app%1").arg(i, 4, 10, QLatin1Char('0')), 4, 1));
    return snapshot;
}

QStringList namesOf(const std::vector<SeriesSample> &samples)
{
    QStringList names;
    for (const auto &[name, sample] : samples)
        names.append(name);
    names.sort();
    return names;
}

// The segments a store holds, by series name (ids differ between stores), and the cluster's first and last times.
QString contentOf(const QString &path)
{
    const QString connection = QStringLiteral("inspect-%1").arg(QRandomGenerator::global()->generate());
    QString out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (!db.open())
            return QStringLiteral("cannot open %1").arg(path);
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT first_ms, last_ms FROM history_clusters"));
        while (query.next())
            out += QStringLiteral("cluster %1 %2\n").arg(query.value(0).toString(), query.value(1).toString());
        query.exec(QStringLiteral("SELECT s.name, g.start_ms, g.end_ms, g.value, g.replicas, g.tier"
                                  " FROM history_segments g JOIN history_series s ON s.id = g.series_id"
                                  " ORDER BY s.name, g.start_ms"));
        while (query.next()) {
            for (int i = 0; i < 6; ++i)
                out += query.value(i).toString() + QLatin1Char(i == 5 ? '\n' : ' ');
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return out;
}

// Random changes to a small fleet, one poll at a time.
class RandomFleet {
public:
    explicit RandomFleet(quint32 seed) : m_random(seed)
    {
        m_snapshot.gpusTotal = 16;
        for (int i = 0; i < 6; ++i)
            addApp();
    }

    const ClusterSnapshot &next()
    {
        m_snapshot.takenAt = m_snapshot.takenAt.isValid() ? m_snapshot.takenAt.addMSecs(stepMs()) : kStart;
        const int changes = int(m_random.bounded(4));
        for (int i = 0; i < changes; ++i)
            change();
        std::sort(m_snapshot.applications.begin(), m_snapshot.applications.end(),
                  [](const ApplicationSnapshot &a, const ApplicationSnapshot &b) { return a.name < b.name; });
        if (m_random.bounded(40) == 0 && m_snapshot.applications.size() > 1) // never from a poller; still recorded
            std::swap(m_snapshot.applications.front(), m_snapshot.applications.back());
        return m_snapshot;
    }

private:
    qint64 stepMs()
    {
        const quint32 roll = m_random.bounded(50);
        if (roll == 0)
            return 5 * 60'000; // a gap: the segments end and begin again
        if (roll == 1)
            return 0; // a repeat of the last poll's time
        return 10'000;
    }
    double gpus() { return std::array<double, 5>{0, 0.5, 1, 2, 4}[m_random.bounded(5)]; }
    ApplicationSnapshot &anyApp()
    {
        return m_snapshot.applications[m_random.bounded(quint32(m_snapshot.applications.size()))];
    }

    void addApp()
    {
        // Now and then a name with '/', which may name another application's series ("a/b" + "c", "a" + "b/c").
        const quint32 name = m_random.bounded(12);
        const QString appName =
            m_random.bounded(15) == 0 ? QStringLiteral("a%1/b").arg(name % 3) : QStringLiteral("a%1").arg(name);
        for (const ApplicationSnapshot &app : m_snapshot.applications)
            if (app.name == appName)
                return;
        ApplicationSnapshot app;
        app.name = appName;
        const int deployments = 1 + int(m_random.bounded(3));
        for (int i = 0; i < deployments; ++i) {
            const QString deploymentName =
                m_random.bounded(15) == 0 ? QStringLiteral("b/d%1").arg(i) : QStringLiteral("d%1").arg(i);
            app.deployments.push_back(
                deploymentOf(deploymentName, gpus(), std::array<double, 3>{0, 0.5, 1}[m_random.bounded(3)]));
        }
        m_snapshot.applications.push_back(app);
    }

    void change()
    {
        switch (m_random.bounded(8)) {
        case 0:
            addApp();
            break;
        case 1:
            if (m_snapshot.applications.size() > 1)
                m_snapshot.applications.erase(m_snapshot.applications.begin() +
                                              m_random.bounded(quint32(m_snapshot.applications.size())));
            break;
        case 2: {
            ApplicationSnapshot &app = anyApp();
            app.parked = !app.parked;
            break;
        }
        case 3:
            m_snapshot.gpusTotal = std::array<double, 3>{8, 16, 24}[m_random.bounded(3)];
            break;
        case 4: {
            const QString type = m_random.bounded(2) ? QStringLiteral("L4") : QStringLiteral("A100");
            if (m_random.bounded(3) == 0)
                m_snapshot.gpusByAccelerator.erase(type);
            else
                m_snapshot.gpusByAccelerator[type] = std::array<double, 3>{0, 4, 8}[m_random.bounded(3)];
            break;
        }
        case 5: {
            ApplicationSnapshot &app = anyApp();
            app.deployments.push_back(deploymentOf(QStringLiteral("d%1").arg(app.deployments.size()), gpus(), 1));
            break;
        }
        default: {
            ApplicationSnapshot &app = anyApp();
            DeploymentSnapshot &deployment = app.deployments[m_random.bounded(quint32(app.deployments.size()))];
            deployment.gpusHeld = gpus();
            if (m_random.bounded(4) == 0)
                deployment.gpusPerReplica = std::array<double, 3>{0, 0.5, 1}[m_random.bounded(3)];
            break;
        }
        }
    }

    QRandomGenerator m_random;
    ClusterSnapshot m_snapshot;
};

// The first line where two stores' contents differ, with the line before it.
QString firstDifference(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split(QLatin1Char('\n'));
    const QStringList e = expected.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
        if (a.value(i) != e.value(i))
            return QStringLiteral("after \"%1\": recorded \"%2\", comparing everything \"%3\"")
                .arg(e.value(i - 1), a.value(i), e.value(i));
    }
    return {};
}

int propertyPolls()
{
    bool ok = false;
    const int polls = qEnvironmentVariableIntValue("SCALEDECK_RECORD_PROPERTY_POLLS", &ok);
    return ok && polls > 0 ? polls : 400;
}
} // namespace

class TestUsageSamples : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onlyTheChangedApplicationsAreSampled()
    {
        ClusterSnapshot before = fleetOf(1000);
        SampledApps sampled(before);
        ClusterSnapshot after = before;
        after.applications[10].deployments[2].gpusHeld = 3;                        // scaled
        after.applications[500].parked = true;                                     // parked
        after.applications.erase(after.applications.begin() + 900);                // removed
        after.applications.push_back(appOf(QStringLiteral("new"), 1, 2));          // added (sorts last)
        after.applications[20].deployments[0].status = QStringLiteral("UPDATING"); // no GPUs changed
        const auto changed = sampled.advanceTo(after);
        QVERIFY(changed);
        QStringList expected = {QStringLiteral("capacity"), QStringLiteral("new/d0")};
        for (const char *app : {"app0010", "app0500", "app0900"})
            for (int d = 0; d < 4; ++d)
                expected.append(QStringLiteral("%1/d%2").arg(QLatin1String(app)).arg(d));
        expected.sort();
        QCOMPARE(namesOf(*changed), expected);
        for (const auto &[name, sample] : *changed) {
            if (name == QStringLiteral("app0010/d2"))
                QCOMPARE(sample, std::optional<Sample>(Sample{3, 3}));
            if (name.startsWith(QStringLiteral("app0500/")) || name.startsWith(QStringLiteral("app0900/")))
                QVERIFY2(!sample, qPrintable(name)); // no segment while parked or gone
        }
        // Nothing changed since: only the capacity series, which is always compared.
        const auto again = sampled.advanceTo(after);
        QVERIFY(again);
        QCOMPARE(namesOf(*again), QStringList{QStringLiteral("capacity")});
    }

    void anAcceleratorTypeThatGoesIsSampledAsNone()
    {
        ClusterSnapshot before = fleetOf(2);
        before.gpusByAccelerator[QStringLiteral("L4")] = 8;
        SampledApps sampled(before);
        ClusterSnapshot after = before;
        after.gpusByAccelerator.clear();
        const auto changed = sampled.advanceTo(after);
        QVERIFY(changed);
        QCOMPARE(namesOf(*changed), (QStringList{QStringLiteral("capacity"), QStringLiteral("capacity:L4")}));
        for (const auto &[name, sample] : *changed)
            QCOMPARE(sample.has_value(), name == QStringLiteral("capacity"));
    }

    void namesThatTwoApplicationsMayShareAreComparedWhole()
    {
        ClusterSnapshot before = fleetOf(2);
        before.applications.insert(before.applications.begin(), appOf(QStringLiteral("a/b"), 1, 1));
        SampledApps sampled(before);
        ClusterSnapshot after = before;
        after.applications.back().deployments[0].gpusHeld = 2;
        QVERIFY(!sampled.advanceTo(after));
        after.applications.erase(after.applications.begin()); // the '/' gone: a part at a time again
        QVERIFY(sampled.advanceTo(after));
    }

    void recordingWhatChangedStoresWhatComparingEverythingStores()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const int polls = propertyPolls();
        const quint32 fixedSeed = quint32(qEnvironmentVariableIntValue("SCALEDECK_PROPERTY_SEED"));
        const std::vector<quint32> seeds = fixedSeed ? std::vector<quint32>{fixedSeed}
                                                     : std::vector<quint32>{QRandomGenerator::global()->generate(),
                                                                            QRandomGenerator::global()->generate(),
                                                                            QRandomGenerator::global()->generate()};
        for (const quint32 seed : seeds) {
            qInfo("seed %u (SCALEDECK_PROPERTY_SEED=%u repeats it), %d polls", seed, seed, polls);
            const QString incrementalPath = dir.filePath(QStringLiteral("incremental-%1.sqlite").arg(seed));
            const QString wholePath = dir.filePath(QStringLiteral("whole-%1.sqlite").arg(seed));
            HistoryStore incremental(incrementalPath);
            RandomFleet fleet(seed);
            for (int poll = 0; poll < polls; ++poll) {
                const ClusterSnapshot &snapshot = fleet.next();
                const auto recorded = incremental.record(kCluster, snapshot, {});
                QVERIFY2(recorded.ok(), recorded.ok() ? "" : qPrintable(recorded.error().describe()));
                // A store opened afresh knows nothing of the last snapshot: it compares every series.
                HistoryStore whole(wholePath);
                const auto wholeRecorded = whole.record(kCluster, snapshot, {});
                QVERIFY2(wholeRecorded.ok(), wholeRecorded.ok() ? "" : qPrintable(wholeRecorded.error().describe()));
            }
            const QString expected = contentOf(wholePath);
            QVERIFY(expected.count(QLatin1Char('\n')) > polls / 10); // the fleet did change
            const QString actual = contentOf(incrementalPath);
            QVERIFY2(actual == expected, qPrintable(firstDifference(actual, expected)));
        }
    }
};

QTEST_GUILESS_MAIN(TestUsageSamples)
#include "test_usagesamples.moc"
