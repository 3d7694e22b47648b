// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Diffs name exactly the applications that were added, removed or changed.
#include "fixtures.h"
#include "servestatereader.h"
#include "snapshotdiff.h"
#include "snapshotfetcher.h"

#include <QtTest>

using namespace scaledeck;

namespace {
SnapshotPtr snapshotFrom(const QString &fixture, const SnapshotPtr &previous = {})
{
    auto state = readServeState(readFixture(fixture));
    return buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1, {}, {}, {}}, {},
                         QDateTime::currentDateTimeUtc(), previous);
}
} // namespace

class TestSnapshotDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstSnapshotAddsEverything();
    void identicalSnapshotsAreEmpty();
    void scaledAndParkedApps();
    void notedChangesServeOnlyTheirBase();
};

void TestSnapshotDiff::firstSnapshotAddsEverything()
{
    const SnapshotPtr demo = snapshotFrom(QStringLiteral("applications_demo.json"));
    const SnapshotDiff diff = diffSnapshots(nullptr, *demo);
    QCOMPARE(diff.addedApps.size(), 5);
    QVERIFY(diff.summaryChanged);
}

void TestSnapshotDiff::identicalSnapshotsAreEmpty()
{
    const SnapshotPtr a = snapshotFrom(QStringLiteral("applications_demo.json"));
    const SnapshotPtr b = snapshotFrom(QStringLiteral("applications_demo.json"));
    QVERIFY(diffSnapshots(a.get(), *b).isEmpty());

    // A node swapped for one of another accelerator type, same GPU count: the header's figures change.
    auto typed = std::make_shared<ClusterSnapshot>(*b);
    typed->gpusByAccelerator = {{QStringLiteral("L4"), 4}};
    QVERIFY(diffSnapshots(a.get(), *typed).summaryChanged);
}

void TestSnapshotDiff::scaledAndParkedApps()
{
    const SnapshotPtr before = snapshotFrom(QStringLiteral("applications_demo.json"));
    const SnapshotPtr after = snapshotFrom(QStringLiteral("applications_llm1_embedder_parked.json"));
    const SnapshotDiff diff = diffSnapshots(before.get(), *after);
    QCOMPARE(diff.removedApps, QStringList{QStringLiteral("embedder")});
    QVERIFY(diff.addedApps.isEmpty());
    QVERIFY(diff.changedApps.contains(QStringLiteral("llm")));
    QVERIFY(diff.summaryChanged); // GPUs held dropped
}

// A snapshot built with its predecessor carries the diff against it (computed by the builder, on the poller's
// thread); changesBetween() gives it for that predecessor only, and compares in full for any other or for a copy.
void TestSnapshotDiff::notedChangesServeOnlyTheirBase()
{
    const SnapshotPtr before = snapshotFrom(QStringLiteral("applications_demo.json"));
    const SnapshotPtr after = snapshotFrom(QStringLiteral("applications_llm1_embedder_parked.json"), before);
    QVERIFY(after->changes.diff);
    const SnapshotDiff full = diffSnapshots(before.get(), *after);
    QCOMPARE(after->changes.diff->changedApps, full.changedApps);
    QCOMPARE(after->changes.diff->removedApps, full.removedApps);

    // Believed for its base: a noted diff that says otherwise is what comes back.
    auto tampered = std::make_shared<ClusterSnapshot>(*after);
    SnapshotDiff noted;
    noted.changedApps = {QStringLiteral("gateway")};
    tampered->changes = {std::make_shared<const SnapshotDiff>(noted), before, tampered.get()};
    QCOMPARE(changesBetween(before, *tampered).changedApps, noted.changedApps);

    // Not for another snapshot with the same content, nor for a copy of the snapshot that carries it.
    const SnapshotPtr twin = snapshotFrom(QStringLiteral("applications_demo.json"));
    QCOMPARE(changesBetween(twin, *tampered).changedApps, full.changedApps);
    const ClusterSnapshot copy = *tampered;
    QCOMPARE(changesBetween(before, copy).changedApps, full.changedApps);
    QVERIFY(!snapshotFrom(QStringLiteral("applications_demo.json"))->changes.diff); // no predecessor, nothing noted
}

QTEST_GUILESS_MAIN(TestSnapshotDiff)
#include "test_snapshotdiff.moc"
