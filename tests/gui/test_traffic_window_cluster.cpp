// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12 in the real window against the real parts: the real Ray head, and the real Prometheus scripts/test.sh
// starts with four weeks of embedder/Embedder's office hours backfilled (scripts/traffic-history.py: Mon-Fri
// 07:00-17:00 Europe/Ljubljana at 5 req/s, a silent Wednesday, 30 stray requests one Saturday at 03:10).
// - "Suggest from traffic…": the editor proposes the office hours at 2 requests/s per replica, with the head's own
//   replica start time as prewarm, and says the 30 stray requests are what the schedule would have parked.
// - The Cost tab, while the test sends llm/LLM real requests: the requests its GPUs served, their cost per 1,000, and
//   embedder/Embedder's GPUs held idle (no request came to it).
// With SCALEDECK_SUGGEST_SCREENSHOT=path the editor with its suggestion is saved there, with
// SCALEDECK_COST_SCREENSHOT=path the window on its Cost tab (the README's pictures).
#include "costview.h"
#include "costwindow.h"
#include "guitestmain.h"
#include "livecluster.h"
#include "mainwindow.h"
#include "pricestore.h"
#include "profilestore.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"

#include <QAbstractItemModel>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestTrafficWindowCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void officeHoursAreSuggestedInTheEditor();
    void costTabSaysWhatTheGpusServed();

private:
    ScheduleEditorDialog *openEditor(const QString &app, const QString &deployment);

    std::optional<ClusterEndpoint> m_endpoint;
    QUrl m_prometheus;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
};

void TestTrafficWindowCluster::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_prometheus = QUrl(qEnvironmentVariable("RAY_PROMETHEUS_HOST"));
    if (m_prometheus.isEmpty())
        QFAIL("RAY_PROMETHEUS_HOST is not set: scripts/test.sh starts a real Prometheus with the backfilled weeks");
    // An L4's price, so the suggestion is weighed in money too (the window reads it with the Cost tab's figures).
    PriceStore prices(m_dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(prices.open().ok());
    PriceList list;
    list.gpuHour = 0.80;
    QVERIFY(prices.setPrices(m_endpoint->clusterKey(), list).ok());
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir.filePath(QStringLiteral("store.sqlite")); // never the user's store
    options.pollIntervalMs = 2000;
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(1680, 900); // wide enough for the Cost tab's table with its traffic columns
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(*m_endpoint, m_prometheus);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->costView()->hasData(), 60000);
}

ScheduleEditorDialog *TestTrafficWindowCluster::openEditor(const QString &app, const QString &deployment)
{
    const auto shown = [&] {
        const SnapshotPtr snapshot = m_window->model()->snapshot();
        return snapshot && snapshot->findApplication(app);
    };
    if (!QTest::qWaitFor(shown, 60000))
        return nullptr;
    m_window->schedules()->editSchedule(app, deployment, m_window->model()->snapshot());
    ScheduleEditorDialog *dialog = nullptr;
    const bool opened = QTest::qWaitFor(
        [&] {
            dialog = m_window->findChild<ScheduleEditorDialog *>();
            return dialog && dialog->isVisible();
        },
        10000);
    return opened ? dialog : nullptr;
}

void TestTrafficWindowCluster::officeHoursAreSuggestedInTheEditor()
{
    ScheduleEditorDialog *dialog = openEditor(QStringLiteral("embedder"), QStringLiteral("Embedder"));
    QVERIFY(dialog);
    // The history's zone is the schedule's: the suggestion is made in it.
    dialog->findChild<QPlainTextEdit *>()->setPlainText(QStringLiteral("tz Europe/Ljubljana\ndefault 2\n"));
    QTRY_COMPARE(dialog->schedule().timeZone, QByteArray("Europe/Ljubljana"));
    dialog->findChild<QDoubleSpinBox *>(QStringLiteral("suggestPerReplicaSpin"))->setValue(2.0);
    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("suggestButton"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("suggestStatusLabel"));
    QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));

    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Suggested from ")), qPrintable(status->text()),
                              30000);
    qInfo("%s", qPrintable(status->text()));
    const QString text = dialog->text();
    qInfo("%s", qPrintable(text));
    // 5 req/s at 2 per replica: 3 replicas in the office hours; the silent Wednesday changes nothing.
    QVERIFY2(text.contains(QStringLiteral("\nMon-Fri 07:00-17:00 = 3\n")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("default 0\n")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("prewarm ")), qPrintable(text)); // the head's own start time
    const QString figures = dialog->findChild<QLabel *>(QStringLiteral("suggestFiguresLabel"))->text();
    qInfo("%s", qPrintable(figures));
    QVERIFY2(
        figures.contains(QStringLiteral("Requests that would have arrived while parked: 30 (Sat 03:00-04:00: 30)")),
        qPrintable(figures));
    QVERIFY2(figures.contains(QStringLiteral("$")), qPrintable(figures)); // at $0.80 per GPU-hour
    QVERIFY(dialog->canSave());

    if (const QString path = qEnvironmentVariable("SCALEDECK_SUGGEST_SCREENSHOT"); !path.isEmpty())
        QVERIFY(dialog->grab().save(path));
    dialog->reject(); // nothing is saved: the cluster and the store are as they were
}

