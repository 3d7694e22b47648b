// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12: "Suggest from traffic…" in the real window against the real parts: the real Ray head, and the real
// Prometheus scripts/test.sh starts with four weeks of embedder/Embedder's office hours backfilled
// (scripts/traffic-history.py: Mon-Fri 07:00-17:00 Europe/Ljubljana at 5 req/s, a silent Wednesday, 30 stray
// requests one Saturday at 03:10). The editor proposes the office hours at 2 requests/s per replica, with the
// head's own replica start time as prewarm, and says the 30 stray requests are what the schedule would have parked.
// With SCALEDECK_SUGGEST_SCREENSHOT=path, the editor with its suggestion is saved there (the README's picture).
#include "costview.h"
#include "guitestmain.h"
#include "livecluster.h"
#include "mainwindow.h"
#include "pricestore.h"
#include "profilestore.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestSuggestWindowCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void officeHoursAreSuggestedInTheEditor();

private:
    ScheduleEditorDialog *openEditor(const QString &app, const QString &deployment);

    std::optional<ClusterEndpoint> m_endpoint;
    QUrl m_prometheus;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
};

void TestSuggestWindowCluster::initTestCase()
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
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(*m_endpoint, m_prometheus);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->costView()->hasData(), 60000);
}

ScheduleEditorDialog *TestSuggestWindowCluster::openEditor(const QString &app, const QString &deployment)
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

void TestSuggestWindowCluster::officeHoursAreSuggestedInTheEditor()
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

SCALEDECK_GUI_TEST_MAIN(TestSuggestWindowCluster)
#include "test_suggest_window_cluster.moc"
