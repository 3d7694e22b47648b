// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl resume [TARGET]`, in-process against a temporary store holding a contested target (as the
// controller leaves it after a fight, test_controller_contest): the list, the resume and its audit row under the
// operator's name, a target that is not contested, bad input, and --read-only.
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "schedulestore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString kAddress = QStringLiteral("http://127.0.0.1:1"); // no cluster is needed
const QString kNow = QStringLiteral("2026-11-25T10:00:00Z");
const QString kEmbedder = QStringLiteral("embedder/Embedder");

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestCtlResume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void listsWhatIsContested();
    void resumeEndsTheContestUnderTheOperatorsName();
    void resumingWhatIsNotContestedSaysSo();
    void badInputIsRefused();
    void readOnlyRefusesIt();

private:
    CtlRun ctl(const QStringList &arguments);
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    QString clusterKey() const;

    std::optional<QTemporaryDir> m_dir;
    std::optional<ScheduleStore> m_store;
};

void TestCtlResume::init()
{
    m_dir.emplace();
    m_store.emplace(storePath());
    QVERIFY(m_store->open().ok());
    TargetContest contest;
    contest.target = kEmbedder;
    contest.putBackUtc = QDateTime::fromString(QStringLiteral("2026-11-25T09:30:30Z"), Qt::ISODate);
    contest.contestedUtc = contest.putBackUtc;
    contest.description = QStringLiteral("2 → 3 twice in 30 s");
    contest.outsideValue = QStringLiteral("3");
    contest.outsideSinceUtc = contest.putBackUtc;
    contest.contests = 1;
    QVERIFY(m_store->saveTargetContest(clusterKey(), contest).ok());
}

CtlRun TestCtlResume::ctl(const QStringList &arguments)
{
    QProcessEnvironment environment; // empty: nothing from the machine running the test
    environment.insert(QStringLiteral("SCALEDECK_NOW"), kNow);
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), storePath(),
                                               QStringLiteral("--address"), kAddress} +
                                       arguments,
                                   environment, out, err);
    out.flush();
    err.flush();
    return run;
}

QString TestCtlResume::clusterKey() const
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(kAddress);
    return endpoint.clusterKey();
}

void TestCtlResume::listsWhatIsContested()
{
    const CtlRun run = ctl({QStringLiteral("resume")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("embedder/Embedder: contested since 2026-11-25 09:30 UTC (2 → 3 twice in 30 s); "
                                     "the cluster holds 3\n"
                                     "scaledeckctl resume TARGET lets the controller correct it again\n"));
}

void TestCtlResume::resumeEndsTheContestUnderTheOperatorsName()
{
    const CtlRun run = ctl({QStringLiteral("resume"), kEmbedder});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral("embedder/Embedder: the controller corrects it again")),
             qPrintable(run.out));
    auto contested = m_store->contestedTargets(clusterKey());
    QVERIFY(contested.ok());
    QVERIFY(contested->empty());
    auto audit = m_store->audit(clusterKey(), QDateTime::fromString(kNow, Qt::ISODate).addSecs(-1));
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().result, AuditResult::Resumed);
    QCOMPARE(audit->front().cause, AuditCause::Operator);
    QCOMPARE(audit->front().before, QStringLiteral("3"));
    QVERIFY2(audit->front().holder.endsWith(QStringLiteral(" (scaledeckctl)")), qPrintable(audit->front().holder));

    const CtlRun list = ctl({QStringLiteral("resume")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.startsWith(QStringLiteral("nothing is contested on ")), qPrintable(list.out));
}

void TestCtlResume::resumingWhatIsNotContestedSaysSo()
{
    const CtlRun run = ctl({QStringLiteral("resume"), QStringLiteral("llm/LLM")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("llm/LLM is not contested: the controller corrects it as its schedule says\n"));
    auto audit = m_store->audit(clusterKey(), QDateTime::fromString(kNow, Qt::ISODate).addSecs(-1));
    QVERIFY(audit.ok());
    QVERIFY(audit->empty());
}

void TestCtlResume::badInputIsRefused()
{
    const CtlRun two = ctl({QStringLiteral("resume"), kEmbedder, QStringLiteral("llm/LLM")});
    QCOMPARE(two.exitCode, 2);
    QVERIFY2(two.err.startsWith(QStringLiteral("scaledeckctl: 'resume' takes one TARGET at most")),
             qPrintable(two.err));
    const CtlRun bad = ctl({QStringLiteral("resume"), QStringLiteral("a/b/c")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(!bad.err.isEmpty());
    auto contested = m_store->contestedTargets(clusterKey());
    QVERIFY(contested.ok());
    QCOMPARE(contested->size(), size_t(1));
}

void TestCtlResume::readOnlyRefusesIt()
{
    const CtlRun run = ctl({QStringLiteral("--read-only"), QStringLiteral("resume"), kEmbedder});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("read-only")), qPrintable(run.err));
    auto contested = m_store->contestedTargets(clusterKey());
    QVERIFY(contested.ok());
    QCOMPARE(contested->size(), size_t(1));
    const CtlRun list = ctl({QStringLiteral("--read-only"), QStringLiteral("resume")});
    QCOMPARE(list.exitCode, 0); // listing only reads
}

QTEST_GUILESS_MAIN(TestCtlResume)
#include "test_ctl_resume.moc"