namespace {
// The cell of `deployment`'s row in the Cost tab's table (display or tooltip).
QString costCell(const QAbstractItemModel &model, const QString &deployment, const QString &header,
                 int role = Qt::DisplayRole)
{
    for (int column = 0; column < model.columnCount(); ++column) {
        if (model.headerData(column, Qt::Horizontal).toString() != header)
            continue;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, 0).data().toString() == deployment)
                return model.index(row, column).data(role).toString();
    }
    return QString();
}

double costNumber(const QAbstractItemModel &model, const QString &deployment, const QString &header)
{
    bool ok = false;
    const double value = costCell(model, deployment, header).remove(QLatin1Char(',')).toDouble(&ok);
    return ok ? value : -1;
}
} // namespace

void TestTrafficWindowCluster::costTabSaysWhatTheGpusServed()
{
    // llm/LLM answers about 10 requests a second meanwhile.
    QNetworkAccessManager network;
    const QUrl llm(QStringLiteral("http://127.0.0.1:%1/llm").arg(qEnvironmentVariable("SERVE_HTTP_PORT")));
    int answered = 0;
    QTimer sender;
    sender.setTimerType(Qt::PreciseTimer);
    connect(&sender, &QTimer::timeout, this, [&] {
        QNetworkReply *reply = network.get(QNetworkRequest(llm));
        connect(reply, &QNetworkReply::finished, this, [&answered, reply] {
            reply->deleteLater();
            answered += reply->error() == QNetworkReply::NoError ? 1 : 0;
        });
    });
    sender.start(100);

    m_window->findChild<QTabWidget *>()->setCurrentIndex(1);
    m_window->costView()->setWindow(CostWindow::Live);
    const QAbstractItemModel &table = *m_window->costView()->deploymentModel();
    const QString llmRow = QStringLiteral("llm/LLM");
    // A minute's step of Prometheus' range has to fill with requests first (a minute of them, for the picture).
    QTRY_VERIFY2_WITH_TIMEOUT(costNumber(table, llmRow, QStringLiteral("Requests")) >= 600,
                              qPrintable(costCell(table, llmRow, QStringLiteral("Requests"), Qt::ToolTipRole)), 180000);
    qInfo("llm/LLM: %s requests, %s per 1,000, %s GPU-h idle while held; %d answered since the test began",
          qPrintable(costCell(table, llmRow, QStringLiteral("Requests"))),
          qPrintable(costCell(table, llmRow, QStringLiteral("Cost / 1k req"))),
          qPrintable(costCell(table, llmRow, QStringLiteral("Idle while held"))), answered);
    QVERIFY(costNumber(table, llmRow, QStringLiteral("Requests")) <= answered * 1.05 + 10);
    QVERIFY2(costCell(table, llmRow, QStringLiteral("Cost / 1k req")).startsWith(QLatin1Char('$')),
             qPrintable(costCell(table, llmRow, QStringLiteral("Cost / 1k req"), Qt::ToolTipRole)));

    const QString embedder = QStringLiteral("embedder/Embedder");
    QCOMPARE(costCell(table, embedder, QStringLiteral("Requests")), QStringLiteral("0"));
    QCOMPARE(costCell(table, embedder, QStringLiteral("Cost / 1k req")), QStringLiteral("—")); // no requests
    const QString idle = costCell(table, embedder, QStringLiteral("Idle while held"), Qt::ToolTipRole);
    qInfo("embedder/Embedder: %s", qPrintable(idle));
    QVERIFY2(idle.contains(QStringLiteral("in which no request arrived")), qPrintable(idle));
    QVERIFY(costCell(table, embedder, QStringLiteral("Idle while held")) != QStringLiteral("—"));

    if (const QString path = qEnvironmentVariable("SCALEDECK_COST_SCREENSHOT"); !path.isEmpty())
        QVERIFY(m_window->grab().save(path));
    sender.stop();
}

SCALEDECK_GUI_TEST_MAIN(TestTrafficWindowCluster)
#include "test_traffic_window_cluster.moc"
