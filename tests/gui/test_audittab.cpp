// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The window's Audit tab in both modes. Single-user: entries written to the window's store by another writer (a
// `scaledeckctl run`, say) appear newest first with their columns; a refresh that brings nothing new resets
// nothing, a new entry is inserted above the others and a pending one finished is changed where it is; the period
// reaches further back. Through a controller (ApiBench, the real API): an operator's change through the API shows in
// another person's window naming her.
#include "apibench.h"
#include "auditview.h"
#include "controllerschedulebackend.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "schedulestore.h"
#include "texttablemodel.h"

#include <QLocale>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kNow(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday

enum Column { TimeColumn, TargetColumn, ChangeColumn, ResultColumn, WhoColumn, DetailColumn };

AuditEntry entryAt(const QDateTime &atUtc, const QString &target, AuditResult result, const QString &holder,
                   const QString &detail)
{
    return AuditEntry{.atUtc = atUtc,
                      .target = target,
                      .cause = AuditCause::Schedule,
                      .before = QStringLiteral("2"),
                      .after = QStringLiteral("0"),
                      .result = result,
                      .detail = detail,
                      .holder = holder};
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
}

QString localTime(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toLocalTime(), QStringLiteral("ddd yyyy-MM-dd HH:mm:ss"));
}

void showAuditTab(MainWindow *window)
{
    auto *tabs = window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    const int index = tabs->indexOf(window->auditView());
    QVERIFY(index >= 0);
    QCOMPARE(tabs->tabText(index), QStringLiteral("Audit"));
    tabs->setCurrentIndex(index);
    QVERIFY(window->auditView()->isVisible());
}
} // namespace

class TestAuditTab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void theStoresEntriesShowNewestFirstAndRefreshInPlace();
    void anOperatorsChangeThroughTheControllerNamesHer();
    void aRefusedReadIsSaidInTheTab();
    void theApisAnswerReadsNewestFirst();

private:
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    // Another writer of the window's store: the window reads it on its own thread.
    qint64 append(const AuditEntry &entry)
    {
        ScheduleStore store(storePath());
        auto id = store.appendAudit(m_endpoint.clusterKey(), entry);
        return id ? *id : -1;
    }
    std::unique_ptr<MainWindow> makeWindow(const Clock *clock);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    ClusterEndpoint m_endpoint;
};

void TestAuditTab::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    // Nothing listens there; read-only, so no controller of the window's own writes entries of its own.
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    m_endpoint.timeoutMs = 1000;
    m_endpoint.readOnly = true;
}

void TestAuditTab::cleanup()
{
    m_profiles.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestAuditTab::makeWindow(const Clock *clock)
{
    MainWindowOptions options;
    options.storePath = storePath();
    options.pollIntervalMs = 60000;
    options.trafficIntervalMs = 0;
    options.clock = clock;
    auto window = std::make_unique<MainWindow>(m_profiles.get(), options);
    window->resize(1100, 600);
    window->show();
    return window;
}

void TestAuditTab::theStoresEntriesShowNewestFirstAndRefreshInPlace()
{
    const QString alice = QStringLiteral("alice@laptop");
    QVERIFY(append(entryAt(kNow.addDays(-8), QStringLiteral("old/Old"), AuditResult::Sent, alice,
                           QStringLiteral("older than a week"))) > 0);
    QVERIFY(append(entryAt(kNow.addSecs(-3 * 3600), QStringLiteral("llm/LLM"), AuditResult::Sent,
                           QStringLiteral("ctl-1"), QStringLiteral("window Mon-Fri 07:00-17:00 closed"))) > 0);
    QVERIFY(append(entryAt(kNow.addSecs(-2 * 3600), QStringLiteral("embedder/Embedder"), AuditResult::Failed,
                           QStringLiteral("ctl-1"), QStringLiteral("Ray said no"))) > 0);
    const qint64 pending = append(entryAt(kNow.addSecs(-3600), QStringLiteral("ocr/OCR"), AuditResult::Pending,
                                          QStringLiteral("ctl-1"), QStringLiteral("window opened")));
    QVERIFY(pending > 0);

    ManualClock clock(kNow);
    auto window = makeWindow(&clock);
    window->connectToCluster(m_endpoint);
    showAuditTab(window.get());
    AuditView *view = window->auditView();
    const QAbstractItemModel *model = view->model();
    QTRY_COMPARE(model->rowCount(), 3); // the last 7 days
    QCOMPARE(model->columnCount(), 6);
    QCOMPARE(model->headerData(ChangeColumn, Qt::Horizontal).toString(), QStringLiteral("Before → after"));
    QCOMPARE(cell(model, 0, TargetColumn), QStringLiteral("ocr/OCR"));
    QCOMPARE(cell(model, 1, TargetColumn), QStringLiteral("embedder/Embedder"));
    QCOMPARE(cell(model, 2, TargetColumn), QStringLiteral("llm/LLM"));
    QCOMPARE(cell(model, 1, TimeColumn), localTime(kNow.addSecs(-2 * 3600)));
    QCOMPARE(cell(model, 1, ChangeColumn), QStringLiteral("2 → 0"));
    QCOMPARE(cell(model, 1, ResultColumn), QStringLiteral("failed"));
    QCOMPARE(cell(model, 1, WhoColumn), QStringLiteral("ctl-1"));
    QCOMPARE(cell(model, 1, DetailColumn), QStringLiteral("Ray said no"));
    QCOMPARE(cell(model, 0, ResultColumn), QStringLiteral("pending"));
    QVERIFY2(view->statusText().startsWith(QStringLiteral("3 entries since")), qPrintable(view->statusText()));

    // Nothing new: no reset, no row changed.
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy loaded(view, &AuditView::loaded);
    view->refresh();
    QVERIFY(loaded.wait());
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changed.count(), 0);

    // A new entry, and the pending one finished: the one inserted on top, the other changed where it is.
    QVERIFY(append(entryAt(kNow.addSecs(-600), QStringLiteral("asr/ASR"), AuditResult::OverrideSet, alice,
                           QStringLiteral("until Mon 2026-11-23 17:00 UTC"))) > 0);
    {
        ScheduleStore store(storePath());
        QVERIFY(store.finishAudit(pending, AuditResult::Sent, QStringLiteral("window opened")));
    }
    view->refresh();
    QTRY_COMPARE(model->rowCount(), 4);
    QCOMPARE(cell(model, 0, TargetColumn), QStringLiteral("asr/ASR"));
    QCOMPARE(cell(model, 0, ResultColumn), QStringLiteral("override set"));
    QCOMPARE(cell(model, 0, WhoColumn), alice);
    QCOMPARE(cell(model, 1, ResultColumn), QStringLiteral("sent"));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 1);

    // The last 30 days reach the older entry, at the bottom.
    view->setPeriodDays(30);
    QTRY_COMPARE(model->rowCount(), 5);
    QCOMPARE(cell(model, 4, TargetColumn), QStringLiteral("old/Old"));
}

