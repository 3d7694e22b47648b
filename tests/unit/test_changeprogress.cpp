// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// How far a snapshot shows a change set Ray accepted (the window's check, after it stopped following a change,
// of when the cluster got there): on the demo cluster, derived from captured Serve state.
#include "changeapplier.h" // the ChangeSet metatype
#include "changeprogress.h"
#include "clusterpoller.h" // the SnapshotPtr metatype
#include "demodocuments.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

Q_DECLARE_METATYPE(scaledeck::ChangeProgress)

class TestChangeProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progress_data();
    void progress();
};

void TestChangeProgress::progress_data()
{
    const OrderedJson demo = demoDocument();
    ChangeSet llmAt3;
    llmAt3.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    ChangeSet parkEmbedder;
    parkEmbedder.park(QStringLiteral("embedder"));
    ChangeSet unparkEmbedder;
    unparkEmbedder.unpark(QStringLiteral("embedder"));

    QTest::addColumn<ChangeSet>("changes");
    QTest::addColumn<SnapshotPtr>("snapshot");
    QTest::addColumn<ChangeProgress>("expected");
    QTest::newRow("count not taken yet") << llmAt3 << snapshotOf(demo) << ChangeProgress::NotYet;
    QTest::newRow("count taken, replicas starting")
        << llmAt3 << snapshotOf(withReplicas(demo, "llm", "LLM", 3, 2)) << ChangeProgress::Configured;
    QTest::newRow("count running") << llmAt3 << snapshotOf(withReplicas(demo, "llm", "LLM", 3, 3))
                                   << ChangeProgress::Running;
    QTest::newRow("park: still in the cluster") << parkEmbedder << snapshotOf(demo) << ChangeProgress::NotYet;
    QTest::newRow("park: gone") << parkEmbedder << snapshotOf(withoutApp(demo, "embedder")) << ChangeProgress::Running;
    QTest::newRow("unpark: not back") << unparkEmbedder << snapshotOf(withoutApp(demo, "embedder"))
                                      << ChangeProgress::NotYet;
    QTest::newRow("unpark: running") << unparkEmbedder << snapshotOf(demo) << ChangeProgress::Running;
}

void TestChangeProgress::progress()
{
    QFETCH(ChangeSet, changes);
    QFETCH(SnapshotPtr, snapshot);
    QFETCH(ChangeProgress, expected);
    QCOMPARE(changeProgress(changes, *snapshot), expected);
}

QTEST_GUILESS_MAIN(TestChangeProgress)
#include "test_changeprogress.moc"
