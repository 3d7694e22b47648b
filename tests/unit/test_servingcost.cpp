// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12, the cost tab's traffic figures: servingCost on hand-made leases and request rates (idle steps, busy
// steps, a step without a point, leases starting and ending inside steps, a deployment without a series, one that
// served nothing), cost per 1,000 requests, and the range query's step and grid (servingQuery).
#include "servingcost.h"
#include "servingquery.h"

#include <QtTest>

using namespace scaledeck;

namespace {
const QDateTime kFrom(QDate(2026, 11, 23), QTime(0, 0), Qt::UTC);
const QDateTime kTo = kFrom.addSecs(3600);

GpuLease lease(const char *app, const char *deployment, double gpus, const QDateTime &start,
               const QDateTime &end = QDateTime())
{
    GpuLease l;
    l.app = QString::fromLatin1(app);
    l.deployment = QString::fromLatin1(deployment);
    l.replicaId = QStringLiteral("r%1").arg(start.toSecsSinceEpoch());
    l.gpus = gpus;
    l.startUtc = start;
    l.endUtc = end;
    return l;
}

// A series of 10-minute steps over the hour: one rate a step, nullopt for a step without a point.
RateSeries tenMinuteSteps(const std::vector<std::optional<double>> &perSecond)
{
    RateSeries series;
    series.stepS = 600;
    for (size_t i = 0; i < perSecond.size(); ++i)
        if (perSecond[i])
            series.points.push_back({kFrom.addSecs(600 * qint64(i + 1)), *perSecond[i]});
    return series;
}

DeploymentKey key(const char *app, const char *deployment)
{
    return {QString::fromLatin1(app), QString::fromLatin1(deployment)};
}

bool near(double actual, double expected)
{
    return qAbs(actual - expected) <= 1e-9 * std::max(1.0, qAbs(expected));
}
} // namespace

class TestServingCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void idleBusyAndUnknownSteps();
    void deploymentWithoutSeries();
    void nothingServed();
    void stepReachingBeforeTheWindow();
    void totals();
    void costPer1000();
    void queryStep_data();
    void queryStep();

private:
    static ServingCost hourOfThree();
};

// llm/LLM: 2 GPUs all hour (a lease from before the window, still active) and 1 GPU from 00:05 to 00:45, against
// steps of 0, 0.0005 (0.3 requests: none arrived), 2, no point, 0 and 1 requests/s. chat/Chat: 1 GPU from 00:30
// on, no series at all. batch/Embedder: 4 GPUs from 00:00 to 00:30, a series of zeros. gateway/Gateway: a series
// and no lease (it holds no GPUs: no row).
ServingCost TestServingCost::hourOfThree()
{
    const std::vector<GpuLease> leases{
        lease("llm", "LLM", 2, kFrom.addSecs(-3600)),
        lease("llm", "LLM", 1, kFrom.addSecs(300), kFrom.addSecs(2700)),
        lease("chat", "Chat", 1, kFrom.addSecs(1800), kFrom.addSecs(5400)),
        lease("batch", "Embedder", 4, kFrom, kFrom.addSecs(1800)),
        lease("batch", "Embedder", 4, kFrom.addSecs(-7200), kFrom.addSecs(-600)), // ended before the window
    };
    RequestRates rates;
    rates[key("llm", "LLM")] = tenMinuteSteps({0.0, 0.0005, 2.0, std::nullopt, 0.0, 1.0});
    rates[key("batch", "Embedder")] = tenMinuteSteps({0.0, 0.0, 0.0, 0.0, 0.0, 0.0});
    rates[key("gateway", "Gateway")] = tenMinuteSteps({5.0, 5.0, 5.0, 5.0, 5.0, 5.0});
    return servingCost(leases, rates, kFrom, kTo);
}

