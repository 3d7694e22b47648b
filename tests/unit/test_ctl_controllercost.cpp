// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl cost --controller URL` (the real binary) against the real controller API on 127.0.0.1 over a store
// holding a day of GPU history (apicostday.h), beside the local `scaledeckctl cost` (the same binary) on that
// store: the same table and notes but the traffic note, the same --json but the traffic error, the note where the
// history starts, a period ahead of now refused by the controller, --prometheus refused. No Ray.
#include "apicostday.h"
#include "ctlprocess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestCtlControllerCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void textIsTheLocalCommands();
    void jsonIsTheLocalCommands();
    void notesWhereTheHistoryStarts();
    void refusesWhatItCannotServe();

private:
    // `cost ARGUMENTS` through the controller, as bob the viewer, or locally on the bench's store.
    CtlRun throughController(const QStringList &arguments) const;
    CtlRun locally(const QStringList &arguments) const;
    CtlRun ctl(const QStringList &arguments) const;
    QString controllerUrl() const { return m_bench->base.chopped(int(qstrlen("/api/v1/"))); }

    ManualClock m_clock{kCostNow};
    std::unique_ptr<ApiBench> m_bench;
    QTemporaryDir m_dir;
    QString m_bobToken;
};

namespace {
const QStringList kTheDay{QStringLiteral("--since"), QStringLiteral("2026-11-29T00:00:00Z"), QStringLiteral("--until"),
                          QStringLiteral("2026-11-30T00:00:00Z")};

// The lines of a report but its traffic note, which says why there are no traffic figures (no Prometheus given,
// or none through a controller).
QStringList withoutTrafficNote(const QString &text)
{
    QStringList lines = text.split(u'\n');
    lines.removeIf([](const QString &line) { return line.startsWith(QStringLiteral("Traffic unknown")); });
    return lines;
}
} // namespace

void TestCtlControllerCost::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_bench = std::make_unique<ApiBench>(&m_clock);
    const QString failed = m_bench->setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString recorded = recordCostDay(*m_bench);
    QVERIFY2(recorded.isEmpty(), qPrintable(recorded));
    m_bobToken = m_dir.filePath(QStringLiteral("bob-token"));
    QFile token(m_bobToken);
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(kBobToken + '\n');
    token.close();
    QVERIFY(token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
}

CtlRun TestCtlControllerCost::ctl(const QStringList &arguments) const
{
    QProcessEnvironment environment; // nothing from the machine: no Prometheus, no controller
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("SCALEDECK_NOW"), kCostNow.toString(Qt::ISODate));
    environment.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    return runCtl(environment, arguments);
}

CtlRun TestCtlControllerCost::throughController(const QStringList &arguments) const
{
    return ctl(QStringList{QStringLiteral("--controller"), controllerUrl(), QStringLiteral("--controller-token-file"),
                           m_bobToken, QStringLiteral("cost")} +
               arguments);
}

CtlRun TestCtlControllerCost::locally(const QStringList &arguments) const
{
    return ctl(QStringList{QStringLiteral("--store"), m_bench->controller.dir.filePath(QStringLiteral("store.sqlite")),
                           QStringLiteral("--address"), m_bench->controller.fake.endpoint().dashboardUrl.toString(),
                           QStringLiteral("cost")} +
               arguments);
}

void TestCtlControllerCost::textIsTheLocalCommands()
{
    const CtlRun local = locally(kTheDay);
    QCOMPARE(local.err, QString());
    QCOMPARE(local.exitCode, 0);
    const CtlRun served = throughController(kTheDay);
    QCOMPARE(served.err, QString());
    QCOMPARE(served.exitCode, 0);
    // The controller's URL names the cluster where the local command names its key.
    QCOMPARE(withoutTrafficNote(served.out),
             withoutTrafficNote(QString(local.out).replace(m_bench->controller.key, controllerUrl())));
    QVERIFY2(served.out.contains(QStringLiteral("Traffic unknown (the controller's API serves no traffic figures")),
             qPrintable(served.out));
    QVERIFY2(served.out.contains(QStringLiteral("Scaling saved EUR 145.00 against always-on (EUR 180.00)")),
             qPrintable(served.out));
}

void TestCtlControllerCost::jsonIsTheLocalCommands()
{
    const CtlRun local = locally(kTheDay + QStringList{QStringLiteral("--json")});
    QCOMPARE(local.exitCode, 0);
    const CtlRun served = throughController(kTheDay + QStringList{QStringLiteral("--json")});
    QCOMPARE(served.err, QString());
    QCOMPARE(served.exitCode, 0);
    nlohmann::json localJson = nlohmann::json::parse(local.out.toStdString(), nullptr, false);
    nlohmann::json servedJson = nlohmann::json::parse(served.out.toStdString(), nullptr, false);
    QVERIFY2(servedJson.is_object(), qPrintable(served.out));
    QCOMPARE(servedJson["traffic_error"], "not served through a controller");
    QCOMPARE(servedJson["gpu_hours"].get<double>(), 14.0);
    localJson.erase("traffic_error");
    servedJson.erase("traffic_error");
    QCOMPARE(servedJson.dump(2), localJson.dump(2));
}

void TestCtlControllerCost::notesWhereTheHistoryStarts()
{
    const CtlRun served = throughController({}); // the last week: the history starts a day ago
    QCOMPARE(served.exitCode, 0);
    QVERIFY2(served.out.startsWith(QStringLiteral("History on %1 starts ").arg(controllerUrl())),
             qPrintable(served.out));
    QVERIFY2(served.out.contains(QStringLiteral(": the period starts there.\n")), qPrintable(served.out));
    const CtlRun local = locally({});
    QCOMPARE(withoutTrafficNote(served.out),
             withoutTrafficNote(QString(local.out).replace(m_bench->controller.key, controllerUrl())));
}

void TestCtlControllerCost::refusesWhatItCannotServe()
{
    const CtlRun ahead = throughController({QStringLiteral("--since"), QStringLiteral("2026-12-05T00:00:00Z")});
    QCOMPARE(ahead.exitCode, 1);
    QVERIFY2(ahead.err.contains(QStringLiteral("from 2026-12-05T00:00:00Z is not in the past")), qPrintable(ahead.err));
    const CtlRun reversed = throughController({QStringLiteral("--since"), QStringLiteral("2026-11-29T12:00"),
                                               QStringLiteral("--until"), QStringLiteral("2026-11-29T06:00")});
    QCOMPARE(reversed.exitCode, 2);
    QVERIFY2(reversed.err.contains(QStringLiteral("--since must be before --until")), qPrintable(reversed.err));
    const CtlRun prometheus = throughController({QStringLiteral("--prometheus"), QStringLiteral("http://127.0.0.1:1")});
    QCOMPARE(prometheus.exitCode, 2);
    QVERIFY2(prometheus.err.contains(QStringLiteral("--prometheus is not taken with --controller")),
             qPrintable(prometheus.err));
}

QTEST_GUILESS_MAIN(TestCtlControllerCost)
#include "test_ctl_controllercost.moc"
