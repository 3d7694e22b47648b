// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The real scaledeckctl binary with --controller, against the real controller API on 127.0.0.1 in front of the
// real controller on the fake cluster (apibench.h): a schedule set through it is listed and audited naming the
// person, a viewer's change is refused with the controller's words, a token file others may read is refused
// before any call, an unknown token names its file, and a command the API does not serve says so. No Ray.
#include "apibench.h"
#include "ctlprocess.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday
} // namespace

class TestCtlController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void setThenListShowsIt();
    void auditNamesThePerson();
    void refusesAViewersChange();
    void refusesATokenFileOthersMayRead();
    void namesAnUnknownTokensFile();
    void refusesACommandItDoesNotServe();
    void showsTheControllersStatus();
    void statusComesFromTheControllersSnapshot();
    void statusWarnsWhenTheControllerCannotReadTheCluster();
    void setsAndClearsAnOverride();
    void readOnlyAndLocalOptionsAreRefused();
    void scaleNoWaitQueuesIt();
    void scaleWaitsForTheControllersTick();
    void resumeListsAndResumesAContest();
    void parkedDiscardWaitsForTheControllersTick();
    void scaleToZeroIsServed();

private:
    // The binary, run while this process's event loop serves the API (ctlprocess.h).
    CtlRun ctl(const QStringList &arguments, const QString &tokenFile, const QStringList &extraEnvironment = {})
    {
        return runCtl(environment(extraEnvironment), withController(arguments, tokenFile, extraEnvironment));
    }
    // A clean environment: nothing of the developer's, the test's clock and zone, a local store of its own.
    QProcessEnvironment environment(const QStringList &extraEnvironment) const;
    // --controller (unless SCALEDECK_CONTROLLER names it) and --controller-token-file, then `arguments`.
    QStringList withController(const QStringList &arguments, const QString &tokenFile,
                               const QStringList &extraEnvironment = {}) const;
    QString writeFile(const QString &name, const QByteArray &content,
                      QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QString controllerUrl() const { return m_case->bench.base.chopped(int(qstrlen("/api/v1/"))); }

    std::unique_ptr<ApiCase> m_case;
    QString m_aliceToken;
    QString m_bobToken;
};

void TestCtlController::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = m_case->bench.setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(m_case->bench.tick().isEmpty(), "the tick failed"); // the controller has read the cluster
    m_aliceToken = writeFile(QStringLiteral("alice-token"), kAliceToken + '\n');
    m_bobToken = writeFile(QStringLiteral("bob-token"), kBobToken + '\n');
}

void TestCtlController::cleanup()
{
    m_case.reset();
}

QString TestCtlController::writeFile(const QString &name, const QByteArray &content,
                                     QFileDevice::Permissions permissions)
{
    const QString path = m_case->dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    file.close();
    file.setPermissions(permissions);
    return path;
}

QProcessEnvironment TestCtlController::environment(const QStringList &extraEnvironment) const
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), m_case->dir.path());
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("SCALEDECK_NOW"), kStart.toString(Qt::ISODate));
    environment.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    // Nothing local is used: a store here would show up if it were.
    environment.insert(QStringLiteral("SCALEDECK_STORE"), m_case->dir.filePath(QStringLiteral("local.sqlite")));
    for (const QString &setting : extraEnvironment)
        environment.insert(setting.section(u'=', 0, 0), setting.section(u'=', 1));
    return environment;
}

QStringList TestCtlController::withController(const QStringList &arguments, const QString &tokenFile,
                                              const QStringList &extraEnvironment) const
{
    QStringList all;
    if (!environment(extraEnvironment).contains(QStringLiteral("SCALEDECK_CONTROLLER")))
        all << QStringLiteral("--controller") << controllerUrl();
    if (!tokenFile.isEmpty())
        all << QStringLiteral("--controller-token-file") << tokenFile;
    return all + arguments;
}

