// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Never fight silently (issue 14), on the real Ray cluster: two `scaledeckctl run` with stores of their own and
// different schedules for embedder/Embedder (default 2 and default 3, drift correct), as two operators' laptops
// would be. Before, they changed it between 2 and 3 for as long as both ran (11 times in 3 minutes). Now the fight
// ends within 3 changes: one of them stops correcting, says so in its output and its audit log, and the cluster
// stays where the other put it. Then `scaledeckctl resume` hands the target back.
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString embedder = QStringLiteral("embedder");
const QString embedderDeployment = QStringLiteral("Embedder");
const QString target = QStringLiteral("embedder/Embedder");
// Past the contest, both controllers must have ticked for longer than Ray's settle grace (30 s) without another
// change: a correction held back only by that grace would have shown by then.
constexpr qint64 quietAfterContestMs = 45000;

struct Controller {
    QString storePath;
    std::unique_ptr<ScheduleStore> store;
    std::unique_ptr<QProcess> process;
    QByteArray output;
};
} // namespace

class TestLiveContest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void twoControllersStopFightingWithinThreeChanges();

private:
    void setUpController(Controller &controller, const QString &name, int replicas);
    void startRun(Controller &controller);
    std::vector<AuditEntry> auditRows(Controller &controller);
    std::optional<AuditEntry> contestRow(Controller &controller);
    QDateTime heartbeat(Controller &controller);
    void stopRun(Controller &controller);
    void restoreEmbedder();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    Controller m_two;
    Controller m_three;
};

void TestLiveContest::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    setUpController(m_two, QStringLiteral("two"), 2);
    setUpController(m_three, QStringLiteral("three"), 3);
}

void TestLiveContest::cleanupTestCase()
{
    stopRun(m_two);
    stopRun(m_three);
    restoreEmbedder();
}

