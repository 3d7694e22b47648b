// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl --read-only`, run in-process against a temporary store that holds a schedule, an override,
// prices, an always-on count and a parked app: every command that would change the cluster, what a controller
// will do to it or the figures others see exits 2 with a message naming what was refused, and the store file is
// byte for byte what it was; every command that only reads still works. Nothing listens on the address: a
// refusal comes before any request (the live `scale --dry-run` case is in test_live_ctl).
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "parkedstore.h"
#include "pricestore.h"
#include "schedulestore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString kAddress = QStringLiteral("http://127.0.0.1:1");
const QString kNow = QStringLiteral("2026-11-25T10:00:00Z");
const QDateTime kNowUtc = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
const ScheduleTarget kLlm{QStringLiteral("llm"), QStringLiteral("LLM")};
const QString kRefusal = QStringLiteral("scaledeckctl: this profile is read-only: ");

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestCtlReadOnly : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void changesAreRefused_data();
    void changesAreRefused();
    void readsWork_data();
    void readsWork();
    void helpNamesTheOption();

private:
    CtlRun ctl(const QStringList &arguments);
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    QByteArray storeDigest() const; // the store's content: the database file and its WAL, if there is one
    void seedStore();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_scheduleFile;
};

void TestCtlReadOnly::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_scheduleFile = m_dir->filePath(QStringLiteral("llm.txt"));
    QFile file(m_scheduleFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("tz UTC\ndefault 0\nMon-Fri 07:00-17:00 = 2\n");
    file.close();
    seedStore();
}

void TestCtlReadOnly::seedStore()
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(kAddress);
    const QString cluster = endpoint.clusterKey();
    {
        ScheduleStore schedules(storePath());
        QVERIFY(schedules.saveSchedule(cluster, StoredSchedule{kLlm, QStringLiteral("tz UTC\ndefault 1\n"), kNowUtc}));
        QVERIFY(schedules.setOverride(cluster, ScheduleOverride{kLlm, 2, kNowUtc.addSecs(3600), kNowUtc,
                                                                QStringLiteral("scaledeckctl"), QString()}));
        PriceStore prices(storePath());
        PriceList list;
        list.gpuHour = 2.5;
        QVERIFY(prices.setPrices(cluster, list));
        QVERIFY(prices.setAlwaysOnCount(cluster, kLlm.toString(), 3));
        ParkedStore parked(storePath());
        QVERIFY(parked.save(cluster, ParkedApp{QStringLiteral("embedder"), R"({"name": "embedder"})", "{}", kNowUtc}));
    }
    QVERIFY(!storeDigest().isEmpty());
}

QByteArray TestCtlReadOnly::storeDigest() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Not the -shm file: SQLite rebuilds that index of the WAL whenever a connection opens.
    const QStringList files =
        QDir(m_dir->path())
            .entryList({QStringLiteral("store.sqlite"), QStringLiteral("store.sqlite-wal")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(m_dir->filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        hash.addData(name.toUtf8());
        hash.addData(file.readAll());
    }
    return files.isEmpty() ? QByteArray() : hash.result().toHex();
}

CtlRun TestCtlReadOnly::ctl(const QStringList &arguments)
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

void TestCtlReadOnly::changesAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("refused");
    auto row = [](const char *name, const char *commandLine, const char *refused) {
        QTest::newRow(name) << QString::fromUtf8(commandLine).split(QLatin1Char(' ')) << QString::fromUtf8(refused);
    };
    row("schedule set", "--read-only schedule set llm/LLM FILE", "the schedule of llm/LLM was not saved");
    row("schedule set, option last", "schedule set llm/LLM FILE --read-only", "the schedule of llm/LLM was not saved");
    row("schedule remove", "--read-only schedule remove llm/LLM", "the schedule of llm/LLM was not removed");
    row("override", "--read-only override llm/LLM 3 --until 2026-11-25T20:00:00Z",
        "the override of llm/LLM was not set");
    row("override clear", "--read-only override llm/LLM --clear", "the override of llm/LLM was not cleared");
    row("prices", "--read-only prices --gpu-hour 9", "the prices of http://127.0.0.1:1 were not saved");
    row("price of a type", "--read-only prices --accelerator A100 --gpu-hour 3",
        "the prices of http://127.0.0.1:1 were not saved");
    row("currency", "--read-only prices --currency EUR", "the prices of http://127.0.0.1:1 were not saved");
    row("always-on", "--read-only always-on llm/LLM 4", "the always-on count of llm/LLM was not saved");
    row("always-on peak", "--read-only always-on llm/LLM peak", "the always-on count of llm/LLM was not removed");
    row("scale", "--read-only scale llm/LLM 2", "llm/LLM was not scaled to 2 (--dry-run shows what would be sent)");
    row("park", "--read-only park llm", "llm was not parked (--dry-run shows what would be sent)");
    row("unpark", "--read-only unpark embedder", "embedder was not unparked (--dry-run shows what would be sent)");
    row("run", "--read-only run --once",
        "the controller was not started: it changes the cluster, and even with --dry-run it writes the audit log "
        "(schedule show and schedule preview show what it would do)");
    row("run --dry-run", "--read-only run --dry-run --once",
        "the controller was not started: it changes the cluster, and even with --dry-run it writes the audit log "
        "(schedule show and schedule preview show what it would do)");
}

