// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl controller import FILE`: the real binary against the real API of a controller in this process. The
// summary table, the audit row naming the user, the token never shown; a conflict listed with exit 1 and nothing
// moved until --replace; --dry-run moves nothing; a FILE that is no store named with what is wrong, nothing sent.
#include "apibench.h"
#include "bundlefixtures.h"
#include "ctlprocess.h"

#include <QFile>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");
} // namespace

class TestCtlImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void importsAndPrintsTheSummary();
    void dryRunMovesNothing();
    void conflictIsListedWithExit1();
    void fileThatIsNoStoreIsNamed();
    void controllerIsNeeded();

private:
    // scaledeckctl ARGS, waited for while this process's event loop serves the API (ctlprocess.h).
    CtlRun ctl(const QStringList &arguments, const QProcessEnvironment &extra = {});
    QStringList controllerOptions() const
    {
        return {QStringLiteral("--controller"), m_case->bench.base.chopped(QStringLiteral("api/v1/").size()),
                QStringLiteral("--controller-token-file"), m_tokenFile};
    }
    size_t storedSchedules()
    {
        return m_case->bench.controller.schedules->schedules(m_case->bench.controller.key)->size();
    }

    std::unique_ptr<ApiCase> m_case;
    QString m_laptop;
    QString m_tokenFile;
};

void TestCtlImport::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = m_case->bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_laptop = m_case->dir.filePath(QStringLiteral("laptop.sqlite"));
    QVERIFY(fillSingleUserStore(m_laptop, bundleLaptop));
    m_tokenFile = m_case->dir.filePath(QStringLiteral("token"));
    QFile token(m_tokenFile);
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(kAliceToken + '\n');
    token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

CtlRun TestCtlImport::ctl(const QStringList &arguments, const QProcessEnvironment &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"SCALEDECK_CONTROLLER", "SCALEDECK_CONTROLLER_TOKEN_FILE", "SCALEDECK_STORE", "RAY_DASHBOARD_ADDRESS"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), m_case->dir.path());
    for (const QString &key : extra.keys())
        environment.insert(key, extra.value(key));
    const CtlRun run = runCtl(environment, arguments);
    if (run.out.contains(QString::fromLatin1(kAliceToken)) || run.err.contains(QString::fromLatin1(kAliceToken)))
        qFatal("scaledeckctl printed the token");
    return run;
}

void TestCtlImport::importsAndPrintsTheSummary()
{
    // The laptop's schedule of llm/LLM is not the controller's: leave it out here (conflictIsListedWithExit1).
    ScheduleStore laptop(m_laptop);
    QVERIFY(laptop.removeSchedule(bundleLaptop, ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")}).ok());
    // An override that ended long ago stays behind: it holds nothing.
    QVERIFY(laptop
                .setOverride(bundleLaptop,
                             ScheduleOverride{ScheduleTarget{QStringLiteral("embedder"), QString()}, 3,
                                              bundleT0.addDays(1), bundleT0, QStringLiteral("ann"), QString()})
                .ok());

    const CtlRun run =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import"), m_laptop});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(
        run.out.startsWith(
            QStringLiteral("imported %1 (%2) into the controller at http://127.0.0.1:").arg(m_laptop, bundleLaptop)),
        qPrintable(run.out));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(1), QStringLiteral("kind              added  already there  replaced"));
    QCOMPARE(lines.value(2), QStringLiteral("schedules             1              0         0"));
    QCOMPARE(lines.value(3), QStringLiteral("overrides             1              0         0"));
    QCOMPARE(lines.value(4), QStringLiteral("parked apps           1              0         0"));
    QCOMPARE(lines.value(8), QStringLiteral("leases                2              0         0"));
    QCOMPARE(run.err, QString());

    QCOMPARE(storedSchedules(), size_t(2));
    auto parked = m_case->bench.controller.parked->list(m_case->bench.controller.key);
    QVERIFY(parked.ok() && parked->size() == 1);
    QCOMPARE(parked->front().configJson, parkedConfigBytes());
    auto audit = m_case->bench.controller.schedules->audit(m_case->bench.controller.key, kStart);
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().holder, QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(audit->front().resultText(), QStringLiteral("imported"));

    // Again: everything is already there.
    const CtlRun again =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import"), m_laptop});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out.split(QLatin1Char('\n')).value(2),
             QStringLiteral("schedules             0              1         0"));
}

