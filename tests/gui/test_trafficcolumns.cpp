// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12: the traffic a deployment serves, beside its replicas. The model's Req/s, Errors and p95 cells from a
// reading parsed out of a real Prometheus answer (tests/fixtures/prometheus_traffic_vector.json), "—" with its
// reason for what nobody knows, application sums, and a refresh that signals only the cells that changed; the
// line that says where the figures come from; the real window reading a scripted Prometheus (and, with
// SCALEDECK_TRAFFIC_SCREENSHOT=path, saving a picture of it).
#include "clustermodel.h"
#include "clustertreeview.h"
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "pendingedits.h"
#include "prometheustraffic.h"
#include "scriptedwindow.h"
#include "trafficsourceline.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace scaledeck;

namespace {
const QString prometheusAt = QStringLiteral("http://prom.example:9090");

std::vector<PromSample> parsePrometheus();

TrafficReading fixtureReading()
{
    auto samples = parsePrometheus();
    TrafficReading reading = trafficFromSamples(samples, 60);
    reading.sourceAddress = prometheusAt;
    return reading;
}

QStringList rowsOf(const QSignalSpy &spy)
{
    QStringList rows;
    for (const QList<QVariant> &arguments : spy) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            const QModelIndex index = topLeft.siblingAtRow(row);
            const QString deployment = index.data(ClusterModel::DeploymentNameRole).toString();
            const QString app = index.data(ClusterModel::AppNameRole).toString();
            rows.append(deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment);
        }
    }
    return rows;
}

// A dark desktop palette (Breeze Dark's main colours), for the picture's dark variant.
QPalette darkPalette()
{
    QPalette palette;
    const auto set = [&](QPalette::ColorRole role, QRgb colour) { palette.setColor(role, QColor(colour)); };
    set(QPalette::Window, 0x2a2e32);
    set(QPalette::WindowText, 0xfcfcfc);
    set(QPalette::Base, 0x1b1e20);
    set(QPalette::AlternateBase, 0x232629);
    set(QPalette::Text, 0xfcfcfc);
    set(QPalette::Button, 0x31363b);
    set(QPalette::ButtonText, 0xfcfcfc);
    set(QPalette::Highlight, 0x3daee9);
    set(QPalette::HighlightedText, 0xfcfcfc);
    return palette;
}

DeploymentTraffic &entry(TrafficReading &reading, const char *app, const char *deployment)
{
    for (DeploymentTraffic &traffic : reading.deployments)
        if (traffic.app == QLatin1String(app) && traffic.deployment == QLatin1String(deployment))
            return traffic;
    qFatal("no %s/%s in the reading", app, deployment);
}
} // namespace

namespace {
std::vector<PromSample> parsePrometheus()
{
    auto samples = parseInstantVector(test::readFixture(QStringLiteral("prometheus_traffic_vector.json")),
                                      QStringLiteral("Prometheus"));
    if (!samples)
        qFatal("the captured Prometheus answer does not parse");
    return samples.value();
}
} // namespace

