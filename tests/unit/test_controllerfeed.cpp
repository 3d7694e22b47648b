// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ControllerFeed against the real controller API in front of the real controller on the fake cluster: the window's
// view of a cluster through a controller. The first snapshot and the next one after a change, a wait that ends
// with nothing new, who the token is and who enforces, and failures said as the window shows them.
#include "apibench.h"
#include "controllerfeed.h"
#include "demodocuments.h"

#include <QTcpServer>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday

int targetOfLlm(const SnapshotPtr &snapshot)
{
    const ApplicationSnapshot *llm = snapshot->findApplication(QStringLiteral("llm"));
    const DeploymentSnapshot *deployment = llm ? llm->findDeployment(QStringLiteral("LLM")) : nullptr;
    return deployment ? deployment->targetReplicas : -1;
}
} // namespace

class TestControllerFeed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheSnapshotAndFollowsItsChanges();
    void aWaitWithNothingNewConfirmsTheSnapshot();
    void theControllersReadFailureIsSaid();
    void saysWhoTheTokenIsAndWhoEnforces();
    void aViewerIsSaidToBeOne();
    void anUnknownTokenIsAFailureNamingItsSource();
    void nobodyListeningIsUnreachable();

private:
    ControllerConnection connection(const QByteArray &token) const
    {
        return ControllerConnection{QUrl(bench().base.chopped(int(qstrlen("/api/v1/")))), token,
                                    QStringLiteral("the test's token")};
    }

    ApiBench &bench() const { return m_case->bench; }

    std::unique_ptr<ApiCase> m_case;
};

void TestControllerFeed::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = bench().setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString ticked = bench().tick();
    QVERIFY2(ticked.isEmpty(), qPrintable(ticked));
}

void TestControllerFeed::cleanup()
{
    m_case.reset();
}

void TestControllerFeed::showsTheSnapshotAndFollowsItsChanges()
{
    ControllerFeed feed(connection(kAliceToken));
    QSignalSpy snapshots(&feed, &ControllerFeed::snapshotReady);
    QSignalSpy failures(&feed, &ControllerFeed::pollFailed);
    feed.start();
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(targetOfLlm(snapshots.at(0).at(0).value<SnapshotPtr>()), 2);

    // Someone scales the deployment; the controller reads the cluster on its next tick, and the feed sees it there
    // without asking Ray.
    bench().controller.fake.setServeApplications(bodyOf(withReplicas(demoDocument(), "llm", "LLM", 3, 3)));
    QVERIFY2(bench().tick().isEmpty(), "the tick ran");
    QTRY_VERIFY_WITH_TIMEOUT(targetOfLlm(snapshots.last().at(0).value<SnapshotPtr>()) == 3, 10000);
    QVERIFY2(failures.isEmpty(),
             qPrintable(failures.isEmpty() ? QString() : failures.at(0).at(0).value<RayError>().describe()));
}

void TestControllerFeed::aWaitWithNothingNewConfirmsTheSnapshot()
{
    ControllerFeed::Options options;
    options.waitS = 1; // the controller does not tick here: each long poll ends after a second with nothing new
    ControllerFeed feed(connection(kBobToken), options);
    QSignalSpy snapshots(&feed, &ControllerFeed::snapshotReady);
    QSignalSpy confirmed(&feed, &ControllerFeed::snapshotConfirmed);
    QSignalSpy failures(&feed, &ControllerFeed::pollFailed);
    feed.start();
    QVERIFY(snapshots.wait(10000));
    QVERIFY(confirmed.wait(10000));
    QVERIFY(confirmed.wait(10000)); // and it keeps waiting
    QCOMPARE(snapshots.size(), 1);
    QVERIFY(failures.isEmpty());
}

void TestControllerFeed::theControllersReadFailureIsSaid()
{
    ControllerFeed feed(connection(kBobToken));
    QSignalSpy snapshots(&feed, &ControllerFeed::snapshotReady);
    QSignalSpy failures(&feed, &ControllerFeed::pollFailed);
    feed.start();
    QVERIFY(snapshots.wait(10000));
    // Ray's dashboard fails the controller's next read: the feed says so, in the controller's words.
    bench().controller.fake.enqueue(FakeCall::Applications, FakeAnswer::serverError());
    QVERIFY2(!bench().tick().isEmpty(), "the tick reports the failed read");
    QVERIFY(failures.wait(10000));
    const auto error = failures.at(0).at(0).value<RayError>();
    QVERIFY2(error.message.startsWith(QStringLiteral("the controller cannot read the cluster: ")),
             qPrintable(error.message));
    // The next good read clears it: a snapshot again, and no further failure.
    QVERIFY2(bench().tick().isEmpty(), "the next tick reads the cluster");
    const int failed = int(failures.size());
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(failures.size(), failed);
}

void TestControllerFeed::saysWhoTheTokenIsAndWhoEnforces()
{
    ControllerFeed feed(connection(kAliceToken));
    QSignalSpy status(&feed, &ControllerFeed::statusRead);
    feed.start();
    QVERIFY(status.wait(10000));
    const auto read = status.last().at(0).value<ControllerStatus>();
    QCOMPARE(read.name, QStringLiteral("alice"));
    QCOMPARE(read.role, QStringLiteral("operator"));
    QVERIFY(read.healthy);
    QVERIFY(read.holdsLock);
    QVERIFY2(!read.lockHolder.isEmpty(), "the lock holder is named");
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
}

void TestControllerFeed::aViewerIsSaidToBeOne()
{
    ControllerFeed feed(connection(kBobToken));
    QSignalSpy status(&feed, &ControllerFeed::statusRead);
    feed.start();
    QVERIFY(status.wait(10000));
    QCOMPARE(status.last().at(0).value<ControllerStatus>().name, QStringLiteral("bob"));
    QCOMPARE(status.last().at(0).value<ControllerStatus>().role, QStringLiteral("viewer"));
}

void TestControllerFeed::anUnknownTokenIsAFailureNamingItsSource()
{
    ControllerFeed feed(connection("not-a-known-token-0000000"));
    QSignalSpy failures(&feed, &ControllerFeed::pollFailed);
    feed.start();
    QVERIFY(failures.wait(10000));
    const auto error = failures.at(0).at(0).value<RayError>();
    QCOMPARE(error.kind, RayErrorKind::Controller);
    QCOMPARE(error.httpStatus, 401);
    QVERIFY2(error.message.contains(QStringLiteral("the test's token")), qPrintable(error.message));
    QVERIFY(!error.message.contains(QStringLiteral("not-a-known")));
}

void TestControllerFeed::nobodyListeningIsUnreachable()
{
    QTcpServer closed; // a port that was free a moment ago, and that nobody listens on now
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    ControllerFeed::Options options;
    options.retryMs = 50;
    ControllerFeed feed(ControllerConnection{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), kAliceToken, {}},
                        options);
    QSignalSpy failures(&feed, &ControllerFeed::pollFailed);
    feed.start();
    QVERIFY(failures.wait(10000));
    QCOMPARE(failures.at(0).at(0).value<RayError>().kind, RayErrorKind::Unreachable);
    QVERIFY(failures.wait(10000)); // it tries again
}

QTEST_GUILESS_MAIN(TestControllerFeed)
#include "test_controllerfeed.moc"