void TestCtlController::setThenListShowsIt()
{
    const QString schedule = writeFile(QStringLiteral("llm.schedule"), "tz UTC\ndefault 1\nMon-Fri 07:00-17:00 = 3\n");
    const CtlRun set =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("llm/LLM"), schedule}, m_aliceToken);
    QVERIFY2(set.exitCode == 0, qPrintable(set.err));
    QVERIFY2(set.out.startsWith(QStringLiteral("stored the schedule of llm/LLM on %1 (UTC); the controller follows it "
                                               "within one tick\n")
                                    .arg(controllerUrl())),
             qPrintable(set.out));
    QVERIFY2(set.out.contains(QStringLiteral("next transitions:")), qPrintable(set.out));

    const CtlRun list = ctl({QStringLiteral("schedule"), QStringLiteral("list")}, m_bobToken);
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    const QStringList lines = list.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith(QStringLiteral("TARGET")), qPrintable(list.out));
    QVERIFY2(QRegularExpression(QStringLiteral("^llm/LLM +3 .* 1 at Mon 2026-11-23 17:00")).match(lines[1]).hasMatch(),
             qPrintable(list.out));

    const CtlRun show =
        ctl({QStringLiteral("schedule"), QStringLiteral("show"), QStringLiteral("llm/LLM")}, m_bobToken);
    QVERIFY2(show.exitCode == 0, qPrintable(show.err));
    QVERIFY2(show.out.startsWith(QStringLiteral("tz UTC\n")), qPrintable(show.out));
    QVERIFY2(show.out.contains(QStringLiteral("now: 3 (")), qPrintable(show.out));
}

void TestCtlController::auditNamesThePerson()
{
    const QString schedule = writeFile(QStringLiteral("llm.schedule"), "tz UTC\ndefault 1\n");
    const CtlRun set =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("llm/LLM"), schedule}, m_aliceToken);
    QVERIFY2(set.exitCode == 0, qPrintable(set.err));
    const CtlRun audit =
        ctl({QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("2026-11-23T00:00Z")}, m_bobToken);
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.err));
    QVERIFY2(QRegularExpression(QStringLiteral("llm/LLM +operator .*schedule set +by alice \\(scaledeckctl API\\)"))
                 .match(audit.out)
                 .hasMatch(),
             qPrintable(audit.out));
}

void TestCtlController::refusesAViewersChange()
{
    const QString schedule = writeFile(QStringLiteral("llm.schedule"), "tz UTC\ndefault 1\n");
    const CtlRun set =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("llm/LLM"), schedule}, m_bobToken);
    QCOMPARE(set.exitCode, 1);
    QCOMPARE(set.err, QStringLiteral("scaledeckctl: bob is a viewer: a viewer may not change anything (set a "
                                     "schedule); that needs the role operator in the users file\n"));
    QCOMPARE(set.out, QString());
    const CtlRun park = ctl({QStringLiteral("park"), QStringLiteral("llm")}, m_bobToken);
    QCOMPARE(park.exitCode, 1);
    QVERIFY2(park.err.contains(QStringLiteral("bob is a viewer")), qPrintable(park.err));
}

void TestCtlController::refusesATokenFileOthersMayRead()
{
    const QString open =
        writeFile(QStringLiteral("open-token"), kAliceToken,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("list")}, open);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: %1 has mode 0644, but it holds a token: it must be readable by "
                                     "its owner only (chmod 600 %1)\n")
                          .arg(open));
    QVERIFY(!run.err.contains(QString::fromLatin1(kAliceToken)));
}

void TestCtlController::namesAnUnknownTokensFile()
{
    const QString stranger = writeFile(QStringLiteral("stranger-token"), "not-known-here-0000000000\n");
    const CtlRun run =
        ctl({QStringLiteral("parked")}, QString(), {QStringLiteral("SCALEDECK_CONTROLLER_TOKEN_FILE=") + stranger});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: the token in %1 is not known to the controller at %2\n")
                          .arg(stranger, controllerUrl()));
}

void TestCtlController::refusesACommandItDoesNotServe()
{
    // The controller named by the environment this time.
    CtlRun run =
        ctl({QStringLiteral("leases")}, m_aliceToken, {QStringLiteral("SCALEDECK_CONTROLLER=") + controllerUrl()});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(
        run.err,
        QStringLiteral("scaledeckctl: leases is not served through a controller yet; run it without --controller\n"));
    run =
        ctl({QStringLiteral("schedule"), QStringLiteral("preview"), QStringLiteral("llm/LLM"), QStringLiteral("--from"),
             QStringLiteral("2026-11-23T00:00Z"), QStringLiteral("--to"), QStringLiteral("2026-11-24T00:00Z")},
            m_aliceToken);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: schedule preview is not served through a controller yet; run it "
                                     "without --controller\n"));
}

