// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What a park or scale-down confirmation says of its targets' recent traffic (describeRecentServing): requests
// counted over the reading's window, a known silence, an unknown figure never taken for idle, and an
// application's deployments side by side.
#include "recentserving.h"

#include <QtTest>

using namespace scaledeck;

namespace {
DeploymentTraffic traffic(const QString &app, const QString &deployment, std::optional<double> perS)
{
    return {app, deployment, perS, std::nullopt, std::nullopt};
}

TrafficReading reading()
{
    TrafficReading one;
    one.sourceAddress = QStringLiteral("http://127.0.0.1:9090");
    one.windowS = 300;
    one.deployments = {traffic(QStringLiteral("embedder"), QStringLiteral("Embedder"), 0.0),
                       traffic(QStringLiteral("gateway"), QStringLiteral("Gateway"), 2.1),
                       traffic(QStringLiteral("gateway"), QStringLiteral("Router"), 2.0),
                       traffic(QStringLiteral("llm"), QStringLiteral("LLM"), 7.2034),
                       traffic(QStringLiteral("quiet"), QStringLiteral("Q"), 0.001),
                       traffic(QStringLiteral("scaler"), QStringLiteral("Scaled"), std::nullopt)};
    return one;
}

RecentServing only(const ReducedServing &target, const TrafficReading &from = reading())
{
    const std::vector<RecentServing> lines = describeRecentServing({target}, from);
    if (lines.size() != 1)
        qFatal("one line a target");
    return lines.front();
}
} // namespace

class TestRecentServing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aScaleToZeroOfABusyDeploymentCountsItsRequests()
    {
        const RecentServing line = only({QStringLiteral("llm"), QStringLiteral("LLM"), 2, 0});
        QVERIFY(line.served);
        QVERIFY(line.known);
        QCOMPARE(line.target, QStringLiteral("llm/LLM"));
        QCOMPARE(line.text, QStringLiteral("llm/LLM served 2161 requests in the last 5 min (7.20 req/s); scaling it "
                                           "to 0 leaves nothing to answer them"));
    }

    void aScaleDownSaysWhatIsLeftToAnswer()
    {
        const RecentServing line = only({QStringLiteral("llm"), QStringLiteral("LLM"), 3, 1});
        QVERIFY(line.text.endsWith(QStringLiteral("; 1 of 3 replicas would take them")));
    }

    void aKnownSilenceIsNoWarning()
    {
        const RecentServing line = only({QStringLiteral("embedder"), QStringLiteral("Embedder"), 2, 0});
        QVERIFY(!line.served);
        QVERIFY(line.known);
        QCOMPARE(line.text, QStringLiteral("embedder/Embedder served no request in the last 5 min"));
    }

    // 0.3 requests in 5 minutes is what increase() extrapolates from a counter that did not move.
    void lessThanHalfARequestIsNone() { QVERIFY(!only({QStringLiteral("quiet"), QStringLiteral("Q"), 1, 0}).served); }

    void anUnknownFigureIsNeverIdle()
    {
        const RecentServing unknown = only({QStringLiteral("scaler"), QStringLiteral("Scaled"), 1, 0});
        QVERIFY(!unknown.known);
        QVERIFY(!unknown.served);
        QCOMPARE(unknown.text, QStringLiteral("scaler/Scaled: traffic in the last 5 min unknown (no figure of it from "
                                              "http://127.0.0.1:9090)"));
        const RecentServing absent = only({QStringLiteral("llm"), QStringLiteral("Other"), 1, 0});
        QVERIFY(!absent.known);
    }

    // A request to the gateway is counted by the Gateway and again by the Router: shown side by side, not summed.
    void aParkedApplicationShowsEachDeployment()
    {
        const RecentServing line = only({QStringLiteral("gateway"), QString(), 2, 0});
        QVERIFY(line.served);
        QVERIFY(line.known);
        QCOMPARE(line.text, QStringLiteral("gateway served requests in the last 5 min (Gateway 2.10 req/s, Router "
                                           "2.00 req/s); parking it leaves nothing to answer them"));
        QCOMPARE(only({QStringLiteral("embedder"), QString(), 2, 0}).text,
                 QStringLiteral("embedder served no request in the last 5 min"));
        const RecentServing none = only({QStringLiteral("batch"), QString(), 0, 0});
        QVERIFY(!none.known);
        QVERIFY(none.text.contains(QStringLiteral("unknown (no figure of its deployments")));
    }

    void anApplicationWithAnUnknownDeploymentIsUnknownUnlessAnotherServed()
    {
        TrafficReading mixed = reading();
        mixed.deployments.push_back(traffic(QStringLiteral("scaler"), QStringLiteral("Idle"), 0.0));
        const RecentServing line = only({QStringLiteral("scaler"), QString(), 2, 0}, mixed);
        QVERIFY(!line.known);
        QCOMPARE(line.text, QStringLiteral("scaler: traffic in the last 5 min unknown (Scaled unknown, Idle 0.00 "
                                           "req/s)"));
        mixed.deployments.push_back(traffic(QStringLiteral("scaler"), QStringLiteral("Busy"), 1.0));
        QVERIFY(only({QStringLiteral("scaler"), QString(), 2, 0}, mixed).served);
    }

    void theWindowIsNamedAsTheReadingHasIt()
    {
        QCOMPARE(describeWindow(300), QStringLiteral("5 min"));
        QCOMPARE(describeWindow(30), QStringLiteral("30 s"));
        TrafficReading nodes = reading();
        nodes.windowS = 30;
        QCOMPARE(only({QStringLiteral("llm"), QStringLiteral("LLM"), 2, 0}, nodes).text,
                 QStringLiteral("llm/LLM served 216 requests in the last 30 s (7.20 req/s); scaling it to 0 leaves "
                                "nothing to answer them"));
    }
};

QTEST_GUILESS_MAIN(TestRecentServing)
#include "test_recentserving.moc"
