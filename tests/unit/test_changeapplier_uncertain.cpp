// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A PUT whose answer is lost (timeout, reset, 5xx) may or may not have been applied, and Ray shows a PUT's
// effect in GET only seconds later. So after such a PUT the stored config of a parked or unparked app is
// kept, the outcome says that the result is unknown and what ScaleDeck does about it, and the PUT is never
// sent again. Ray's side is scripted here (decision and error paths only); the same faults against the real
// dashboard are in tests/integration/test_live_faults.cpp.
#include "changeapplier.h"
#include "dashboardclient.h"
#include "fixtures.h"
#include "scriptedhttpserver.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace scaledeck;

namespace {

OrderedJson demoDocument()
{
    const QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    return OrderedJson::parse(body.constBegin(), body.constEnd());
}

QByteArray bodyOf(const OrderedJson &document)
{
    return QByteArray::fromStdString(document.dump());
}

// The demo cluster as Ray shows it once `app` is gone (parked).
OrderedJson withoutApp(OrderedJson document, const std::string &app)
{
    document["applications"].erase(app);
    return document;
}

SnapshotPtr snapshotOf(const OrderedJson &document, const std::vector<ParkedApp> &parked = {})
{
    auto serve = readServeState(bodyOf(document));
    if (!serve)
        qFatal("fixture does not parse: %s", qPrintable(serve.error().describe()));
    return buildSnapshot(QStringLiteral("2.60.0"), serve.value(), NodeTotals{4, 8, 1, {}, {}, {}}, parked,
                         QDateTime::currentDateTimeUtc());
}

ScriptedResponse lostAnswer(const QString &how)
{
    ScriptedResponse response;
    if (how == QStringLiteral("timeout"))
        response.silent = true;
    else if (how == QStringLiteral("reset"))
        response.hangUp = true;
    else
        response.status = 503, response.body = "Serve controller did not answer";
    return response;
}

} // namespace

class TestChangeApplierUncertain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void lostParkAnswerKeepsTheStoredConfig_data();
    void lostParkAnswerKeepsTheStoredConfig();
    void lostParkAnswerThenAppGoneIsAParkDone();
    void refusedParkDropsTheRecordItWrote();
    void lostUnparkAnswerKeepsTheRecordUntilRayShowsTheConfig();
    void lostUnparkAnswerThenConfigBackDropsTheRecord();

private:
    ApplyOutcome apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options);
    std::vector<ParkedApp> stored();
    void storeParkedLlm();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ScriptedHttpServer> m_server;
    std::optional<ParkedStore> m_store;
    QNetworkAccessManager m_network;
    ClusterEndpoint m_endpoint;
};

void TestChangeApplierUncertain::init()
{
    m_dir.emplace();
    m_server.emplace();
    m_store.emplace(m_dir->filePath(QStringLiteral("store.sqlite")));
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 500; // a silent PUT times out quickly
}

ApplyOutcome TestChangeApplierUncertain::apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options)
{
    DashboardClient client(&m_network, m_endpoint);
    ChangeApplier applier(&client, &*m_store);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    applier.apply(std::move(baseline), std::move(changes), options);
    if (!finished.wait(20000)) {
        QStringList sent;
        for (const ReceivedRequest &request : m_server->requests())
            sent.append(QString::fromLatin1(request.method));
        qFatal("the change did not finish; requests: %s", qPrintable(sent.join(QLatin1Char(' '))));
    }
    return finished.first().first().value<ApplyOutcome>();
}

std::vector<ParkedApp> TestChangeApplierUncertain::stored()
{
    auto list = m_store->list(m_endpoint.clusterKey());
    if (!list)
        qFatal("store: %s", qPrintable(list.error().describe()));
    return list.value();
}

void TestChangeApplierUncertain::storeParkedLlm()
{
    const OrderedJson config = demoDocument()["applications"]["llm"]["deployed_app_config"];
    const ParkedApp llm{QStringLiteral("llm"), QByteArray::fromStdString(config.dump()), "{}",
                        QDateTime::currentDateTimeUtc()};
    QVERIFY(m_store->save(m_endpoint.clusterKey(), llm).ok());
}

void TestChangeApplierUncertain::lostParkAnswerKeepsTheStoredConfig_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("timeout") << QStringLiteral("timeout");
    QTest::newRow("reset") << QStringLiteral("reset");
    QTest::newRow("503") << QStringLiteral("503");
}