void TestServingCost::idleBusyAndUnknownSteps()
{
    const ServingCost cost = hourOfThree();
    const DeploymentServing *llm = cost.find(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY(llm);
    // GPU-hours a step: 5/12 (2 GPUs, and 1 from minute 5), 1/2, 1/2, 1/2 (no point), 5/12 (1 GPU to minute 45), 1/3.
    QVERIFY2(near(llm->heldGpuHours, 8.0 / 3), qPrintable(QString::number(llm->heldGpuHours, 'g', 17)));
    QVERIFY(llm->requests);
    QVERIFY2(near(*llm->requests, 0.3 + 1200 + 600), qPrintable(QString::number(*llm->requests, 'g', 17)));
    QVERIFY(llm->idleGpuHours);
    // Idle: the first, second (0.3 requests) and fifth steps; the step without a point is not idle, it is unknown.
    QVERIFY2(near(*llm->idleGpuHours, 5.0 / 12 + 6.0 / 12 + 5.0 / 12),
             qPrintable(QString::number(*llm->idleGpuHours, 'g', 17)));
    QVERIFY2(near(llm->unknownGpuHours, 0.5), qPrintable(QString::number(llm->unknownGpuHours, 'g', 17)));
    QVERIFY(near(llm->coveredFraction, 5.0 / 6));
    QVERIFY(!cost.find(QStringLiteral("gateway"), QStringLiteral("Gateway"))); // held no GPUs
    QCOMPARE(int(cost.deployments.size()), 3);
}

void TestServingCost::deploymentWithoutSeries()
{
    const ServingCost cost = hourOfThree();
    const DeploymentServing *chat = cost.find(QStringLiteral("chat"), QStringLiteral("Chat"));
    QVERIFY(chat);
    QVERIFY(near(chat->heldGpuHours, 0.5)); // clipped at the window's end
    QVERIFY(!chat->requests);               // unknown, not 0
    QVERIFY(!chat->idleGpuHours);           // unknown, not 0 and not all of it
    QVERIFY(near(chat->unknownGpuHours, 0.5));
    QCOMPARE(chat->coveredFraction, 0.0);
    QVERIFY(!costPer1000Requests(1.5, chat->requests));
}

void TestServingCost::nothingServed()
{
    const ServingCost cost = hourOfThree();
    const DeploymentServing *batch = cost.find(QStringLiteral("batch"), QStringLiteral("Embedder"));
    QVERIFY(batch);
    QVERIFY(near(batch->heldGpuHours, 2)); // the lease that ended before the window counts nothing
    QVERIFY(batch->requests);
    QCOMPARE(*batch->requests, 0.0); // known: every step has a point, and none saw a request
    QVERIFY(batch->idleGpuHours);
    QVERIFY(near(*batch->idleGpuHours, 2));
    QCOMPARE(batch->unknownGpuHours, 0.0);
    QVERIFY(!costPer1000Requests(6.0, batch->requests)); // no requests: no price per request
}

// The first point of a window that is no whole number of steps stands for a step reaching back before the
// window: only its part inside counts, requests and GPU-hours alike.
void TestServingCost::stepReachingBeforeTheWindow()
{
    const QDateTime from = kFrom.addSecs(30);
    const QDateTime to = kFrom.addSecs(150);
    RequestRates rates;
    RateSeries &series = rates[key("llm", "LLM")];
    series.stepS = 60;
    series.points = {{kFrom.addSecs(60), 1.0}, {kFrom.addSecs(120), 0.0}, {kFrom.addSecs(180), 0.5}};
    const ServingCost cost = servingCost({lease("llm", "LLM", 6, kFrom)}, rates, from, to);
    const DeploymentServing *llm = cost.find(QStringLiteral("llm"), QStringLiteral("LLM"));
    QVERIFY(llm);
    QVERIFY(near(*llm->requests, 30 + 0 + 15));
    QVERIFY(near(llm->heldGpuHours, 6 * 120 / 3600.0));
    QVERIFY(near(*llm->idleGpuHours, 6 * 60 / 3600.0)); // the step of 0 requests only
    QCOMPARE(llm->unknownGpuHours, 0.0);
    QVERIFY(near(llm->coveredFraction, 1));
}

void TestServingCost::totals()
{
    const ServingCost cost = hourOfThree();
    QVERIFY(near(cost.heldGpuHours, 8.0 / 3 + 0.5 + 2));
    QVERIFY(near(cost.idleGpuHours, 4.0 / 3 + 2)); // chat's unknown idle adds nothing
    QVERIFY(near(cost.unknownGpuHours, 0.5 + 0.5));
}

void TestServingCost::costPer1000()
{
    QVERIFY(near(*costPer1000Requests(8.0, 1800.3), 8000.0 / 1800.3));
    QVERIFY(near(*costPer1000Requests(2.5, 1000.0), 2.5));
    QVERIFY(!costPer1000Requests(2.5, std::nullopt));
    QVERIFY(!costPer1000Requests(2.5, 0.0));
    QVERIFY(!costPer1000Requests(2.5, 0.3)); // less than one request
}

void TestServingCost::queryStep_data()
{
    QTest::addColumn<qint64>("windowS");
    QTest::addColumn<int>("stepS");
    QTest::addColumn<qint64>("points");
    QTest::newRow("live") << qint64(600) << 60 << qint64(10);
    QTest::newRow("1 h and 30 s") << qint64(3630) << 60 << qint64(61);
    QTest::newRow("24 h") << qint64(86400) << 60 << qint64(1440);
    QTest::newRow("7 d") << qint64(7 * 86400) << 60 << qint64(10080);
    QTest::newRow("7.7 d") << qint64(11001 * 60) << 120 << qint64(5501);
    QTest::newRow("30 d") << qint64(30 * 86400) << 240 << qint64(10800);
}

void TestServingCost::queryStep()
{
    QFETCH(qint64, windowS);
    QFETCH(int, stepS);
    QFETCH(qint64, points);
    const ServingQuery query = servingQuery(kFrom, kFrom.addSecs(windowS));
    QCOMPARE(query.stepS, stepS);
    QCOMPARE(query.lastPointUtc, kFrom.addSecs(windowS));
    QCOMPARE(query.firstPointUtc.secsTo(query.lastPointUtc) / stepS + 1, points);
    QVERIFY(points <= 11000);
    // The first point's step reaches the window's start, and no step more than needed.
    QVERIFY(query.firstPointUtc.addSecs(-stepS) <= kFrom);
    QVERIFY(query.firstPointUtc > kFrom);
}

QTEST_GUILESS_MAIN(TestServingCost)
#include "test_servingcost.moc"
