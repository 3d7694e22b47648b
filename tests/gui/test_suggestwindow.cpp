// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12: "Suggest from traffic…" through the real window: the schedule coordinator opens the editor with its
// suggestion source, which reads a scripted Prometheus on its own thread; the suggestion lands in the editor's text,
// grid and figures; a 503 is said and changes nothing; without Prometheus, or for an application with several
// deployments, the button is disabled and says why. With SCALEDECK_SUGGEST_SCREENSHOT=path, the editor with its
// suggestion is saved as a picture there.
#include "guitestmain.h"
#include "officehoursmatrix.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "scriptedwindow.h"

#include <QLabel>
#include <QPushButton>
#include <QUrlQuery>

using namespace scaledeck;

namespace {
const QString kLlm = QStringLiteral("llm");

QString promqlOf(const ReceivedRequest &request)
{
    const QUrlQuery query(QUrl(QString::fromLatin1(request.path)).query(QUrl::FullyEncoded));
    return query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
}

QDateTime endOf(const ReceivedRequest &request)
{
    const QUrlQuery query(QUrl(QString::fromLatin1(request.path)).query(QUrl::FullyEncoded));
    return QDateTime::fromSecsSinceEpoch(qint64(query.queryItemValue(QStringLiteral("end")).toDouble()), Qt::UTC);
}

// Prometheus for the window: the traffic columns' and sparklines' queries answered as in test_trafficcolumns,
// llm/LLM's own request rate (the suggestion's range query) with office hours, or with `rateStatus` when not 200.
void scriptPrometheus(ScriptedHttpServer &prometheus, int rateStatus = 200)
{
    prometheus.onRequest([&prometheus, rateStatus](const ReceivedRequest &request) {
        const QString promql = promqlOf(request);
        const bool range = request.path.startsWith("/api/v1/query_range");
        if (promql.contains(QLatin1String("startup_latency")))
            prometheus.enqueue({200, instantAnswer(95000)});
        else if (range && promql.contains(QLatin1String("deployment=\"LLM\"")))
            prometheus.enqueue(rateStatus == 200
                                   ? ScriptedResponse{200, officeHoursMatrix(endOf(request), 4, 3.0, 0.25)}
                                   : ScriptedResponse{rateStatus, "Service Unavailable"});
        else if (range)
            prometheus.enqueue({200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"});
        else
            prometheus.enqueue({200, readFixture(QStringLiteral("prometheus_traffic_vector.json"))});
    });
}

// Opens the editor of `app`/`deployment` once the window has the cluster.
ScheduleEditorDialog *openEditor(MainWindow &window, const QString &app, const QString &deployment)
{
    const auto hasApp = [&] {
        const SnapshotPtr snapshot = window.model()->snapshot();
        return snapshot && snapshot->findApplication(app);
    };
    if (!QTest::qWaitFor(hasApp, 15000))
        return nullptr;
    window.schedules()->editSchedule(app, deployment, window.model()->snapshot());
    ScheduleEditorDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            dialog = window.findChild<ScheduleEditorDialog *>();
            return dialog && dialog->isVisible();
        },
        5000);
    return shown ? dialog : nullptr;
}

template <typename T> T *child(QWidget *dialog, const char *name)
{
    return dialog->findChild<T *>(QLatin1String(name));
}
} // namespace

class TestSuggestWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void suggestsFromPrometheus();
    void unavailablePrometheusKeepsTheText();
    void withoutPrometheusTheButtonSaysWhy();
    void applicationWithSeveralDeploymentsSaysWhy();
};