void TestLiveContest::setUpController(Controller &controller, const QString &name, int replicas)
{
    controller.storePath = m_dir.filePath(QStringLiteral("%1.sqlite").arg(name));
    controller.store = std::make_unique<ScheduleStore>(controller.storePath);
    QVERIFY(controller.store->open().ok());
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault %1\ndrift correct\n").arg(replicas));
    QVERIFY(parsed.ok());
    QVERIFY(controller.store
                ->saveSchedule(m_endpoint->clusterKey(),
                               StoredSchedule{ScheduleTarget{embedder, embedderDeployment},
                                              scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
}

void TestLiveContest::startRun(Controller &controller)
{
    controller.process = std::make_unique<QProcess>();
    controller.process->setProcessChannelMode(QProcess::MergedChannels);
    QProcess *process = controller.process.get();
    connect(process, &QProcess::readyRead, this, [&controller, process] { controller.output += process->readAll(); });
    process->start(QStringLiteral(SCALEDECKCTL_PATH),
                   {QStringLiteral("--store"), controller.storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                    QStringLiteral("1")});
    QVERIFY(process->waitForStarted());
}

void TestLiveContest::stopRun(Controller &controller)
{
    if (!controller.process || controller.process->state() == QProcess::NotRunning)
        return;
    controller.process->terminate();
    if (!controller.process->waitForFinished(30000))
        controller.process->kill();
}

std::vector<AuditEntry> TestLiveContest::auditRows(Controller &controller)
{
    auto rows = controller.store->audit(m_endpoint->clusterKey(), utcTime("2000-01-01T00:00:00Z"));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

std::optional<AuditEntry> TestLiveContest::contestRow(Controller &controller)
{
    for (const AuditEntry &row : auditRows(controller))
        if (row.result == AuditResult::Contested)
            return row;
    return std::nullopt;
}

QDateTime TestLiveContest::heartbeat(Controller &controller)
{
    auto lock = controller.store->currentLock(m_endpoint->clusterKey());
    if (!lock || !lock->has_value())
        return {};
    return (*lock)->heartbeatUtc;
}

void TestLiveContest::restoreEmbedder()
{
    if (configuredReplicas(*m_client, embedder, embedderDeployment) != 2) {
        ParkedStore parked(m_two.storePath);
        QVERIFY(parked.open().ok());
        ChangeSet restore;
        restore.setReplicas(embedder, embedderDeployment, 2);
        const ApplyOutcome outcome =
            applyAndFollow(*m_client, parked, snapshotNow(*m_client, &parked).value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
}

void TestLiveContest::twoControllersStopFightingWithinThreeChanges()
{
    QCOMPARE(configuredReplicas(*m_client, embedder, embedderDeployment), std::optional<int>(2));
    startRun(m_two);
    startRun(m_three);

    // One of them stops correcting: a row says so in its own log.
    QVERIFY2(QTest::qWaitFor([&] { return contestRow(m_two) || contestRow(m_three); }, 240000),
             qPrintable(QString::fromUtf8(m_two.output + "\n---\n" + m_three.output)));
    Controller &stopped = contestRow(m_two) ? m_two : m_three;
    Controller &other = &stopped == &m_two ? m_three : m_two;
    const AuditEntry contest = *contestRow(stopped);
    QVERIFY2(contest.detail.startsWith(QStringLiteral("another controller or tool is changing %1 (").arg(target)),
             qPrintable(contest.detail));
    QVERIFY2(contest.detail.contains(QStringLiteral(" twice in ")), qPrintable(contest.detail));
    // ... and so does its output, in the same words.
    QTRY_VERIFY_WITH_TIMEOUT(QString::fromUtf8(stopped.output).contains(contest.detail), 10000);

    // Both keep ticking well past Ray's settle grace: no further change from either.
    const QDateTime quietUntil = contest.atUtc.addMSecs(quietAfterContestMs);
    QVERIFY(QTest::qWaitFor([&] { return heartbeat(m_two) > quietUntil && heartbeat(m_three) > quietUntil; },
                            quietAfterContestMs + 30000));

    // Every change either made, in order: the fight ended within 3 changes between 2 and 3.
    std::vector<AuditEntry> sent;
    for (Controller *controller : {&m_two, &m_three})
        for (const AuditEntry &row : auditRows(*controller))
            if (row.result == AuditResult::Sent)
                sent.push_back(row);
    std::sort(sent.begin(), sent.end(), [](const AuditEntry &a, const AuditEntry &b) { return a.atUtc < b.atUtc; });
    QString changes;
    for (const AuditEntry &row : sent)
        changes +=
            QStringLiteral("%1 %2 → %3 (%4)\n").arg(row.atUtc.toString(Qt::ISODate), row.before, row.after, row.holder);
    qInfo().noquote() << "changes:\n" << changes << "stopped:" << contest.detail;
    QVERIFY2(sent.size() <= 3, qPrintable(changes));
    QVERIFY2(std::none_of(sent.begin(), sent.end(), [&](const AuditEntry &row) { return row.atUtc > contest.atUtc; }),
             qPrintable(changes));
    const int otherWants = &other == &m_two ? 2 : 3;
    QCOMPARE(configuredReplicas(*m_client, embedder, embedderDeployment), std::optional<int>(otherWants));

    // The operator stops the other controller and hands the target back: the stopped one corrects it again.
    stopRun(other);
    QProcess resume;
    resume.start(QStringLiteral(SCALEDECKCTL_PATH),
                 {QStringLiteral("--store"), stopped.storePath, QStringLiteral("resume"), target});
    QVERIFY(resume.waitForFinished(30000));
    const QString said = QString::fromUtf8(resume.readAllStandardOutput());
    QVERIFY2(resume.exitCode() == 0, qPrintable(said + QString::fromUtf8(resume.readAllStandardError())));
    QVERIFY2(said.contains(QStringLiteral("the controller corrects it again")), qPrintable(said));
    const int stoppedWants = 5 - otherWants;
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, embedder, embedderDeployment),
                              std::optional<int>(stoppedWants), 60000);
    stopRun(stopped);
}

QTEST_GUILESS_MAIN(TestLiveContest)
#include "test_live_contest.moc"