void TestCtlController::showsTheControllersStatus()
{
    const CtlRun run = ctl({QStringLiteral("controller"), QStringLiteral("status")}, m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.out.startsWith(QStringLiteral("controller:  %1\nyou:         alice (operator)\nhealth:      healthy")
                                    .arg(controllerUrl())),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("lock:        held by this controller")), qPrintable(run.out));
}

void TestCtlController::statusComesFromTheControllersSnapshot()
{
    // A viewer sees the cluster as the controller last read it; Ray is never asked by this process.
    CtlRun run = ctl({QStringLiteral("status")}, m_bobToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\nllm ")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("  LLM ")), qPrintable(run.out));
    run = ctl({QStringLiteral("status"), QStringLiteral("--json")}, m_bobToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const nlohmann::json json = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(json.is_object(), qPrintable(run.out));
}

void TestCtlController::statusWarnsWhenTheControllerCannotReadTheCluster()
{
    // The snapshot says its last read failed: the status shown is the last one read, with a warning saying since when.
    m_case->clock.advanceSecs(10);
    m_case->bench.controller.fake.enqueue(FakeCall::Applications, FakeAnswer::serverError());
    QVERIFY(!m_case->bench.tick().isEmpty());
    const CtlRun run = ctl({QStringLiteral("status")}, m_bobToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.err.contains(QStringLiteral("could not read the cluster at its last tick")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("Serve controller did not answer")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("as it read it at 2026-11-23 12:00 UTC")), qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("\nllm ")), qPrintable(run.out));
}

void TestCtlController::setsAndClearsAnOverride()
{
    CtlRun run = ctl({QStringLiteral("override"), QStringLiteral("llm/LLM"), QStringLiteral("4"),
                      QStringLiteral("--until"), QStringLiteral("2026-11-23T18:00Z")},
                     m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("llm/LLM: 4 until Mon 2026-11-23 18:00")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("alice (scaledeckctl API)")), qPrintable(run.out));

    run = ctl({QStringLiteral("schedule"), QStringLiteral("show"), QStringLiteral("llm/LLM")}, m_bobToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("\noverride: 4 until")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\nnow: 4 (")), qPrintable(run.out));

    run = ctl({QStringLiteral("override"), QStringLiteral("llm/LLM"), QStringLiteral("--clear")}, m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("llm/LLM: override cleared; back to the schedule now\n"));
    run = ctl({QStringLiteral("override"), QStringLiteral("llm/LLM"), QStringLiteral("--clear")}, m_aliceToken);
    QCOMPARE(run.out, QStringLiteral("llm/LLM has no override; nothing to clear\n"));
}

void TestCtlController::readOnlyAndLocalOptionsAreRefused()
{
    const QString schedule = writeFile(QStringLiteral("llm.schedule"), "tz UTC\ndefault 1\n");
    CtlRun run = ctl({QStringLiteral("--read-only"), QStringLiteral("schedule"), QStringLiteral("set"),
                      QStringLiteral("llm/LLM"), schedule},
                     m_aliceToken);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: --read-only: not changing anything (schedule set)\n"));
    // Reading is what --read-only allows.
    run = ctl({QStringLiteral("--read-only"), QStringLiteral("schedule"), QStringLiteral("list")}, m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    // An option of the local way is a mistake with a controller, not silently ignored.
    run = ctl({QStringLiteral("--address"), QStringLiteral("http://127.0.0.1:8265"), QStringLiteral("parked")},
              m_aliceToken);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: --address is not taken with --controller")),
             qPrintable(run.err));
}

void TestCtlController::scaleNoWaitQueuesIt()
{
    const CtlRun run =
        ctl({QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("3"), QStringLiteral("--no-wait")},
            m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("request 1 queued: scale llm/LLM to 3;")), qPrintable(run.out));
    QVERIFY(m_case->bench.queue->request(1).has_value());
}

void TestCtlController::scaleWaitsForTheControllersTick()
{
    // scaledeckctl waits until the controller's tick has applied the request.
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCtl(process, environment({}),
             withController({QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("3")}, m_aliceToken));
    QTRY_VERIFY_WITH_TIMEOUT(m_case->bench.queue->request(1).has_value(), 30000);
    QVERIFY(finished.isEmpty()); // still waiting: nothing applies it outside a tick
    QVERIFY2(m_case->bench.tick().isEmpty(), "the tick failed");
    const CtlRun run = finishCtl(process, finished);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("scale llm/LLM to 3: done (request 1)")), qPrintable(run.out));
}