void TestCtlReadOnly::changesAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, refused);
    arguments.replaceInStrings(QStringLiteral("FILE"), m_scheduleFile);
    const QByteArray before = storeDigest();

    const CtlRun run = ctl(arguments);
    QVERIFY2(run.err.startsWith(kRefusal + refused + QLatin1Char('\n')), qPrintable(run.err));
    QCOMPARE(run.exitCode, int(ExitUsage));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    QCOMPARE(storeDigest(), before);

    // Without --read-only the store commands go through (those that need the cluster fail on it instead).
    arguments.removeAll(QStringLiteral("--read-only"));
    const CtlRun writable = ctl(arguments);
    QVERIFY2(!writable.err.contains(QStringLiteral("read-only")), qPrintable(writable.err));
}

void TestCtlReadOnly::readsWork_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("shows");
    auto row = [](const char *name, const char *commandLine, const char *shows) {
        QTest::newRow(name) << QString::fromUtf8(commandLine).split(QLatin1Char(' ')) << QString::fromUtf8(shows);
    };
    row("schedule list", "--read-only schedule list", "llm/LLM");
    row("schedule show", "--read-only schedule show llm/LLM", "default 1");
    row("schedule export", "--read-only schedule export llm/LLM", "default 1");
    row("schedule preview",
        "--read-only schedule preview llm/LLM --from 2026-11-25T00:00:00Z --to 2026-11-26T00:00:00Z",
        "1 → 2  override until");
    row("audit", "--read-only audit", "");
    row("prices", "--read-only prices", "2.50");
    row("always-on", "--read-only always-on", "llm/LLM");
    row("parked", "--read-only parked", "embedder");
    row("scale --dry-run", "--read-only scale llm/LLM 2 --dry-run", ""); // refused by the cluster, not the flag
}

void TestCtlReadOnly::readsWork()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, shows);
    const QByteArray before = storeDigest();
    const CtlRun run = ctl(arguments);
    QVERIFY2(!run.err.contains(QStringLiteral("read-only")), qPrintable(run.err));
    if (arguments.contains(QStringLiteral("--dry-run"))) {
        QCOMPARE(run.exitCode, int(ExitError)); // nothing listens: unreachable, not refused
        QVERIFY2(run.err.contains(QStringLiteral("unreachable")), qPrintable(run.err));
    } else {
        QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
        QVERIFY2(run.out.contains(shows), qPrintable(run.out));
    }
    QCOMPARE(storeDigest(), before);
}

void TestCtlReadOnly::helpNamesTheOption()
{
    const CtlRun run = ctl({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, int(ExitDone));
    QVERIFY2(run.out.contains(QStringLiteral("--read-only")), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(TestCtlReadOnly)
#include "test_ctl_readonly.moc"
