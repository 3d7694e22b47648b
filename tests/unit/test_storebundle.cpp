// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A single-user store as a bundle (`scaledeckctl controller import`): read whole, through JSON and back unchanged,
// applied to an empty store row for row (the parked config byte for byte, the history's GPU-hours), and the
// conflict rules: a store that differs refuses the whole import and keeps every row, an identical re-import adds
// nothing, --replace replaces, a dry run writes nothing. Files that are no store are named with what is wrong.
#include "bundlefixtures.h"
#include "bundleimport.h"
#include "storebundle.h"
#include "teststore.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString cluster = QStringLiteral("http://laptop-tunnel:8265");
const QString controllerCluster = QStringLiteral("http://head:8265");
const QDateTime importAt = QDateTime(QDate(2026, 4, 1), QTime(9, 0), Qt::UTC);

ImportOptions options(bool replace = false, bool dryRun = false)
{
    return ImportOptions{replace, dryRun, QStringLiteral("alice (scaledeckctl API)"), importAt, WriteGuard()};
}

int added(const ImportOutcome &outcome)
{
    int sum = 0;
    for (const ImportCount &count : outcome.counts)
        sum += count.added + count.replaced;
    return sum;
}
} // namespace

class TestStoreBundle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readsEveryKind();
    void jsonRoundTripIsExact();
    void importIntoEmptyStoreKeepsEveryRow();
    void conflictRefusesAndChangesNothing();
    void identicalReimportAddsNothing();
    void replaceReplaces();
    void dryRunWritesNothing();
    void historyAlreadyThereIsNotDoubled();
    void importsOnAThreadOfItsOwn();
    void fileThatIsNoStoreIsNamed_data();
    void fileThatIsNoStoreIsNamed();

private:
    StoreBundle sourceBundle();
    // What the controller's store holds for its cluster, as a bundle (without the import's own audit row).
    StoreBundle targetBundle(bool dropImportRows = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_source;
    QString m_target;
};

void TestStoreBundle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_source = m_dir->filePath(QStringLiteral("laptop.sqlite"));
    QVERIFY(fillSingleUserStore(m_source, cluster));
    QString error;
    m_target = testStoreLocation(m_dir->path(), QStringLiteral("controller.sqlite"), &error);
    QVERIFY2(!m_target.isEmpty(), qPrintable(error));
}

StoreBundle TestStoreBundle::sourceBundle()
{
    auto bundle = readStoreBundle(m_source, cluster);
    if (!bundle)
        qWarning("%s", qPrintable(bundle.error().describe()));
    return bundle ? *bundle : StoreBundle{};
}

StoreBundle TestStoreBundle::targetBundle(bool dropImportRows)
{
    auto read = readStoreBundle(m_target, controllerCluster);
    if (!read) {
        qWarning("%s", qPrintable(read.error().describe()));
        return {};
    }
    StoreBundle bundle = *read;
    if (dropImportRows)
        std::erase_if(bundle.audit, [](const BundleAudit &row) { return row.result == QStringLiteral("imported"); });
    return bundle;
}

void TestStoreBundle::readsEveryKind()
{
    const StoreBundle bundle = sourceBundle();
    QCOMPARE(bundle.cluster, cluster);
    QCOMPARE(bundle.schedules.size(), size_t(2));
    QCOMPARE(bundle.overrides.size(), size_t(1));
    QCOMPARE(bundle.parked.size(), size_t(1));
    QCOMPARE(bundle.parked.front().config.toUtf8(), parkedConfigBytes());
    QVERIFY(bundle.prices);
    QCOMPARE(bundle.prices->gpuHourByAccelerator.at(QStringLiteral("A100")), 3.25);
    QCOMPARE(bundle.alwaysOn.at(QStringLiteral("llm/LLM")), 1);
    QCOMPARE(bundle.audit.size(), size_t(2));
    QVERIFY(bundle.historyRange);
    QCOMPARE(bundle.leases.size(), size_t(2));
    // The lease still active in the laptop's store ends at its last snapshot: the controller never saw it.
    for (const BundleLease &lease : bundle.leases)
        QVERIFY(lease.endMs.has_value());
    QVERIFY(bundle.segments.size() >= 3); // capacity and llm/LLM's two values
    auto clusters = storeClusters(m_source);
    QVERIFY(clusters.ok());
    QCOMPARE(*clusters, QStringList{cluster});
    // Reading changed nothing in the file, and a cluster it does not hold reads empty.
    auto other = readStoreBundle(m_source, controllerCluster);
    QVERIFY(other.ok());
    QVERIFY(other->schedules.empty() && other->leases.empty() && !other->prices && !other->historyRange);
}