class TestTrafficColumns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_edits = std::make_unique<PendingEdits>();
        m_model = std::make_unique<ClusterModel>(m_edits.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setSnapshot(test::fixtureSnapshot(QStringLiteral("applications_demo.json")));
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_edits.reset();
    }

    void figuresOfTheCapturedReading()
    {
        m_model->setTraffic(fixtureReading());
        QCOMPARE(text("llm", "LLM", ClusterModel::RequestsColumn), QStringLiteral("7.20"));
        QCOMPARE(text("llm", "LLM", ClusterModel::ErrorsColumn), QStringLiteral("0.00 %"));
        QCOMPARE(text("llm", "LLM", ClusterModel::P95Column), QStringLiteral("9.5 ms"));
        QCOMPARE(text("gateway", "Gateway", ClusterModel::P95Column), QStringLiteral("47 ms"));
        QCOMPARE(tip("llm", "LLM", ClusterModel::RequestsColumn),
                 QStringLiteral("7.20 requests/s over the last 1 min, from Prometheus at ") + prometheusAt);
        QCOMPARE(m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::RequestsColumn)
                     .data(Qt::TextAlignmentRole)
                     .toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
    }

    // Idle is a real 0; what nobody can know is "—" and says why, never a 0.
    void unknownIsADashThatSaysWhy()
    {
        m_model->setTraffic(fixtureReading());
        QCOMPARE(text("embedder", "Embedder", ClusterModel::RequestsColumn), QStringLiteral("0.00"));
        QCOMPARE(text("embedder", "Embedder", ClusterModel::ErrorsColumn), QStringLiteral("—"));
        QCOMPARE(tip("embedder", "Embedder", ClusterModel::ErrorsColumn),
                 QStringLiteral("Unknown (—): no request in the last 1 min"));
        QCOMPARE(tip("embedder", "Embedder", ClusterModel::P95Column),
                 QStringLiteral("Unknown (—): no request in the last 1 min"));
        // batch is running but Prometheus has no series of it.
        QCOMPARE(text("batch", "BatchWorker", ClusterModel::RequestsColumn), QStringLiteral("—"));
        QCOMPARE(tip("batch", "BatchWorker", ClusterModel::RequestsColumn),
                 QStringLiteral("Unknown (—): no traffic data: Prometheus at %1 has no series of this deployment")
                     .arg(prometheusAt));
        QCOMPARE(appText("batch", ClusterModel::RequestsColumn), QStringLiteral("—"));

        const QString failure = QStringLiteral("Prometheus at %1: answered 503 Service Unavailable").arg(prometheusAt);
        m_model->setTrafficFailed(failure);
        QCOMPARE(text("llm", "LLM", ClusterModel::RequestsColumn), QStringLiteral("—"));
        QCOMPARE(tip("llm", "LLM", ClusterModel::RequestsColumn),
                 QStringLiteral("Unknown (—): no traffic data: ") + failure);
        QCOMPARE(appText("gateway", ClusterModel::RequestsColumn), QStringLiteral("—"));
    }

    // An application: the sum of its deployments' requests/s, errors weighted by requests, the highest p95.
    void applicationRowsSumTheirDeployments()
    {
        TrafficReading reading = fixtureReading();
        entry(reading, "gateway", "Router").errorRate = 0.1;  // 2.0678 req/s
        entry(reading, "gateway", "Gateway").errorRate = 0.0; // 2.1017 req/s
        m_model->setTraffic(reading);
        QCOMPARE(appText("gateway", ClusterModel::RequestsColumn), QStringLiteral("4.17"));
        QCOMPARE(appText("gateway", ClusterModel::ErrorsColumn), QStringLiteral("4.96 %")); // 0.20678 / 4.16949
        QCOMPARE(appText("gateway", ClusterModel::P95Column), QStringLiteral("47 ms"));
        QVERIFY(
            appTip("gateway", ClusterModel::P95Column).contains(QStringLiteral("the highest p95 of its deployments")));
        QVERIFY(appTip("gateway", ClusterModel::ErrorsColumn).contains(QStringLiteral("weighted by requests")));
        QCOMPARE(appText("embedder", ClusterModel::RequestsColumn), QStringLiteral("0.00"));
        QCOMPARE(appText("embedder", ClusterModel::P95Column), QStringLiteral("—"));
        QCOMPARE(appTip("embedder", ClusterModel::P95Column),
                 QStringLiteral("Unknown (—): no request in the last 1 min"));
    }

    void onlyChangedCellsAreSignalled()
    {
        const TrafficReading reading = fixtureReading();
        m_model->setTraffic(reading);
        QSignalSpy spy(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setTraffic(reading);
        QCOMPARE(spy.count(), 0);

        // Router's p95 is not gateway's highest: one row's cells, Req/s to p95.
        TrafficReading slower = reading;
        entry(slower, "gateway", "Router").p95Ms = 30.0;
        m_model->setTraffic(slower);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(rowsOf(spy), QStringList{QStringLiteral("gateway/Router")});
        QCOMPARE(spy.at(0).at(0).value<QModelIndex>().column(), int(ClusterModel::RequestsColumn));
        QCOMPARE(spy.at(0).at(1).value<QModelIndex>().column(), int(ClusterModel::P95Column));

        // LLM's requests/s moves llm's sum with it: its row and its application's.
        spy.clear();
        TrafficReading busier = slower;
        entry(busier, "llm", "LLM").requestsPerS = 8.0;
        m_model->setTraffic(busier);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(rowsOf(spy), (QStringList{QStringLiteral("llm/LLM"), QStringLiteral("llm")}));
    }

    void sourceLineSaysWhereFiguresComeFrom()
    {
        TrafficSourceLine line;
        line.show();
        line.showReading(fixtureReading());
        QCOMPARE(line.text(), QStringLiteral("Traffic: Prometheus at %1 (1 min window)").arg(prometheusAt));
        QVERIFY(!line.showsFailure());

        TrafficReading nodes;
        nodes.source = TrafficSource::Nodes;
        nodes.windowS = 30;
        line.showReading(nodes);
        QCOMPARE(
            line.text(),
            QStringLiteral("Traffic: the nodes' metrics (no Prometheus configured; live values only, 30 s window)"));

        line.showFailure(QStringLiteral("Prometheus at %1: answered 503").arg(prometheusAt));
        QVERIFY(line.showsFailure());
        QCOMPARE(line.text(), QStringLiteral("Traffic unknown: Prometheus at %1: answered 503").arg(prometheusAt));
    }

    // The real window against a scripted cluster and a scripted Prometheus: the reading reaches the tree and the
    // line through the session's traffic thread; the hour of rates reaches the sparklines.
    void windowShowsAPrometheusReading()
    {
        testing::ScriptedWindow scripted;
        scripted.serveApplications(test::readFixture(QStringLiteral("applications_demo.json")));
        ScriptedHttpServer prometheus;
        prometheus.onRequest([&](const ReceivedRequest &request) {
            prometheus.enqueue({200, request.path.startsWith("/api/v1/query_range")
                                         ? hourOfRates()
                                         : test::readFixture(QStringLiteral("prometheus_traffic_vector.json"))});
        });
        QVERIFY(scripted.open(QSize(1500, 520), 2000, scripted.endpoint(), QUrl(prometheus.url())));
        MainWindow &window = *scripted.window;
        QTRY_COMPARE(window.model()
                         ->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::RequestsColumn)
                         .data()
                         .toString(),
                     QStringLiteral("7.20"));
        QTRY_COMPARE(window.trafficSourceLine()->text(),
                     QStringLiteral("Traffic: Prometheus at %1 (1 min window)").arg(prometheus.url()));
        QTRY_VERIFY(window.model()->rateHistory(
            window.model()->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::TrendColumn)));
        if (const QString path = qEnvironmentVariable("SCALEDECK_TRAFFIC_SCREENSHOT"); !path.isEmpty()) {
            if (qEnvironmentVariableIsSet("SCALEDECK_TRAFFIC_DARK"))
                QApplication::setPalette(darkPalette());
            window.treeView()->setCurrentIndex(
                window.model()->deploymentIndex(QStringLiteral("gateway"), QStringLiteral("Router")));
            QTest::qWait(200); // let the view paint its sparklines before the picture (only for the picture)
            QVERIFY(window.grab().save(path));
        }
    }

    void windowSaysWhenPrometheusFails()
    {
        testing::ScriptedWindow scripted;
        scripted.serveApplications(test::readFixture(QStringLiteral("applications_demo.json")));
        ScriptedHttpServer prometheus;
        prometheus.onRequest([&](const ReceivedRequest &) { prometheus.enqueue({503, "Service Unavailable"}); });
        QVERIFY(scripted.open(QSize(1200, 500), 2000, scripted.endpoint(), QUrl(prometheus.url())));
        TrafficSourceLine *line = scripted.window->trafficSourceLine();
        QTRY_VERIFY_WITH_TIMEOUT(line->showsFailure(), 15000); // one retry after a 503
        QVERIFY2(line->text().contains(QStringLiteral("503")), qPrintable(line->text()));
        QTRY_VERIFY(!scripted.window->model()
                         ->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::RequestsColumn)
                         .data(Qt::ToolTipRole)
                         .toString()
                         .isEmpty());
        QVERIFY(scripted.window->model()
                    ->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::RequestsColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("503")));
    }

