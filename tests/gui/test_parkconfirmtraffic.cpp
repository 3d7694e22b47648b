// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A manual park or scale-down is confirmed with what its targets served in the last 5 minutes: the real window
// against a scripted cluster (Ray's captured applications) and a scripted Prometheus answering a real captured
// reading; the 5-minute query is asked from the session's traffic thread, the dialog fills when it answers, and a
// Prometheus that fails leaves the figure unknown, never idle.
#include "applybar.h"
#include "applypreviewdialog.h"
#include "clustermodel.h"
#include "guitestmain.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "recenttrafficlabel.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "scriptedwindow.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace scaledeck;
using scaledeck::testing::ScriptedWindow;

namespace {
ApplyPreviewDialog *confirmation()
{
    return qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget());
}

bool asksForFiveMinutes(const ReceivedRequest &request)
{
    return request.path.startsWith("/api/v1/query?") && request.path.contains("%5B5m%5D");
}
} // namespace

class TestParkConfirmTraffic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_scripted = std::make_unique<ScriptedWindow>();
        m_scripted->serveApplications(readFixture(QStringLiteral("applications_demo.json")));
        m_prometheus = std::make_unique<ScriptedHttpServer>();
        m_fiveMinuteQueries = 0;
        m_prometheus->onRequest([this](const ReceivedRequest &request) {
            if (asksForFiveMinutes(request))
                ++m_fiveMinuteQueries;
            m_prometheus->enqueue(
                m_failing ? ScriptedResponse{503, "Service Unavailable"}
                          : ScriptedResponse{200, readFixture(QStringLiteral("prometheus_traffic_vector.json"))});
        });
        m_failing = false;
        QVERIFY(m_scripted->open(QSize(1400, 600), 2000, m_scripted->endpoint(), QUrl(m_prometheus->url())));
        // The first snapshots can come before Serve's applications (the version and nodes answer first).
        QTRY_VERIFY(window().model()->snapshot() &&
                    window().model()->snapshot()->findApplication(QStringLiteral("gateway")));
    }

    void cleanup()
    {
        if (ApplyPreviewDialog *dialog = confirmation())
            dialog->reject();
        m_scripted.reset();
        m_prometheus.reset();
    }

    void aScaleToZeroShowsTheRequestsOfTheLastFiveMinutes()
    {
        edit().setReplicas(window().model()->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 0);
        window().applyBar()->applyButton()->click();
        QTRY_VERIFY(confirmation());
        QTRY_COMPARE(confirmation()->recentTrafficText(),
                     QStringLiteral("Traffic: ⚠ llm/LLM served 2161 requests in the last 5 min (7.20 req/s); scaling "
                                    "it to 0 leaves nothing to answer them\nFrom Prometheus at %1.")
                         .arg(m_prometheus->url()));
        QCOMPARE(m_fiveMinuteQueries, 1);
    }

    // The gateway's request is counted by both its deployments: the park shows them side by side.
    void aParkShowsEachDeploymentOfTheApplication()
    {
        edit().park(window().model()->snapshot(), QStringLiteral("gateway"));
        edit().park(window().model()->snapshot(), QStringLiteral("embedder"));
        window().applyBar()->applyButton()->click();
        QTRY_VERIFY(confirmation());
        QTRY_VERIFY(confirmation()->recentTrafficText().contains(QStringLiteral("From Prometheus")));
        const QString text = confirmation()->recentTrafficText();
        QVERIFY2(text.contains(QStringLiteral("embedder served no request in the last 5 min\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("⚠ gateway served requests in the last 5 min (Gateway 2.10 req/s, Router "
                                              "2.07 req/s); parking it leaves nothing to answer them")),
                 qPrintable(text));
    }

    void aFailedReadingIsUnknownNotIdle()
    {
        m_failing = true;
        edit().setReplicas(window().model()->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 1);
        window().applyBar()->applyButton()->click();
        QTRY_VERIFY(confirmation());
        QTRY_VERIFY2(confirmation()->recentTrafficText().contains(QStringLiteral("unknown")),
                     qPrintable(confirmation()->recentTrafficText()));
        const QString text = confirmation()->recentTrafficText();
        QVERIFY2(text.startsWith(QStringLiteral("Traffic: ⚠ what llm/LLM served lately is unknown: Prometheus at")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("503")), qPrintable(text));
    }

    // A scheduled target's edit becomes an override: its question is the confirmation, and shows the traffic too.
    void aScaleDownOfAScheduledDeploymentAsksWithItsTraffic()
    {
        QSignalSpy stored(window().schedules(), &ScheduleCoordinator::scheduleStored);
        window().schedules()->editSchedule(QStringLiteral("llm"), QStringLiteral("LLM"), window().model()->snapshot());
        QTRY_VERIFY(qobject_cast<ScheduleEditorDialog *>(QApplication::activeModalWidget()));
        auto *editor = qobject_cast<ScheduleEditorDialog *>(QApplication::activeModalWidget());
        editor->findChild<QPlainTextEdit *>()->setPlainText(QStringLiteral("tz UTC\ndefault 2\n")); // stops nothing
        editor->accept();
        QVERIFY(stored.wait());
        QTRY_VERIFY(!window().schedules()->isBusy());

        edit().setReplicas(window().model()->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 1);
        window().applyBar()->applyButton()->click();
        QTRY_VERIFY(qobject_cast<OverrideDialog *>(QApplication::activeModalWidget()));
        auto *question = qobject_cast<OverrideDialog *>(QApplication::activeModalWidget());
        QTRY_COMPARE(question->recentTraffic()->plainText(),
                     QStringLiteral("Traffic: ⚠ llm/LLM served 2161 requests in the last 5 min (7.20 req/s); 1 of 2 "
                                    "replicas would take them\nFrom Prometheus at %1.")
                         .arg(m_prometheus->url()));
        question->reject();
    }

    // More replicas take nothing from anybody: nothing is asked, nothing is shown.
    void aScaleUpAsksNothing()
    {
        edit().setReplicas(window().model()->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 3);
        window().applyBar()->applyButton()->click();
        QTRY_VERIFY(confirmation());
        QCOMPARE(confirmation()->recentTrafficText(), QString());
        QCOMPARE(m_fiveMinuteQueries, 0);
    }

private:
    MainWindow &window() { return *m_scripted->window; }
    PendingEdits &edit() { return *window().pendingEdits(); }

    std::unique_ptr<ScriptedWindow> m_scripted;
    std::unique_ptr<ScriptedHttpServer> m_prometheus;
    int m_fiveMinuteQueries = 0;
    bool m_failing = false;
};

SCALEDECK_GUI_TEST_MAIN(TestParkConfirmTraffic)
#include "test_parkconfirmtraffic.moc"