void TestSuggestWindow::suggestsFromPrometheus()
{
    testing::ScriptedWindow scripted;
    scripted.serveApplications(readFixture(QStringLiteral("applications_demo.json")));
    ScriptedHttpServer prometheus;
    scriptPrometheus(prometheus);
    QVERIFY(scripted.open(QSize(1300, 800), 2000, scripted.endpoint(), QUrl(prometheus.url())));
    ScheduleEditorDialog *dialog = openEditor(*scripted.window, kLlm, QStringLiteral("LLM"));
    QVERIFY(dialog);
    const QString before = dialog->text();
    auto *button = child<QPushButton>(dialog, "suggestButton");
    auto *status = child<QLabel>(dialog, "suggestStatusLabel");
    QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));

    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(status->text(),
             QStringLiteral("Reading 4 weeks of llm/LLM's traffic from Prometheus at %1…").arg(prometheus.url()));
    QVERIFY(!button->isEnabled());
    QCOMPARE(dialog->text(), before); // the answer comes later, from the suggestion thread

    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Suggested from 28.0 days of traffic")), 20000);
    QVERIFY2(dialog->text().contains(QStringLiteral("Mon-Fri 09:00-17:00 = ")), qPrintable(dialog->text()));
    QCOMPARE(dialog->schedule().prewarmMinutes, 2); // 95 s to start
    const QString figures = child<QLabel>(dialog, "suggestFiguresLabel")->text();
    QVERIFY2(figures.contains(QStringLiteral("Requests that would have arrived while parked: 900 (Sat 03:00-04:00: "
                                             "900)")),
             qPrintable(figures));
    QVERIFY2(figures.contains(QStringLiteral("GPU-hours in that time: ")), qPrintable(figures));
    QVERIFY(button->isEnabled());
    QVERIFY(dialog->canSave());

    if (const QString path = qEnvironmentVariable("SCALEDECK_SUGGEST_SCREENSHOT"); !path.isEmpty())
        QVERIFY(dialog->grab().save(path));
    dialog->reject();
}

void TestSuggestWindow::unavailablePrometheusKeepsTheText()
{
    testing::ScriptedWindow scripted;
    scripted.serveApplications(readFixture(QStringLiteral("applications_demo.json")));
    ScriptedHttpServer prometheus;
    scriptPrometheus(prometheus, 503);
    QVERIFY(scripted.open(QSize(1300, 800), 2000, scripted.endpoint(), QUrl(prometheus.url())));
    ScheduleEditorDialog *dialog = openEditor(*scripted.window, kLlm, QStringLiteral("LLM"));
    QVERIFY(dialog);
    const QString before = dialog->text();
    auto *status = child<QLabel>(dialog, "suggestStatusLabel");
    QTest::mouseClick(child<QPushButton>(dialog, "suggestButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        status->text().startsWith(QStringLiteral("no traffic data: Prometheus at %1").arg(prometheus.url())),
        20000); // after one retry of the 503
    QVERIFY2(status->text().contains(QStringLiteral("503")), qPrintable(status->text()));
    QCOMPARE(dialog->text(), before);
    QVERIFY(child<QPushButton>(dialog, "suggestButton")->isEnabled());
    dialog->reject();
}

void TestSuggestWindow::withoutPrometheusTheButtonSaysWhy()
{
    testing::ScriptedWindow scripted;
    scripted.serveApplications(readFixture(QStringLiteral("applications_demo.json")));
    QVERIFY(scripted.open(QSize(1300, 800), 2000, scripted.endpoint()));
    ScheduleEditorDialog *dialog = openEditor(*scripted.window, kLlm, QStringLiteral("LLM"));
    QVERIFY(dialog);
    auto *button = child<QPushButton>(dialog, "suggestButton");
    QVERIFY(!button->isEnabled());
    QVERIFY2(button->toolTip().contains(QStringLiteral("no Prometheus address")), qPrintable(button->toolTip()));
    dialog->reject();
}

void TestSuggestWindow::applicationWithSeveralDeploymentsSaysWhy()
{
    testing::ScriptedWindow scripted;
    scripted.serveApplications(readFixture(QStringLiteral("applications_demo.json")));
    ScriptedHttpServer prometheus;
    scriptPrometheus(prometheus);
    QVERIFY(scripted.open(QSize(1300, 800), 2000, scripted.endpoint(), QUrl(prometheus.url())));
    ScheduleEditorDialog *dialog = openEditor(*scripted.window, QStringLiteral("gateway"), QString());
    QVERIFY(dialog);
    auto *button = child<QPushButton>(dialog, "suggestButton");
    QVERIFY(!button->isEnabled());
    QVERIFY2(button->toolTip().startsWith(QStringLiteral("gateway has 2 deployments")), qPrintable(button->toolTip()));
    dialog->reject();
}

SCALEDECK_GUI_TEST_MAIN(TestSuggestWindow)
#include "test_suggestwindow.moc"
