// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The window's way to drop the config ScaleDeck keeps of a live app after a park or unpark whose outcome was
// unknown: the application row's context menu offers it, a dialog (opened with open()) says what it does, and
// on Discard the session's apply thread deletes the record; the next snapshot no longer shows the note.
// Declining keeps the record, a read-only profile refuses, and a parked app (the store's copy is its only one)
// is not offered it. Ray answers from captured fixtures through a scripted server; the store is a real one.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "errorbanner.h"
#include "fixtures.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "parkedstore.h"
#include "profilestore.h"
#include "scriptedhttpserver.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace scaledeck;

namespace {
const QString kApp = QStringLiteral("embedder");
const QString kAction = QStringLiteral("Discard ScaleDeck's stored copy of “embedder”…");
const QString kNote = QStringLiteral("keeps a stored config of embedder");

ParkedApp storedEmbedder()
{
    ParkedApp app;
    app.name = kApp;
    app.configJson = R"({"name": "embedder", "route_prefix": "/embed", "import_path": "scaledeck_demo.embedder:app"})";
    app.summaryJson = R"({"route_prefix": "/embed", "deployments": []})";
    app.parkedAt = QDateTime(QDate(2026, 11, 25), QTime(18, 20), Qt::UTC);
    return app;
}
} // namespace

class TestDiscardKeptConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void discardAfterConfirming();
    void decliningKeepsTheRecord();
    void readOnlyRefuses();
    void parkedAppIsNotOffered();

private:
    // A window on the scripted cluster (which lists `applicationsFile`) with embedder's record in the store.
    void openWindow(const QString &applicationsFile, bool readOnly);
    // Opens the context menu of embedder's row; returns "text|enabled|tooltip" of each entry and triggers the
    // entry whose text is `choose` (if any) as a click would.
    QStringList contextMenu(const QString &choose = {});
    QMessageBox *confirmation();
    qsizetype storedRecords();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
    ClusterEndpoint m_endpoint;
};

void TestDiscardKeptConfig::openWindow(const QString &applicationsFile, bool readOnly)
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, readFixture(applicationsFile)});
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 5000;
    m_endpoint.readOnly = readOnly;
    const QString storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    QVERIFY(ParkedStore(storePath).save(m_endpoint.clusterKey(), storedEmbedder()));
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = storePath;
    options.pollIntervalMs = 60000; // only the first poll and refreshNow() read the cluster
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(1200, 500);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(m_endpoint);
    QTRY_VERIFY(m_window->model()->applicationIndex(kApp).isValid());
}

void TestDiscardKeptConfig::cleanup()
{
    if (QWidget *modal = QApplication::activeModalWidget())
        modal->close();
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

QStringList TestDiscardKeptConfig::contextMenu(const QString &choose)
{
    ClusterTreeView *tree = m_window->treeView();
    const QModelIndex row = m_window->model()->applicationIndex(kApp);
    tree->scrollTo(row);
    const QPoint at = tree->visualRect(row).center();
    QStringList seen;
    bool shown = false;
    QTimer::singleShot(0, this, [&] {
        QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        shown = true;
        QAction *chosen = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->isSeparator())
                continue;
            seen << QStringLiteral("%1|%2|%3").arg(action->text()).arg(action->isEnabled()).arg(action->toolTip());
            if (!choose.isEmpty() && action->text() == choose)
                chosen = action;
        }
        if (!chosen) {
            menu->close();
            return;
        }
        menu->setActiveAction(chosen);
        QTest::keyClick(menu, Qt::Key_Return);
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, tree->viewport()->mapToGlobal(at));
    QApplication::sendEvent(tree->viewport(), &event);
    if (!QTest::qWaitFor([&] { return shown; })) // the menu pops up without a nested event loop
        qWarning("the context menu did not open");
    return seen;
}

// The dialog is opened with open(): it is there once the event loop has shown it, without blocking the test.
QMessageBox *TestDiscardKeptConfig::confirmation()
{
    if (!QTest::qWaitFor([] { return qobject_cast<QMessageBox *>(QApplication::activeModalWidget()) != nullptr; },
                         5000))
        qWarning("no confirmation dialog opened");
    return qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
}

qsizetype TestDiscardKeptConfig::storedRecords()
{
    ParkedStore store(m_dir->filePath(QStringLiteral("store.sqlite")));
    const auto listed = store.list(m_endpoint.clusterKey());
    return listed ? qsizetype(listed->size()) : -1;
}