void TestCtlImport::dryRunMovesNothing()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("SCALEDECK_CONTROLLER"), controllerOptions().at(1));
    environment.insert(QStringLiteral("SCALEDECK_CONTROLLER_TOKEN_FILE"), m_tokenFile);
    const CtlRun run = ctl({QStringLiteral("controller"), QStringLiteral("import"), m_laptop,
                            QStringLiteral("--dry-run"), QStringLiteral("--replace")},
                           environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.startsWith(QStringLiteral("dry run: nothing was written.")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("\nwould replace schedules: llm/LLM: the controller's schedule differs")),
             qPrintable(run.out));
    QCOMPARE(storedSchedules(), size_t(1));
    QVERIFY(m_case->bench.controller.parked->list(m_case->bench.controller.key)->empty());
    QVERIFY(m_case->bench.controller.schedules->audit(m_case->bench.controller.key, kStart)->empty());
}

void TestCtlImport::conflictIsListedWithExit1()
{
    const QStringList import{QStringLiteral("controller"), QStringLiteral("import"), m_laptop};
    const CtlRun run = ctl(controllerOptions() + import);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QCOMPARE(run.err,
             QStringLiteral("scaledeckctl: the controller's store holds 1 of these differently; nothing was "
                            "imported (--replace replaces them with the file's):\n"
                            "  schedules: llm/LLM: the controller's schedule differs from the imported one\n"));
    QCOMPARE(storedSchedules(), size_t(1));
    QVERIFY(m_case->bench.controller.parked->list(m_case->bench.controller.key)->empty());

    const CtlRun replaced = ctl(controllerOptions() + import + QStringList{QStringLiteral("--replace")});
    QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
    QCOMPARE(replaced.out.split(QLatin1Char('\n')).value(2),
             QStringLiteral("schedules             1              0         1"));
    QVERIFY(replaced.out.contains(QStringLiteral("\nreplaced schedules: llm/LLM")));
    QCOMPARE(storedSchedules(), size_t(2));
}

void TestCtlImport::fileThatIsNoStoreIsNamed()
{
    const QString notes = m_case->dir.filePath(QStringLiteral("notes.txt"));
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("llm: 2 replicas on weekdays\n");
    file.close();
    const CtlRun run =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import"), notes});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: %1 is not a ScaleDeck store: not an SQLite database\n").arg(notes));
    const QString missing = m_case->dir.filePath(QStringLiteral("missing.sqlite"));
    const CtlRun none =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import"), missing});
    QCOMPARE(none.exitCode, 1);
    QCOMPARE(none.err, QStringLiteral("scaledeckctl: %1 does not exist\n").arg(missing));
    QVERIFY(!QFile::exists(missing)); // not created by looking at it
    QVERIFY(m_case->bench.controller.schedules->audit(m_case->bench.controller.key, kStart)->empty());
}

void TestCtlImport::controllerIsNeeded()
{
    const CtlRun run = ctl({QStringLiteral("controller"), QStringLiteral("import"), m_laptop});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: 'controller import' needs --controller URL")),
             qPrintable(run.err));
    // A token others can read is refused, naming the file, before anything is read or sent.
    QFile::setPermissions(m_tokenFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    const CtlRun loose =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import"), m_laptop});
    QCOMPARE(loose.exitCode, 1);
    QVERIFY2(
        loose.err.startsWith(QStringLiteral("scaledeckctl: %1 has mode 0604, but it holds a token").arg(m_tokenFile)),
        qPrintable(loose.err));
    QVERIFY(m_case->bench.controller.parked->list(m_case->bench.controller.key)->empty());
    QFile::setPermissions(m_tokenFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const CtlRun noFile =
        ctl(controllerOptions() + QStringList{QStringLiteral("controller"), QStringLiteral("import")});
    QCOMPARE(noFile.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCtlImport)
#include "test_ctl_import.moc"