void TestAuditTab::anOperatorsChangeThroughTheControllerNamesHer()
{
    ApiCase apiCase(kNow);
    const QString failed = apiCase.bench.setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString ticked = apiCase.bench.tick(); // the controller has read the cluster: a schedule can be checked
    QVERIFY2(ticked.isEmpty(), qPrintable(ticked));
    // bob's window (a viewer) on the controller, its clock the controller's.
    auto window = makeWindow(&apiCase.clock);
    const QString url = apiCase.bench.base.chopped(int(qstrlen("/api/v1/")));
    window->connectToController(ControllerConnection{QUrl(url), kBobToken, QStringLiteral("token file")});
    showAuditTab(window.get());
    AuditView *view = window->auditView();
    QSignalSpy loaded(view, &AuditView::loaded);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0, 10000);
    QVERIFY2(!view->statusText().startsWith(QStringLiteral("Cannot")), qPrintable(view->statusText()));

    // alice schedules a deployment through the API: the controller audits it under her name.
    const ApiAnswer set = apiCase.bench.client(kAliceToken)
                              .call("PUT", QStringLiteral("schedules/embedder/Embedder"), "tz UTC\ndefault 1\n");
    QVERIFY2(set.status == 200, set.body.constData());
    view->refresh();
    const QAbstractItemModel *model = view->model();
    QTRY_VERIFY_WITH_TIMEOUT(
        model->rowCount() > 0 && cell(model, 0, TargetColumn) == QStringLiteral("embedder/Embedder"), 10000);
    QCOMPARE(cell(model, 0, ResultColumn), QStringLiteral("schedule set"));
    QCOMPARE(cell(model, 0, WhoColumn), QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(cell(model, 0, TimeColumn), localTime(kNow));
}

void TestAuditTab::aRefusedReadIsSaidInTheTab()
{
    ApiCase apiCase(kNow);
    const QString failed = apiCase.bench.setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    auto window = makeWindow(&apiCase.clock);
    const QString url = apiCase.bench.base.chopped(int(qstrlen("/api/v1/")));
    window->connectToController(
        ControllerConnection{QUrl(url), "nobody-knows-this-token-0000", QStringLiteral("token file")});
    showAuditTab(window.get());
    QTRY_VERIFY_WITH_TIMEOUT(
        window->auditView()->statusText().startsWith(QStringLiteral("Cannot read the audit log: ")), 10000);
    QCOMPARE(window->auditView()->model()->rowCount(), 0);
}

void TestAuditTab::theApisAnswerReadsNewestFirst()
{
    const auto body = nlohmann::json::parse(R"json({"since": "2026-11-22T12:00:00Z", "entries": [
        {"id": 1, "at": "2026-11-23T09:00:00Z", "target": "llm/LLM", "cause": "schedule", "before": "2",
         "after": "0", "result": "sent", "detail": "closed", "by": "ctl-1"},
        {"id": 2, "at": "2026-11-23T10:00:00Z", "target": "llm/LLM", "cause": "operator", "before": "",
         "after": "3", "result": "a result of a newer ScaleDeck", "detail": "", "by": "alice (scaledeckctl API)"}]})json");
    const Result<std::vector<AuditEntry>> entries = auditFromApi(body);
    QVERIFY(entries);
    QCOMPARE(entries->size(), size_t(2));
    QCOMPARE(entries->at(0).id, qint64(2));
    QCOMPARE(entries->at(0).resultText(), QStringLiteral("a result of a newer ScaleDeck"));
    QCOMPARE(entries->at(0).holder, QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(entries->at(1).atUtc, QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
    QCOMPARE(auditRowTexts(entries->at(0)).at(ChangeColumn), QStringLiteral("– → 3"));
    QVERIFY(!auditFromApi(nlohmann::json::parse(R"({"error": "no"})")));
}

SCALEDECK_GUI_TEST_MAIN(TestAuditTab)
#include "test_audittab.moc"