// The measured defect: the park's PUT reached Ray, its answer was lost, and the GET right after still listed
// the app (Ray had not removed it yet). The record was deleted, and with it the app's only config.
void TestChangeApplierUncertain::lostParkAnswerKeepsTheStoredConfig()
{
    QFETCH(QString, how);
    const OrderedJson demo = demoDocument();
    m_server->enqueue({200, bodyOf(demo)}); // the fresh GET before planning
    m_server->enqueue(lostAnswer(how));     // the PUT
    for (int i = 0; i < 3; ++i)
        m_server->enqueue({200, bodyOf(demo)}); // still listed afterwards: proves nothing
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));
    ApplyOptions options;
    options.followIntervalMs = 10;
    options.uncertainWatchMs = 0; // one read after the lost answer

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes, options);

    const std::vector<ParkedApp> kept = stored();
    QCOMPARE(kept.size(), size_t(1));
    QCOMPARE(kept.front().name, QStringLiteral("llm"));
    QCOMPARE(OrderedJson::parse(kept.front().configJson.constBegin(), kept.front().configJson.constEnd()),
             demo["applications"]["llm"]["deployed_app_config"]);
    QVERIFY(outcome.error);
    QVERIFY(!outcome.accepted);
    const QString said = outcome.error->describe();
    qInfo("%s", qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("may or may not have applied")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("the stored config of llm is kept")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("scaledeckctl parked discard llm")), qPrintable(said));
    QVERIFY2(!outcome.summary.contains(QStringLiteral("not changed")), qPrintable(outcome.summary));
    QCOMPARE(m_server->countRequests("PUT"), 1); // never sent again blindly
}

// The lost answer, then Ray shows the app gone: the park took effect, and that is what the outcome says.
void TestChangeApplierUncertain::lostParkAnswerThenAppGoneIsAParkDone()
{
    const OrderedJson demo = demoDocument();
    m_server->enqueue({200, bodyOf(demo)});
    m_server->enqueue(lostAnswer(QStringLiteral("reset")));
    m_server->enqueue({200, bodyOf(demo)}); // not yet
    for (int i = 0; i < 3; ++i)
        m_server->enqueue({200, bodyOf(withoutApp(demo, "llm"))}); // gone
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));
    ApplyOptions options;
    options.followIntervalMs = 10;
    options.uncertainWatchMs = 10000;

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes, options);

    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.accepted);
    QVERIFY(outcome.converged);
    QCOMPARE(stored().size(), size_t(1));
    QCOMPARE(m_server->countRequests("PUT"), 1);
}

// Ray answered and refused: nothing was applied, so the record written before the PUT goes.
void TestChangeApplierUncertain::refusedParkDropsTheRecordItWrote()
{
    const OrderedJson demo = demoDocument();
    m_server->enqueue({200, bodyOf(demo)});
    m_server->enqueue({400, "invalid config"});
    ChangeSet changes;
    changes.park(QStringLiteral("llm"));

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes, {});

    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, RayErrorKind::Rejected);
    QCOMPARE(stored().size(), size_t(0));
    QVERIFY2(outcome.summary.contains(QStringLiteral("not changed")), qPrintable(outcome.summary));
}

// An unpark whose answer is lost: the stored config is the only copy until Ray shows the app again.
void TestChangeApplierUncertain::lostUnparkAnswerKeepsTheRecordUntilRayShowsTheConfig()
{
    storeParkedLlm();
    const OrderedJson parkedCluster = withoutApp(demoDocument(), "llm");
    m_server->enqueue({200, bodyOf(parkedCluster)});
    m_server->enqueue(lostAnswer(QStringLiteral("timeout")));
    for (int i = 0; i < 3; ++i)
        m_server->enqueue({200, bodyOf(parkedCluster)}); // not back
    ChangeSet changes;
    changes.unpark(QStringLiteral("llm"));
    ApplyOptions options;
    options.followIntervalMs = 10;
    options.uncertainWatchMs = 0;

    const ApplyOutcome outcome = apply(snapshotOf(parkedCluster, stored()), changes, options);

    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, RayErrorKind::Timeout);
    const QString said = outcome.error->describe();
    QVERIFY2(said.contains(QStringLiteral("may or may not have applied")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("the stored config of llm is kept")), qPrintable(said));
    QCOMPARE(stored().size(), size_t(1));
    QCOMPARE(m_server->countRequests("PUT"), 1);
}

// The lost answer, then Ray shows the app's config again: the unpark took effect, the stored copy goes.
void TestChangeApplierUncertain::lostUnparkAnswerThenConfigBackDropsTheRecord()
{
    storeParkedLlm();
    const OrderedJson demo = demoDocument();
    const OrderedJson parkedCluster = withoutApp(demo, "llm");
    m_server->enqueue({200, bodyOf(parkedCluster)});
    m_server->enqueue(lostAnswer(QStringLiteral("reset")));
    m_server->enqueue({200, bodyOf(parkedCluster)});
    for (int i = 0; i < 3; ++i)
        m_server->enqueue({200, bodyOf(demo)});
    ChangeSet changes;
    changes.unpark(QStringLiteral("llm"));
    ApplyOptions options;
    options.followIntervalMs = 10;
    options.uncertainWatchMs = 10000;

    const ApplyOutcome outcome = apply(snapshotOf(parkedCluster, stored()), changes, options);

    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.accepted);
    QCOMPARE(stored().size(), size_t(0));
    QCOMPARE(m_server->countRequests("PUT"), 1);
}

QTEST_GUILESS_MAIN(TestChangeApplierUncertain)
#include "test_changeapplier_uncertain.moc"