void TestStoreBundle::jsonRoundTripIsExact()
{
    const StoreBundle bundle = sourceBundle();
    const std::string text = bundleToJson(bundle).dump();
    auto back = bundleFromJson(nlohmann::json::parse(text));
    QVERIFY2(back.ok(), back ? "" : qPrintable(back.error().describe()));
    QVERIFY(back->sameContent(bundle));
    QCOMPARE(back->cluster, bundle.cluster);
    QCOMPARE(back->parked.front().config.toUtf8(), parkedConfigBytes());

    auto wrongFormat = bundleFromJson(nlohmann::json{{"format", "something"}});
    QVERIFY(!wrongFormat.ok());
    QVERIFY(wrongFormat.error().message.contains(QStringLiteral("not a ScaleDeck store bundle")));
    nlohmann::json broken = bundleToJson(bundle);
    broken["schedules"][0]["text"] = 3;
    auto malformed = bundleFromJson(broken);
    QVERIFY(!malformed.ok());
    QVERIFY2(malformed.error().message.contains(QStringLiteral("\"schedules\"")),
             qPrintable(malformed.error().message));
}

void TestStoreBundle::importIntoEmptyStoreKeepsEveryRow()
{
    const StoreBundle bundle = sourceBundle();
    auto outcome = importBundle(m_target, controllerCluster, bundle, options());
    QVERIFY2(outcome.ok(), outcome ? "" : qPrintable(outcome.error().describe()));
    QVERIFY(outcome->written);
    QVERIFY(outcome->conflicts.empty());
    QCOMPARE(outcome->count(BundleKind::Schedules), (ImportCount{2, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::Overrides), (ImportCount{1, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::ParkedApps), (ImportCount{1, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::Prices), (ImportCount{1, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::AlwaysOn), (ImportCount{1, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::Audit), (ImportCount{2, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::Leases), (ImportCount{2, 0, 0}));
    QCOMPARE(outcome->count(BundleKind::Usage).added, int(bundle.segments.size()));

    // Every row, read back through the same reader.
    QVERIFY(targetBundle().sameContent(bundle));
    // And through the stores the controller uses: the parked config byte for byte, the schedule, the prices,
    // the history's GPU-hours.
    ParkedStore parked(m_target);
    auto apps = parked.list(controllerCluster);
    QVERIFY(apps.ok());
    QCOMPARE(apps->size(), size_t(1));
    QCOMPARE(apps->front().configJson, parkedConfigBytes());
    ScheduleStore schedules(m_target);
    auto stored = schedules.schedules(controllerCluster);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), size_t(2));
    QCOMPARE(stored->front().updatedUtc, bundleT0.addSecs(60)); // embedder, by target
    PriceStore prices(m_target);
    QCOMPARE(prices.prices(controllerCluster)->gpuHour, 2.5);
    HistoryStore history(m_target);
    HistoryStore laptop(m_source);
    auto there = history.recordedUsage(controllerCluster, bundleT0, bundleT0.addSecs(3600));
    auto here = laptop.recordedUsage(cluster, bundleT0, bundleT0.addSecs(3600));
    QVERIFY(there.ok() && here.ok());
    QCOMPARE(there->capacityGpuHours, here->capacityGpuHours);
    QCOMPARE(there->heldGpuHours, here->heldGpuHours);
    QCOMPARE(history.leases(controllerCluster, QDateTime(), QDateTime())->size(), size_t(2));

    // One audit row on the controller says who imported what.
    auto audit = schedules.audit(controllerCluster, importAt);
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().result, AuditResult::Imported);
    QCOMPARE(audit->front().holder, QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(audit->front().before, cluster);
    QVERIFY2(
        audit->front().detail.startsWith(QStringLiteral("schedules 2 added; overrides 1 added; parked apps 1 added")),
        qPrintable(audit->front().detail));
}

void TestStoreBundle::conflictRefusesAndChangesNothing()
{
    ScheduleStore schedules(m_target);
    QVERIFY(schedules.open().ok());
    QVERIFY(schedules
                .saveSchedule(controllerCluster,
                              StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                             QStringLiteral("tz UTC\ndefault 3\n"), bundleT0})
                .ok());
    ParkedStore parked(m_target);
    QVERIFY(parked
                .save(controllerCluster, ParkedApp{QStringLiteral("llm"), QByteArrayLiteral("{\"name\": \"llm\"}"),
                                                   QByteArrayLiteral("{}"), bundleT0})
                .ok());
    const StoreBundle before = targetBundle(false);

    auto outcome = importBundle(m_target, controllerCluster, sourceBundle(), options());
    QVERIFY(outcome.ok());
    QVERIFY(!outcome->written);
    QCOMPARE(outcome->conflicts.size(), size_t(2));
    QCOMPARE(outcome->conflicts[0].kind, BundleKind::Schedules);
    QCOMPARE(outcome->conflicts[0].key, QStringLiteral("llm/LLM"));
    QCOMPARE(outcome->conflicts[1].kind, BundleKind::ParkedApps);
    QCOMPARE(outcome->conflicts[1].description,
             QStringLiteral("llm: the controller keeps another parked config of this app"));
    // Nothing at all landed: not the schedules without conflict, not the history, not an audit row.
    const StoreBundle after = targetBundle(false);
    QVERIFY(after.sameContent(before));
    QCOMPARE(after.audit.size(), size_t(0));
    QCOMPARE(after.leases.size(), size_t(0));
}

void TestStoreBundle::identicalReimportAddsNothing()
{
    const StoreBundle bundle = sourceBundle();
    QVERIFY(importBundle(m_target, controllerCluster, bundle, options())->written);
    const StoreBundle once = targetBundle();
    auto again = importBundle(m_target, controllerCluster, bundle, options());
    QVERIFY(again.ok());
    QVERIFY(again->conflicts.empty());
    QCOMPARE(added(*again), 0);
    QCOMPARE(again->count(BundleKind::Schedules).alreadyThere, 2);
    QCOMPARE(again->count(BundleKind::ParkedApps).alreadyThere, 1);
    QCOMPARE(again->count(BundleKind::Prices).alreadyThere, 1);
    QCOMPARE(again->count(BundleKind::Audit).alreadyThere, 2);
    QCOMPARE(again->count(BundleKind::Leases).alreadyThere, 2);
    QCOMPARE(again->count(BundleKind::Usage).alreadyThere, int(bundle.segments.size()));
    QVERIFY(targetBundle().sameContent(once));
    QCOMPARE(again->summaryText().contains(QStringLiteral("added")), false);
}

void TestStoreBundle::replaceReplaces()
{
    PriceStore prices(m_target);
    PriceList mine;
    mine.gpuHour = 9;
    QVERIFY(prices.setPrices(controllerCluster, mine).ok());
    ScheduleStore schedules(m_target);
    QVERIFY(schedules
                .saveSchedule(controllerCluster, StoredSchedule{ScheduleTarget{QStringLiteral("embedder"), QString()},
                                                                QStringLiteral("tz UTC\ndefault 5\n"), bundleT0})
                .ok());
    const StoreBundle bundle = sourceBundle();
    auto outcome = importBundle(m_target, controllerCluster, bundle, options(true));
    QVERIFY(outcome.ok());
    QVERIFY(outcome->written);
    QCOMPARE(outcome->conflicts.size(), size_t(2)); // listed, and replaced
    QCOMPARE(outcome->count(BundleKind::Schedules), (ImportCount{1, 0, 1}));
    QCOMPARE(outcome->count(BundleKind::Prices), (ImportCount{0, 0, 1}));
    QVERIFY(targetBundle().sameContent(bundle));
    QVERIFY(schedules.audit(controllerCluster, importAt)->front().detail.startsWith(QStringLiteral("(--replace) ")));
}

void TestStoreBundle::dryRunWritesNothing()
{
    QVERIFY(ScheduleStore(m_target).open().ok()); // a store with its tables, and nothing in them
    const StoreBundle before = targetBundle(false);
    auto outcome = importBundle(m_target, controllerCluster, sourceBundle(), options(false, true));
    QVERIFY(outcome.ok());
    QVERIFY(!outcome->written);
    QCOMPARE(outcome->count(BundleKind::Schedules).added, 2); // what would move
    QVERIFY(targetBundle(false).sameContent(before));
    QVERIFY(targetBundle(false).schedules.empty());
}

// The controller recorded the same hour itself (its own leases under the same keys, its own segments): the
// import adds none of it, so no GPU-hour is counted twice.
void TestStoreBundle::historyAlreadyThereIsNotDoubled()
{
    HistoryStore history(m_target);
    QVERIFY(history.open().ok());
    const GpuLease first = bundleLease("r1", bundleT0);
    QVERIFY(
        history.record(controllerCluster, bundleSnapshotAt(bundleT0, 4, 1), LeaseTracker::Update{{first}, {}}).ok());
    for (int s = 30; s <= 3600; s += 30)
        QVERIFY(history.record(controllerCluster, bundleSnapshotAt(bundleT0.addSecs(s), 4, 1), {}).ok());
    auto before = history.recordedUsage(controllerCluster, bundleT0, bundleT0.addSecs(3600));
    QVERIFY(before.ok());

    auto outcome = importBundle(m_target, controllerCluster, sourceBundle(), options());
    QVERIFY(outcome.ok() && outcome->written);
    QCOMPARE(outcome->count(BundleKind::Usage).added, 0);
    QVERIFY(outcome->count(BundleKind::Usage).alreadyThere > 0);
    QCOMPARE(outcome->count(BundleKind::Leases), (ImportCount{1, 1, 0})); // r2 is new; r1 is the same lease
    auto after = history.recordedUsage(controllerCluster, bundleT0, bundleT0.addSecs(3600));
    QVERIFY(after.ok());
    QCOMPARE(after->capacityGpuHours, before->capacityGpuHours);
    QCOMPARE(after->heldGpuHours, before->heldGpuHours);
}

// The controller's API imports on a thread of its own (ImportRunner): importBundle opens its connections there, by
// the store's path or URL, and what it wrote is what this thread then reads.
void TestStoreBundle::importsOnAThreadOfItsOwn()
{
    const StoreBundle bundle = sourceBundle();
    Result<ImportOutcome> outcome = makeError(RayErrorKind::Storage, QStringLiteral("the import did not run"));
    const std::unique_ptr<QThread> thread(
        QThread::create([&] { outcome = importBundle(m_target, controllerCluster, bundle, options()); }));
    QSignalSpy finished(thread.get(), &QThread::finished);
    thread->start();
    QVERIFY(finished.wait(60000));
    QVERIFY2(outcome.ok(), outcome ? "" : qPrintable(outcome.error().describe()));
    QVERIFY(outcome->written);
    QCOMPARE(outcome->count(BundleKind::Schedules), (ImportCount{2, 0, 0}));
    QCOMPARE(targetBundle().schedules.size(), size_t(2));
}

void TestStoreBundle::fileThatIsNoStoreIsNamed_data()
{
    QTest::addColumn<QByteArray>("content"); // "-": no file; "sqlite": an SQLite database without our tables
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QByteArray("-") << QStringLiteral("does not exist");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("is empty, not a ScaleDeck store");
    QTest::newRow("text") << QByteArray("schedule llm/LLM\n") << QStringLiteral("not an SQLite database");
    QTest::newRow("other database") << QByteArray("sqlite") << QStringLiteral("none of ScaleDeck's tables");
}

void TestStoreBundle::fileThatIsNoStoreIsNamed()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = m_dir->filePath(QStringLiteral("not-a-store.db"));
    if (content == "sqlite") {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE recipes (name TEXT)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
    } else if (content != "-") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    auto bundle = readStoreBundle(path, cluster);
    QVERIFY(!bundle.ok());
    QVERIFY2(bundle.error().message.startsWith(path), qPrintable(bundle.error().message));
    QVERIFY2(bundle.error().message.contains(expected), qPrintable(bundle.error().message));
    QVERIFY(!storeClusters(path).ok());
}

QTEST_GUILESS_MAIN(TestStoreBundle)
#include "test_storebundle.moc"