void TestCtlController::resumeListsAndResumesAContest()
{
    TargetContest contest;
    contest.target = QStringLiteral("llm/LLM");
    contest.putBackUtc = kStart.addSecs(-300);
    contest.contestedUtc = kStart.addSecs(-240);
    contest.description = QStringLiteral("2 -> 3 twice in 35 s");
    contest.outsideValue = QStringLiteral("3");
    contest.outsideSinceUtc = kStart.addSecs(-240);
    QVERIFY(m_case->bench.controller.schedules->saveTargetContest(m_case->bench.controller.key, contest));
    CtlRun run = ctl({QStringLiteral("resume")}, m_bobToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("llm/LLM: contested since 2026-11-23 11:56 UTC (2 -> 3 twice in 35 "
                                               "s); the cluster holds 3\n")),
             qPrintable(run.out));
    run = ctl({QStringLiteral("resume"), QStringLiteral("llm/LLM")}, m_bobToken);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("bob is a viewer")), qPrintable(run.err));
    run = ctl({QStringLiteral("resume"), QStringLiteral("llm/LLM")}, m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("llm/LLM: the controller corrects it again from its next tick")),
             qPrintable(run.out));
    run = ctl({QStringLiteral("audit")}, m_bobToken);
    QVERIFY2(run.out.contains(QStringLiteral("alice (scaledeckctl API)")), qPrintable(run.out));
    run = ctl({QStringLiteral("resume"), QStringLiteral("llm/LLM")}, m_aliceToken);
    QCOMPARE(run.out, QStringLiteral("llm/LLM is not contested: the controller corrects it as its schedule says\n"));
    run = ctl({QStringLiteral("resume")}, m_aliceToken);
    QVERIFY2(run.out.startsWith(QStringLiteral("nothing is contested on %1").arg(controllerUrl())),
             qPrintable(run.out));
}

void TestCtlController::parkedDiscardWaitsForTheControllersTick()
{
    // llm runs with a copy of its config kept beside it; the controller's tick has read that.
    ApiBench &bench = m_case->bench;
    QVERIFY(bench.controller.parked->save(
        bench.controller.key, ParkedApp{QStringLiteral("llm"), "{}", "{}", kStart.addSecs(-3600).addMSecs(120)}));
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const CtlRun refused =
        ctl({QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("llm")}, m_bobToken);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("bob is a viewer")), qPrintable(refused.err));
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCtl(
        process, environment({}),
        withController({QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("llm")}, m_aliceToken));
    QTRY_VERIFY_WITH_TIMEOUT(bench.queue->request(1).has_value(), 30000);
    QVERIFY(finished.isEmpty()); // nothing is discarded outside a tick
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const CtlRun run = finishCtl(process, finished);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("discarded the stored config of llm on %1\n").arg(controllerUrl()));
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
    QCOMPARE(bench.queue->request(1)->requestedBy, QStringLiteral("alice (scaledeckctl API)"));
}

void TestCtlController::scaleToZeroIsServed()
{
    const CtlRun run = ctl({QStringLiteral("scale"), QStringLiteral("embedder/Embedder"), QStringLiteral("0"),
                            QStringLiteral("--no-wait")},
                           m_aliceToken);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("request 1 queued: scale embedder/Embedder to 0;")),
             qPrintable(run.out));
    QCOMPARE(m_case->bench.queue->request(1)->replicas, 0);
}

QTEST_GUILESS_MAIN(TestCtlController)
#include "test_ctl_controller.moc"
