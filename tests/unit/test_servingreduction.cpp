// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What a change takes serving capacity from: the targets whose recent traffic a confirmation shows.
#include "servingreduction.h"

#include <QtTest>

using namespace scaledeck;

namespace {
ApplicationSnapshot app(const QString &name, std::vector<std::pair<QString, int>> running, bool parked = false)
{
    ApplicationSnapshot snapshot;
    snapshot.name = name;
    snapshot.parked = parked;
    for (const auto &[deployment, replicas] : running) {
        DeploymentSnapshot one;
        one.name = deployment;
        one.runningReplicas = replicas;
        one.targetReplicas = replicas;
        snapshot.deployments.push_back(one);
    }
    return snapshot;
}

ClusterSnapshot cluster()
{
    ClusterSnapshot snapshot;
    snapshot.applications = {
        app(QStringLiteral("batch"), {{QStringLiteral("BatchWorker"), 0}}, true),
        app(QStringLiteral("gateway"), {{QStringLiteral("Gateway"), 1}, {QStringLiteral("Router"), 1}}),
        app(QStringLiteral("llm"), {{QStringLiteral("LLM"), 2}})};
    return snapshot;
}
} // namespace

class TestServingReduction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parksAndScaleDownsAreListed();
    void scaleUpsUnparksAndParkedAppsAreNot();
    void oneTargetAsAnOverrideSetsIt();
};

void TestServingReduction::parksAndScaleDownsAreListed()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    changes.park(QStringLiteral("gateway"));
    const std::vector<ReducedServing> reduced = reducedServing(cluster(), changes);
    QCOMPARE(reduced.size(), size_t(2));
    QCOMPARE(reduced[0].target(), QStringLiteral("gateway"));
    QCOMPARE(reduced[0].runningNow, 2);
    QCOMPARE(reduced[0].after, 0);
    QCOMPARE(reduced[1].target(), QStringLiteral("llm/LLM"));
    QCOMPARE(reduced[1].runningNow, 2);
    QCOMPARE(reduced[1].after, 1);
}

void TestServingReduction::scaleUpsUnparksAndParkedAppsAreNot()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    changes.setReplicas(QStringLiteral("gateway"), QStringLiteral("Router"), 1); // as it runs now
    changes.park(QStringLiteral("batch"));                                       // parked already
    changes.setReplicas(QStringLiteral("nope"), QStringLiteral("Gone"), 0);      // not in the cluster
    QVERIFY(reducedServing(cluster(), changes).empty());
}

// What an override of a scheduled target asks: the same rule for one target at a time.
void TestServingReduction::oneTargetAsAnOverrideSetsIt()
{
    const ClusterSnapshot now = cluster();
    const auto down = reducedServingOf(now, QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    QVERIFY(down);
    QCOMPARE(down->target(), QStringLiteral("llm/LLM"));
    QCOMPARE(down->runningNow, 2);
    QCOMPARE(down->after, 1);
    const auto park = reducedServingOf(now, QStringLiteral("gateway"), QString(), 0);
    QVERIFY(park);
    QCOMPARE(park->target(), QStringLiteral("gateway"));
    QCOMPARE(park->runningNow, 2);
    QVERIFY(!reducedServingOf(now, QStringLiteral("llm"), QStringLiteral("LLM"), 2));  // as it runs now
    QVERIFY(!reducedServingOf(now, QStringLiteral("gateway"), QString(), 1));          // an unpark
    QVERIFY(!reducedServingOf(now, QStringLiteral("batch"), QString(), 0));            // parked already
    QVERIFY(!reducedServingOf(now, QStringLiteral("llm"), QStringLiteral("Gone"), 0)); // not in the cluster
}

QTEST_GUILESS_MAIN(TestServingReduction)
#include "test_servingreduction.moc"
