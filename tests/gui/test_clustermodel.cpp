// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustermodel.h"
#include "displayformat.h"
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "pendingedits.h"
#include "schedulecell.h"
#include "scheduleevaluator.h"
#include "scheduletext.h"
#include "snapshotdiff.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::test;

namespace {
const QString demo = QStringLiteral("applications_demo.json");
const QString llmOneEmbedderGone = QStringLiteral("applications_llm1_embedder_parked.json");

// The rows a dataChanged spy saw, as "app" or "app/deployment", one entry per row in each range.
QStringList changedRows(const QSignalSpy &spy)
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
    rows.removeDuplicates();
    rows.sort();
    return rows;
}

// A large cluster without fixtures: `apps` applications ("app-0000"...) of 4 deployments each.
std::shared_ptr<ClusterSnapshot> manyApplications(int apps)
{
    auto snapshot = std::make_shared<ClusterSnapshot>();
    snapshot->gpusTotal = 64;
    for (int a = 0; a < apps; ++a) {
        ApplicationSnapshot app;
        app.name = QStringLiteral("app-%1").arg(a, 4, 10, QLatin1Char('0'));
        app.status = QStringLiteral("RUNNING");
        app.source = QStringLiteral("declarative");
        for (int d = 0; d < 4; ++d) {
            DeploymentSnapshot deployment;
            deployment.name = QStringLiteral("D%1").arg(d);
            deployment.status = QStringLiteral("HEALTHY");
            deployment.targetReplicas = deployment.runningReplicas = 2;
            deployment.replicasByState.insert(QStringLiteral("RUNNING"), 2);
            app.deployments.push_back(deployment);
        }
        snapshot->applications.push_back(std::move(app));
    }
    return snapshot;
}

// `previous` with one deployment of `app` scaling up (status and target), as the poller would build it next.
std::shared_ptr<ClusterSnapshot> withScaling(const ClusterSnapshot &previous, const QString &app)
{
    auto next = std::make_shared<ClusterSnapshot>(previous);
    next->changes = {};
    for (ApplicationSnapshot &candidate : next->applications)
        if (candidate.name == app) {
            candidate.deployments[1].status = QStringLiteral("UPSCALING");
            candidate.deployments[1].targetReplicas = 3;
        }
    return next;
}
} // namespace

class TestClusterModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_edits = std::make_unique<PendingEdits>();
        m_model = std::make_unique<ClusterModel>(m_edits.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_edits.reset();
    }

    void showsApplicationsAndDeployments()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QCOMPARE(m_model->rowCount(), 5);
        QStringList apps;
        for (int row = 0; row < m_model->rowCount(); ++row)
            apps.append(m_model->index(row, ClusterModel::NameColumn).data().toString());
        QCOMPARE(apps, (QStringList{QStringLiteral("batch"), QStringLiteral("embedder"), QStringLiteral("gateway"),
                                    QStringLiteral("llm"), QStringLiteral("scaler")}));
        QCOMPARE(m_model->rowCount(m_model->applicationIndex(QStringLiteral("gateway"))), 2);
        QCOMPARE(m_model->rowCount(m_model->applicationIndex(QStringLiteral("llm"))), 1);
        QCOMPARE(m_model->columnCount(), int(ClusterModel::ColumnCount));
    }

    void scheduleCellsShowPerTargetAndSignalOnlyThatColumn()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QHash<QString, ClusterModel::ScheduleCell> cells;
        cells.insert(QStringLiteral("llm/LLM"), {QStringLiteral("2 now · 0 Thu 17:00"), QStringLiteral("Now: 2")});
        cells.insert(QStringLiteral("batch"), {QStringLiteral("parked now · running Sun 02:00"), QString()});
        m_model->setScheduleCells(cells);
        QVERIFY(!changed.isEmpty());
        for (const QList<QVariant> &signal : changed) {
            QCOMPARE(signal.at(0).toModelIndex().column(), int(ClusterModel::ScheduleColumn));
            QCOMPARE(signal.at(1).toModelIndex().column(), int(ClusterModel::ScheduleColumn));
        }
        const auto cell = [this](const char *app, const char *deployment, int role) {
            const QModelIndex index =
                *deployment ? m_model->deploymentIndex(QString::fromUtf8(app), QString::fromUtf8(deployment),
                                                       ClusterModel::ScheduleColumn)
                            : m_model->applicationIndex(QString::fromUtf8(app), ClusterModel::ScheduleColumn);
            return index.data(role).toString();
        };
        QCOMPARE(cell("llm", "LLM", Qt::DisplayRole), QStringLiteral("2 now · 0 Thu 17:00"));
        // The text in full (it can be cut), then the schedule's explanation.
        QCOMPARE(cell("llm", "LLM", Qt::ToolTipRole), QStringLiteral("2 now · 0 Thu 17:00\nNow: 2"));
        QCOMPARE(cell("batch", "", Qt::DisplayRole), QStringLiteral("parked now · running Sun 02:00"));
        QCOMPARE(cell("llm", "", Qt::DisplayRole), QString()); // the app itself is not scheduled
        QCOMPARE(cell("embedder", "Embedder", Qt::DisplayRole), QString());

        // The same cells again: nothing to signal.
        changed.clear();
        m_model->setScheduleCells(cells);
        QVERIFY(changed.isEmpty());
        m_model->setScheduleCells({});
        QCOMPARE(cell("llm", "LLM", Qt::DisplayRole), QString());
    }

    // The Schedule cell's next change is in the schedule's zone, and says which: in Ljubljana "CET" in winter,
    // "CEST" once the clocks have gone forward (Sunday 2027-03-28), whatever the zone the machine is in. Santiago
    // has no abbreviation in tzdata, only its offset ("-03" in its summer).
    void scheduleCellNamesTheTimeZone_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("text");
        const QString ljubljana = QStringLiteral("Europe/Ljubljana");
        QTest::newRow("winter") << ljubljana << QDateTime(QDate(2027, 3, 26), QTime(12, 0), Qt::UTC)
                                << QStringLiteral("2 now · 0 Fri 17:00 CET");
        QTest::newRow("across the change to summer time")
            << ljubljana << QDateTime(QDate(2027, 3, 27), QTime(12, 0), Qt::UTC)
            << QStringLiteral("0 now · 2 Mon 07:00 CEST");
        QTest::newRow("a zone known by its offset")
            << QStringLiteral("America/Santiago") << QDateTime(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC)
            << QStringLiteral("2 now · 0 Fri 17:00 UTC-03");
    }

    void scheduleCellNamesTheTimeZone()
    {
        QFETCH(QString, zone);
        QFETCH(QDateTime, now);
        QFETCH(QString, text);
        const ScheduleParse parse =
            parseScheduleText(QStringLiteral("tz %1\ndefault 0\nMon-Fri 07:00-17:00 = 2\n").arg(zone));
        QVERIFY(parse.ok());
        const ScheduleEvaluator evaluator(*parse.schedule);
        ScheduleSummary summary;
        summary.target = ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")};
        summary.timeZone = parse.schedule->timeZone;
        summary.desired = evaluator.effectiveAt(now);
        const std::vector<ScheduleTransition> next = evaluator.nextTransitions(now, 1);
        QCOMPARE(next.size(), size_t(1));
        summary.next = next.front();

        m_model->setSnapshot(fixtureSnapshot(demo));
        m_model->setScheduleCells({{QStringLiteral("llm/LLM"), scheduleCell(summary, now)}});
        const QModelIndex cell =
            m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::ScheduleColumn);
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), text);
    }

    void showsCellValues_data()
    {
        QTest::addColumn<QString>("app");
        QTest::addColumn<QString>("deployment");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *app, const char *deployment, int column, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(app) << QString::fromUtf8(deployment) << column
                                << QString::fromUtf8(expected);
        };
        row("llm status", "llm", "", ClusterModel::StatusColumn, "RUNNING");
        row("LLM status", "llm", "LLM", ClusterModel::StatusColumn, "HEALTHY");
        row("LLM replicas", "llm", "LLM", ClusterModel::ReplicasColumn, "2/2");
        row("LLM GPUs per replica", "llm", "LLM", ClusterModel::GpusPerReplicaColumn, "1");
        row("LLM GPUs held", "llm", "LLM", ClusterModel::GpusHeldColumn, "2");
        row("embedder GPUs held", "embedder", "", ClusterModel::GpusHeldColumn, "1");
        row("Embedder GPUs per replica", "embedder", "Embedder", ClusterModel::GpusPerReplicaColumn, "0.5");
        row("gateway replicas", "gateway", "", ClusterModel::ReplicasColumn, "2/2");
        row("Router CPU only", "gateway", "Router", ClusterModel::GpusPerReplicaColumn, "—");
        row("batch at zero", "batch", "BatchWorker", ClusterModel::ReplicasColumn, "0/0");
        row("batch autoscaling", "batch", "BatchWorker", ClusterModel::AutoscalingColumn, "0–4");
        row("LLM fixed", "llm", "LLM", ClusterModel::AutoscalingColumn, "fixed");
        row("Scaled by an external scaler", "scaler", "Scaled", ClusterModel::AutoscalingColumn, "external scaler");
    }

    void showsCellValues()
    {
        QFETCH(QString, app);
        QFETCH(QString, deployment);
        QFETCH(int, column);
        QFETCH(QString, expected);
        m_model->setSnapshot(fixtureSnapshot(demo));
        const QModelIndex index = deployment.isEmpty() ? m_model->applicationIndex(app, column)
                                                       : m_model->deploymentIndex(app, deployment, column);
        QVERIFY(index.isValid());
        QCOMPARE(index.data().toString(), expected);
    }

    void editorRangeFollowsGpus()
    {
        m_model->setSnapshot(fixtureSnapshot(demo)); // 4 GPUs in nodes.json
        auto maximum = [&](const char *app, const char *deployment) {
            return m_model
                ->deploymentIndex(QString::fromUtf8(app), QString::fromUtf8(deployment), ClusterModel::TargetColumn)
                .data(ClusterModel::EditorMaximumRole)
                .toInt();
        };
        QCOMPARE(maximum("llm", "LLM"), 4);           // 4 GPUs / 1 per replica
        QCOMPARE(maximum("embedder", "Embedder"), 8); // 4 / 0.5
        QCOMPARE(maximum("gateway", "Router"), 8);    // CPU only
        QCOMPARE(maximum("batch", "BatchWorker"), 4); // autoscaling max 4, 4 GPUs
    }

    void replicasTextNamesTransitions()
    {
        DeploymentSnapshot deployment;
        deployment.targetReplicas = 3;
        deployment.runningReplicas = 1;
        deployment.replicasByState = {
            {QStringLiteral("RUNNING"), 1}, {QStringLiteral("STARTING"), 2}, {QStringLiteral("STOPPING"), 1}};
        QCOMPARE(replicasText(deployment), QStringLiteral("1/3 (2 starting, 1 stopping)"));
        deployment.gpusPerReplica = 1.5;
        QCOMPARE(editorMaximum(deployment, 4), 3); // target 3 beats floor(4 / 1.5) = 2
        QCOMPARE(editorMaximum(deployment, 0), 3);
        deployment.targetReplicas = 0;
        QCOMPARE(editorMaximum(deployment, 0), 1); // a GPU deployment can always ask for one
    }

    void refreshEmitsOnlyWhatChanged()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

        // llm 2 -> 1 replica, embedder gone (parked by ScaleDeck, but not in this store).
        m_model->setSnapshot(fixtureSnapshot(llmOneEmbedderGone));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 1);
        QVERIFY(!removed.at(0).at(0).value<QModelIndex>().isValid());
        QCOMPARE(removed.at(0).at(1).toInt(), 1); // embedder was the second application
        // llm scaled down; scaler's status trigger (shown in its tooltip) moved on; gateway and batch did not
        // change, so their rows see no signal.
        const QStringList expectedChanges{QStringLiteral("llm"), QStringLiteral("llm/LLM"), QStringLiteral("scaler"),
                                          QStringLiteral("scaler/Scaled")};
        QCOMPARE(changedRows(changed), expectedChanges);
        QCOMPARE(m_model->rowCount(), 4);
        QCOMPARE(m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::ReplicasColumn)
                     .data()
                     .toString(),
                 QStringLiteral("1/1"));

        changed.clear();
        removed.clear();
        m_model->setSnapshot(fixtureSnapshot(demo));
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(changedRows(changed), expectedChanges);
        QCOMPARE(reset.count(), 0);
    }

    // 300 applications, 1 of them changed: only its application row and the deployment row that changed are
    // signalled, with no rows inserted, removed or reset (a refresh that re-emitted or reset the tree fails here).
    void oneChangedApplicationOfManySignalsOnlyItsRows()
    {
        SnapshotPtr shown = manyApplications(300);
        m_model->setSnapshot(shown);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);

        auto next = withScaling(*shown, QStringLiteral("app-0123"));
        noteChangesSince(*next, shown); // as the poller does, on its thread
        m_model->setSnapshot(next);

        QCOMPARE(changedRows(changed), (QStringList{QStringLiteral("app-0123"), QStringLiteral("app-0123/D1")}));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(m_model->deploymentIndex(QStringLiteral("app-0123"), QStringLiteral("D1"), ClusterModel::StatusColumn)
                     .data()
                     .toString(),
                 QStringLiteral("UPSCALING"));
    }

    // The refresh takes the changes the poller noted against the shown snapshot instead of comparing every
    // application on the GUI thread (a diff naming only app-0007 is believed, though app-0200 changed too); a copy
    // of a snapshot, or one noted against another snapshot, is compared in full.
    void notedChangesAreTakenOnlyForTheShownSnapshot()
    {
        SnapshotPtr shown = manyApplications(300);
        m_model->setSnapshot(shown);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

        auto next = withScaling(*withScaling(*shown, QStringLiteral("app-0007")), QStringLiteral("app-0200"));
        SnapshotDiff noted;
        noted.changedApps = {QStringLiteral("app-0007")};
        next->changes = {std::make_shared<const SnapshotDiff>(noted), shown, next.get()};
        m_model->setSnapshot(next);
        QCOMPARE(changedRows(changed), (QStringList{QStringLiteral("app-0007"), QStringLiteral("app-0007/D1")}));

        // A copy inherits the fields but not their meaning: compared in full (app-0200 is found now).
        m_model->setSnapshot(shown);
        changed.clear();
        auto copy = std::make_shared<ClusterSnapshot>(*next);
        m_model->setSnapshot(copy);
        QCOMPARE(changedRows(changed), (QStringList{QStringLiteral("app-0007"), QStringLiteral("app-0007/D1"),
                                                    QStringLiteral("app-0200"), QStringLiteral("app-0200/D1")}));

        // Noted against a snapshot that is not the one shown: compared in full too.
        m_model->setSnapshot(shown);
        changed.clear();
        auto other = withScaling(*shown, QStringLiteral("app-0200"));
        noteChangesSince(*other, manyApplications(300));
        m_model->setSnapshot(other);
        QCOMPARE(changedRows(changed), (QStringList{QStringLiteral("app-0200"), QStringLiteral("app-0200/D1")}));
    }

    void sameSnapshotAgainEmitsNothing()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->setSnapshot(fixtureSnapshot(demo));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 0);
    }

    void parkedApplicationShowsAsParked()
    {
        m_model->setSnapshot(fixtureSnapshot(llmOneEmbedderGone));
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->setSnapshot(fixtureSnapshot(llmOneEmbedderGone, {parkedEmbedder()}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(m_model->rowCount(), 5);

        const QModelIndex app = m_model->applicationIndex(QStringLiteral("embedder"), ClusterModel::StatusColumn);
        QCOMPARE(app.data().toString(), QStringLiteral("PARKED"));
        QVERIFY(app.data(ClusterModel::ParkedRole).toBool());
        QVERIFY(app.data(ClusterModel::EditableRole).toBool()); // it can be unparked
        const QModelIndex deployment = m_model->deploymentIndex(QStringLiteral("embedder"), QStringLiteral("Embedder"),
                                                                ClusterModel::ReplicasColumn);
        QCOMPARE(deployment.data().toString(), QStringLiteral("0/0"));
        QCOMPARE(deployment.siblingAtColumn(ClusterModel::GpusHeldColumn).data().toString(), QStringLiteral("0"));
        QVERIFY(!deployment.data(ClusterModel::EditableRole).toBool()); // unpark first

        m_edits->unpark(m_model->snapshot(), QStringLiteral("embedder"));
        QCOMPARE(app.data().toString(), QStringLiteral("PARKED → RUNNING"));
        QVERIFY(app.data(ClusterModel::PendingRole).toBool());
    }

    void pendingEditShowsBeforeAndAfter()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_edits->setReplicas(m_model->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 3);
        QCOMPARE(m_edits->size(), 1);
        QVERIFY(m_edits->baseline() == m_model->snapshot());
        QCOMPARE(changedRows(changed), (QStringList{QStringLiteral("llm"), QStringLiteral("llm/LLM")}));

        const QModelIndex replicas =
            m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::ReplicasColumn);
        QCOMPARE(replicas.data().toString(), QStringLiteral("2/2 → 3"));
        QCOMPARE(replicas.data(ClusterModel::CurrentTargetRole).toInt(), 2);
        QCOMPARE(replicas.data(ClusterModel::TargetReplicasRole).toInt(), 3);
        QVERIFY(replicas.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(replicas.data(Qt::BackgroundRole).isValid());

        // A refresh keeps the edit and the baseline it was made against.
        const SnapshotPtr baseline = m_edits->baseline();
        m_model->setSnapshot(fixtureSnapshot(demo));
        QCOMPARE(replicas.data().toString(), QStringLiteral("2/2 → 3"));
        QVERIFY(m_edits->baseline() == baseline);

        // Back to the baseline's value: no edit left.
        m_edits->setReplicas(m_model->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        QVERIFY(m_edits->isEmpty());
        QVERIFY(!m_edits->baseline());
        QCOMPARE(replicas.data().toString(), QStringLiteral("2/2"));
        QVERIFY(!replicas.data(Qt::BackgroundRole).isValid());
    }

    void parkPendingLocksDeployments()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        m_edits->park(m_model->snapshot(), QStringLiteral("llm"));
        const QModelIndex status = m_model->applicationIndex(QStringLiteral("llm"), ClusterModel::StatusColumn);
        QCOMPARE(status.data().toString(), QStringLiteral("RUNNING → PARKED"));
        QVERIFY(!m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"))
                     .data(ClusterModel::EditableRole)
                     .toBool());
    }

    void readOnlyDisablesEditing()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setReadOnly(true);
        QVERIFY(changed.count() > 0);
        QVERIFY(!m_model->applicationIndex(QStringLiteral("llm")).data(ClusterModel::EditableRole).toBool());
        QVERIFY(!m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"))
                     .data(ClusterModel::EditableRole)
                     .toBool());
    }

    // Stale data: every row is told (foreground and editability only, no text changed), nothing is editable,
    // and every cell's foreground is faded; all of it back when the data is fresh again.
    void staleFadesEveryRowAndDisablesEditing()
    {
        m_model->setSnapshot(fixtureSnapshot(demo));
        const QModelIndex status =
            m_model->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::StatusColumn);
        const QVariant freshStatus = status.data(Qt::ForegroundRole);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setStale(true);
        int rows = m_model->rowCount();
        for (int app = 0; app < m_model->rowCount(); ++app)
            rows += m_model->rowCount(m_model->index(app, 0));
        QCOMPARE(changedRows(changed).size(), rows);
        for (const QList<QVariant> &signal : changed)
            QCOMPARE(signal.at(2).value<QList<int>>(), (QList<int>{Qt::ForegroundRole, ClusterModel::EditableRole}));
        QVERIFY(!status.data(ClusterModel::EditableRole).toBool());
        QVERIFY(!m_model->applicationIndex(QStringLiteral("llm"), ClusterModel::TargetColumn)
                     .data(ClusterModel::EditableRole)
                     .toBool());
        const QColor faded = status.data(Qt::ForegroundRole).value<QColor>();
        QCOMPARE(faded.rgb(), freshStatus.value<QColor>().rgb()); // the status's hue stays
        QVERIFY(faded.alphaF() < freshStatus.value<QColor>().alphaF());
        QVERIFY(m_model->applicationIndex(QStringLiteral("llm")).data(Qt::ForegroundRole).isValid());

        changed.clear();
        m_model->setStale(true); // no change: no signal
        QCOMPARE(changed.size(), 0);
        m_model->setStale(false);
        QVERIFY(status.data(ClusterModel::EditableRole).toBool());
        QCOMPARE(status.data(Qt::ForegroundRole), freshStatus);
        QVERIFY(!m_model->applicationIndex(QStringLiteral("llm")).data(Qt::ForegroundRole).isValid());
    }

private:
    std::unique_ptr<PendingEdits> m_edits;
    std::unique_ptr<ClusterModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

SCALEDECK_GUI_TEST_MAIN(TestClusterModel)
#include "test_clustermodel.moc"