private:
    // The last hour of two deployments at one point a minute, as Prometheus answers a range query.
    static QByteArray hourOfRates()
    {
        const qint64 end = QDateTime::currentSecsSinceEpoch();
        QByteArray llm, router;
        for (int minute = 60; minute >= 0; --minute) {
            const QByteArray at = QByteArray::number(end - minute * 60);
            const double wave = 6 + 2 * std::sin(minute / 6.0);
            llm += (llm.isEmpty() ? "" : ",") + ("[" + at + ",\"" + QByteArray::number(wave) + "\"]");
            router += (router.isEmpty() ? "" : ",") +
                      ("[" + at + ",\"" + QByteArray::number(2 + (minute % 20 < 10 ? 1.0 : 0.2)) + "\"]");
        }
        return R"({"status":"success","data":{"resultType":"matrix","result":[)"
               R"({"metric":{"application":"llm","deployment":"LLM"},"values":[)" +
               llm + R"(]},{"metric":{"application":"gateway","deployment":"Router"},"values":[)" + router + "]}]}}";
    }

    QString text(const char *app, const char *deployment, int column) const
    {
        return m_model->deploymentIndex(QLatin1String(app), QLatin1String(deployment), column).data().toString();
    }
    QString tip(const char *app, const char *deployment, int column) const
    {
        return m_model->deploymentIndex(QLatin1String(app), QLatin1String(deployment), column)
            .data(Qt::ToolTipRole)
            .toString();
    }
    QString appText(const char *app, int column) const
    {
        return m_model->applicationIndex(QLatin1String(app), column).data().toString();
    }
    QString appTip(const char *app, int column) const
    {
        return m_model->applicationIndex(QLatin1String(app), column).data(Qt::ToolTipRole).toString();
    }

    std::unique_ptr<PendingEdits> m_edits;
    std::unique_ptr<ClusterModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

SCALEDECK_GUI_TEST_MAIN(TestTrafficColumns)
#include "test_trafficcolumns.moc"