void TestDiscardKeptConfig::discardAfterConfirming()
{
    openWindow(QStringLiteral("applications_demo.json"), false);
    const QModelIndex row = m_window->model()->applicationIndex(kApp);
    QTRY_VERIFY(row.data(ClusterModel::KeptConfigRole).toBool());
    QCOMPARE(row.data(ClusterModel::KeptConfigAtRole).toDateTime(), storedEmbedder().parkedAt);
    QVERIFY(row.data(Qt::ToolTipRole).toString().contains(kNote));

    const QStringList entries = contextMenu(kAction);
    QVERIFY2(entries.filter(kAction).size() == 1, qPrintable(entries.join(u'\n')));
    QVERIFY2(entries.filter(kAction).front().contains(QStringLiteral("|1|")), qPrintable(entries.join(u'\n')));
    QMessageBox *box = confirmation();
    QVERIFY(box);
    QCOMPARE(box->objectName(), QStringLiteral("discardKeptConfigDialog"));
    QVERIFY2(box->informativeText().contains(QStringLiteral("Ray's running application is unaffected")),
             qPrintable(box->informativeText()));
    QVERIFY2(box->informativeText().contains(QStringLiteral("stored config from 2026-11-25 18:20 UTC")),
             qPrintable(box->informativeText()));
    QCOMPARE(storedRecords(), 1); // nothing is deleted before the operator answers
    const QString shots = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        box->grab().save(QDir(shots).filePath(QStringLiteral("discard-confirmation.png")));
        m_window->grab().save(QDir(shots).filePath(QStringLiteral("discard-window.png")));
    }
    auto *discard = box->findChild<QPushButton *>(QStringLiteral("discardKeptConfigButton"));
    QVERIFY(discard);
    QTest::mouseClick(discard, Qt::LeftButton);

    QTRY_COMPARE(storedRecords(), 0);
    // The refresh after the discard brings a snapshot without the copy: the row's flag and note are gone.
    QTRY_VERIFY(!m_window->model()->applicationIndex(kApp).data(ClusterModel::KeptConfigRole).toBool());
    QVERIFY(!m_window->model()->applicationIndex(kApp).data(Qt::ToolTipRole).toString().contains(kNote));
    QVERIFY(!m_window->model()->applicationIndex(kApp).data(ClusterModel::ParkedRole).toBool());
    QVERIFY(!m_window->errorBanner()->isVisible());
    QVERIFY(contextMenu().filter(kAction).isEmpty());
    // Nothing was sent to Ray: only reads.
    for (const ReceivedRequest &request : m_server->requests())
        QCOMPARE(request.method, QByteArray("GET"));
}

void TestDiscardKeptConfig::decliningKeepsTheRecord()
{
    openWindow(QStringLiteral("applications_demo.json"), false);
    QTRY_VERIFY(m_window->model()->applicationIndex(kApp).data(ClusterModel::KeptConfigRole).toBool());
    contextMenu(kAction);
    QMessageBox *box = confirmation();
    QVERIFY(box);
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    // A fresh snapshot (which a discard would have been followed by) still shows the copy, and it is stored.
    QSignalSpy snapshots(m_window->model(), &ClusterModel::snapshotChanged);
    m_window->refreshNow();
    QVERIFY(snapshots.wait());
    QCOMPARE(storedRecords(), 1);
    QVERIFY(m_window->model()->applicationIndex(kApp).data(ClusterModel::KeptConfigRole).toBool());
    QVERIFY(m_window->model()->applicationIndex(kApp).data(Qt::ToolTipRole).toString().contains(kNote));
}

// Greyed with the read-only reason; confirmed anyway (the window's slot called directly), the core refuses and
// the banner says so; the record stays.
void TestDiscardKeptConfig::readOnlyRefuses()
{
    openWindow(QStringLiteral("applications_demo.json"), true);
    QTRY_VERIFY(m_window->model()->applicationIndex(kApp).data(ClusterModel::KeptConfigRole).toBool());
    const QStringList entry = contextMenu().filter(kAction);
    QCOMPARE(entry.size(), 1);
    QVERIFY2(entry.front().contains(QStringLiteral("|0|")) && entry.front().contains(QStringLiteral("read-only")),
             qPrintable(entry.front()));
    m_window->confirmDiscardKeptConfig(kApp);
    QMessageBox *box = confirmation();
    QVERIFY(box);
    box->findChild<QPushButton *>(QStringLiteral("discardKeptConfigButton"))->click();
    QTRY_VERIFY2(m_window->errorBanner()->text().contains(
                     QStringLiteral("this profile is read-only: the stored config of embedder was not discarded")),
                 qPrintable(m_window->errorBanner()->text()));
    QCOMPARE(storedRecords(), 1);
}

// Not in the cluster: the stored config is embedder's only copy, shown as a parked app, and not offered.
void TestDiscardKeptConfig::parkedAppIsNotOffered()
{
    openWindow(QStringLiteral("applications_empty.json"), false);
    QTRY_VERIFY(m_window->model()->applicationIndex(kApp).data(ClusterModel::ParkedRole).toBool());
    QVERIFY(!m_window->model()->applicationIndex(kApp).data(ClusterModel::KeptConfigRole).toBool());
    const QStringList entries = contextMenu();
    QVERIFY(!entries.isEmpty());
    QVERIFY2(entries.filter(QStringLiteral("stored copy")).isEmpty(), qPrintable(entries.join(u'\n')));
}

SCALEDECK_GUI_TEST_MAIN(TestDiscardKeptConfig)
#include "test_discardkeptconfig.moc"
