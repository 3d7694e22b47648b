// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetpage.h"

#include "csvtext.h"
#include "fleetcostchart.h"
#include "fleetdeploymentcsv.h"
#include "fleetmatchmodel.h"
#include "fleetmodel.h"
#include "fleettotalsmodel.h"
#include "guiactivity.h"
#include "workerthread.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace scaledeck {

namespace {
// A flat, uniform-height table: the view lays out and paints only the rows it shows.
void makeFlat(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setItemsExpandable(false);
    view->setUniformRowHeights(true);
    view->setAllColumnsShowFocus(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
}

// Starting widths that fit the usual texts ("stale since 14:02:11: …" and the controller's state are the long
// ones; both stay resizable, and their full text is in the tooltip).
constexpr int kColumnWidths[FleetModel::ColumnCount] = {140, 210, 70, 90, 120, 70, 90, 250, 140, 100, 100, 120, 120};
} // namespace

FleetPage::FleetPage(const Clock *clock, QWidget *parent)
    : QWidget(parent), m_model(new FleetModel(clock, this)), m_totals(new FleetTotalsModel(m_model, this)),
      m_sorted(new QSortFilterProxyModel(this)), m_matches(new FleetMatchModel(this)), m_table(new QTreeView),
      m_totalsView(new QTreeView), m_matchesView(new QTreeView), m_matchesPanel(new QWidget),
      m_chart(new FleetCostChart), m_chartButton(new QPushButton(tr("Cost chart"))), m_matchesLabel(new QLabel),
      m_summary(new QLabel), m_notice(new QLabel), m_empty(new QLabel), m_filter(new QLineEdit), m_back(new QPushButton)
{
    qRegisterMetaType<FleetSearchResult>();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0); // as the cluster's page
    layout->setSpacing(4);
    layout->addWidget(makeTopBar());
    m_notice->setWordWrap(true);
    m_notice->hide();
    layout->addWidget(m_notice);

    setUpTable();
    setUpTotals();
    setUpMatches();
    auto *fleet = new QWidget;
    auto *fleetLayout = new QVBoxLayout(fleet);
    fleetLayout->setContentsMargins(0, 0, 0, 0);
    fleetLayout->setSpacing(0);
    fleetLayout->addWidget(m_table, 1);
    fleetLayout->addWidget(m_totalsView);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No saved profiles yet. Connect to a cluster with File → Connect… and save it as a "
                        "profile: every saved profile is a row here."));
    fleetLayout->addWidget(m_empty, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(fleet);
    splitter->addWidget(m_matchesPanel);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 1);
    m_chart->setObjectName(QStringLiteral("fleetCostChart"));
    m_chart->hide();
    m_chartDelay.setSingleShot(true);
    m_chartDelay.setInterval(250);
    connect(&m_chartDelay, &QTimer::timeout, this, &FleetPage::fillCostChart);
    connect(m_chart, &FleetCostChart::windowChosen, this, &FleetPage::chooseWindow);
    layout->addWidget(splitter, 1);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(120);
    connect(&m_searchDelay, &QTimer::timeout, this, &FleetPage::startSearch);
    connect(m_filter, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        startSearch();
    });
    showEmptyState();
}

FleetPage::~FleetPage()
{
    // The search thread stops first (its member's destructor): no answer arrives at a page that is gone. A CSV being
    // made is waited for (it reads only its own copies), and its answer is dropped with the page.
    if (m_csvThread) {
        m_csvThread->disconnect(this);
        m_csvThread->wait();
        delete m_csvThread;
    }
}

QWidget *FleetPage::makeTopBar()
{
    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filter->setObjectName(QStringLiteral("fleetFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        tr("Find a deployment, application, cluster or state (parked, pending, unplaceable, unreachable)…"));
    m_filter->setAccessibleName(tr("Find across the fleet"));
    layout->addWidget(m_filter, 1);
    auto *refresh = new QPushButton(tr("Refresh"));
    connect(refresh, &QPushButton::clicked, this, &FleetPage::refreshRequested);
    layout->addWidget(refresh);
    auto *exportCsv = new QPushButton(tr("Export CSV…"));
    exportCsv->setObjectName(QStringLiteral("fleetExportCsv"));
    connect(exportCsv, &QPushButton::clicked, this, &FleetPage::exportTable);
    layout->addWidget(exportCsv);
    m_exportCosts = new QPushButton(tr("Export deployment costs…"));
    m_exportCosts->setObjectName(QStringLiteral("fleetExportDeploymentCosts"));
    m_exportCosts->setToolTip(tr("The GPU-hours, cost and savings of every deployment of every cluster over the cost "
                                 "chart's window (shown or not), as CSV"));
    connect(m_exportCosts, &QPushButton::clicked, this, &FleetPage::exportDeploymentCosts);
    layout->addWidget(m_exportCosts);
    m_chartButton->setObjectName(QStringLiteral("fleetCostChartButton"));
    m_chartButton->setCheckable(true);
    m_chartButton->setToolTip(tr("GPU-hours and spend over the last hour, day, week or 30 days, stacked by cluster"));
    connect(m_chartButton, &QPushButton::toggled, this, &FleetPage::setCostChartShown);
    layout->addWidget(m_chartButton);
    m_back->hide();
    connect(m_back, &QPushButton::clicked, this, &FleetPage::backRequested);
    layout->addWidget(m_back);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(2);
    topLayout->addWidget(bar);
    topLayout->addWidget(m_summary);
    return top;
}

void FleetPage::setUpTable()
{
    m_table->setObjectName(QStringLiteral("fleetTable"));
    m_table->setAccessibleName(tr("Clusters of the fleet"));
    makeFlat(m_table);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(FleetModel::SortRole);
    m_sorted->setDynamicSortFilter(true);
    m_table->setModel(m_sorted);
    // An error's end says why ("… — Connection refused"): cut long texts in the middle, not at the end.
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the profiles' order until a header is clicked
    m_table->header()->setStretchLastSection(false);
    for (int column = 0; column < FleetModel::ColumnCount; ++column)
        m_table->header()->resizeSection(column, kColumnWidths[column]);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    connect(m_table, &QTreeView::activated, this, &FleetPage::openSortedRow);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FleetPage::showEmptyState);
}

void FleetPage::setUpTotals()
{
    m_totalsView->setObjectName(QStringLiteral("fleetTotals"));
    m_totalsView->setAccessibleName(tr("Totals of the fleet"));
    makeFlat(m_totalsView);
    m_totalsView->setSelectionMode(QAbstractItemView::NoSelection);
    m_totalsView->setFocusPolicy(Qt::NoFocus);
    m_totalsView->setHeaderHidden(true);
    m_totalsView->setModel(m_totals);
    m_totalsView->header()->setStretchLastSection(false);
    m_totalsView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totalsView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totalsView->setFixedHeight(m_totalsView->sizeHintForRow(0) + 2 * m_totalsView->frameWidth() + 2);
    // Its columns follow the table's, so each total sits under its column whatever the widths and the scroll.
    connect(m_table->header(), &QHeaderView::sectionResized, this, &FleetPage::syncTotalsColumns);
    connect(m_table->header(), &QHeaderView::sectionMoved, this, &FleetPage::syncTotalsColumns);
    connect(m_table->horizontalScrollBar(), &QScrollBar::valueChanged, m_totalsView->horizontalScrollBar(),
            &QScrollBar::setValue);
    syncTotalsColumns();
}

void FleetPage::syncTotalsColumns()
{
    QHeaderView *from = m_table->header();
    QHeaderView *to = m_totalsView->header();
    for (int column = 0; column < FleetModel::ColumnCount; ++column) {
        if (to->visualIndex(column) != from->visualIndex(column))
            to->moveSection(to->visualIndex(column), from->visualIndex(column));
        to->resizeSection(column, from->sectionSize(column));
    }
}

void FleetPage::setUpMatches()
{
    m_matchesView->setObjectName(QStringLiteral("fleetMatches"));
    m_matchesView->setAccessibleName(tr("Matches across the fleet"));
    makeFlat(m_matchesView);
    m_matchesView->setModel(m_matches);
    m_matchesView->header()->setStretchLastSection(false); // the replicas stay beside the state
    const int widths[FleetMatchModel::ColumnCount] = {150, 200, 200, 120, 120};
    for (int column = 0; column < FleetMatchModel::ColumnCount; ++column)
        m_matchesView->header()->resizeSection(column, widths[column]);
    connect(m_matchesView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT openRequested(m_matches->matches()[index.row()].cluster);
    });
    auto *layout = new QVBoxLayout(m_matchesPanel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_matchesLabel);
    layout->addWidget(m_matchesView, 1);
    m_matchesPanel->hide(); // until something is looked for
}

void FleetPage::setRows(std::vector<FleetRow> rows)
{
    const GuiActivity activity("fleet refresh");
    m_windowCosts.assign(rows.size(), nullptr); // another fleet: its window's costs are still to be read
    m_model->setRows(std::move(rows));
    if (!m_filter->text().trimmed().isEmpty())
        m_searchDelay.start();
    if (m_chart->isVisibleTo(this))
        m_chartDelay.start();
}

void FleetPage::updateRow(int index, const FleetRow &row)
{
    const GuiActivity activity("fleet refresh");
    m_model->updateRow(index, row);
    // The matches follow the clusters; a burst of answers is one search, and one that finds what is shown
    // already changes nothing (onFound).
    if (!m_filter->text().trimmed().isEmpty() && !m_searchDelay.isActive())
        m_searchDelay.start();
}

void FleetPage::updateCost(int index, const FleetCostPtr &cost)
{
    const GuiActivity activity("fleet cost");
    m_model->updateCost(index, cost);
    if (m_chart->isVisibleTo(this) && !m_chartDelay.isActive())
        m_chartDelay.start();
}

void FleetPage::updateWindowCost(int index, const FleetWindowCostPtr &cost)
{
    if (index < 0 || size_t(index) >= m_windowCosts.size() || !cost || cost->window != m_chart->window())
        return;
    m_windowCosts[size_t(index)] = cost;
    if (m_chart->isVisibleTo(this) && !m_chartDelay.isActive())
        m_chartDelay.start();
    if (m_exportWaiting && allWindowCostsRead()) {
        m_exportWaiting = false;
        if (!m_chart->isVisibleTo(this))
            Q_EMIT windowCostsNotWanted();
        startDeploymentCsv();
    }
}

void FleetPage::setCostChartShown(bool shown)
{
    if (m_chartButton->isChecked() != shown)
        m_chartButton->setChecked(shown); // toggled comes back here, once
    if (shown == m_chart->isVisibleTo(this))
        return;
    m_chart->setVisible(shown);
    if (shown) {
        // What was read while it was hidden (an export's) may be an hour old: read afresh, shown as it comes.
        m_windowCosts.assign(m_windowCosts.size(), nullptr);
        fillCostChart();
        Q_EMIT windowCostsWanted(m_chart->window(), true);
    } else if (!m_exportWaiting) {
        Q_EMIT windowCostsNotWanted();
    }
}

CostWindow FleetPage::costChartWindow() const
{
    return m_chart->window();
}

void FleetPage::setCostChartWindow(CostWindow window)
{
    if (window == m_chart->window() || window == CostWindow::Live)
        return;
    m_chart->setWindow(window);
    chooseWindow(m_chart->window());
}

// Another window: the bars of the last one are not this one's; its costs are read now, shown as they come.
void FleetPage::chooseWindow(CostWindow window)
{
    m_windowCosts.assign(m_windowCosts.size(), nullptr);
    if (m_chart->isVisibleTo(this))
        fillCostChart();
    askWindowCosts();
    Q_UNUSED(window); // the chart's own, which updateWindowCost compares with
}

void FleetPage::askWindowCosts()
{
    if (m_chart->isVisibleTo(this))
        Q_EMIT windowCostsWanted(m_chart->window(), true);
    else if (m_exportWaiting)
        Q_EMIT windowCostsWanted(m_chart->window(), false);
}

void FleetPage::fillCostChart()
{
    const GuiActivity activity("fleet cost chart");
    m_chart->setData(fleetCostChartDataOf(clusterCosts(), m_chart->window()));
}

bool FleetPage::allWindowCostsRead() const
{
    return std::all_of(
        m_windowCosts.begin(), m_windowCosts.end(),
        [window = m_chart->window()](const FleetWindowCostPtr &cost) { return cost && cost->window == window; });
}

std::vector<FleetClusterCost> FleetPage::clusterCosts() const
{
    std::vector<FleetClusterCost> clusters;
    clusters.reserve(m_model->rows().size());
    for (size_t i = 0; i < m_model->rows().size(); ++i)
        clusters.push_back(
            FleetClusterCost{m_model->rows()[i].name, i < m_windowCosts.size() ? m_windowCosts[i] : nullptr}); // shared
    return clusters;
}

void FleetPage::setOpenCluster(const QString &name)
{
    m_back->setVisible(!name.isEmpty());
    m_back->setText(tr("Back to %1").arg(name));
}

void FleetPage::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void FleetPage::showEmptyState()
{
    const bool empty = m_model->rowCount() == 0;
    m_empty->setVisible(empty);
    m_table->setVisible(!empty);
    m_totalsView->setVisible(!empty);
    m_summary->setText(empty ? QString()
                             : tr("%1 clusters (the saved profiles), each read on its own. Double-click a "
                                  "cluster or a match (or press Enter) to open its tabs.")
                                   .arg(m_model->rowCount()));
}

void FleetPage::openSortedRow(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int row = m_sorted->mapToSource(index).row();
    Q_EMIT openRequested(m_model->rows()[row].name);
}

QString FleetPage::tableCsv() const
{
    QString csv = toCsv(*m_sorted);
    QStringList totals;
    for (int column = 0; column < m_totals->columnCount(); ++column)
        totals << csvField(m_totals->index(0, column).data().toString());
    return csv + totals.join(QLatin1Char(',')) + QLatin1Char('\n');
}

// A few dozen rows: the text is made here, at once.
void FleetPage::exportTable()
{
    saveCsv(tr("Export the fleet as CSV"), QStringLiteral("fleet.csv"), tableCsv());
}

void FleetPage::exportDeploymentCosts()
{
    if (m_csvThread || m_exportWaiting)
        return; // one is being made or read: its dialog comes
    if (m_chart->isVisibleTo(this) && allWindowCostsRead()) {
        startDeploymentCsv(); // the chart's figures, read within the minute
        return;
    }
    m_exportWaiting = true;
    m_exportCosts->setEnabled(false);
    m_exportCosts->setText(tr("Reading the last %1…").arg(costWindowName(m_chart->window())));
    if (!m_chart->isVisibleTo(this)) {
        m_windowCosts.assign(m_windowCosts.size(), nullptr);
        askWindowCosts();
    }
    if (allWindowCostsRead()) { // no clusters
        m_exportWaiting = false;
        startDeploymentCsv();
    }
}

void FleetPage::startDeploymentCsv()
{
    m_exportCosts->setEnabled(true);
    m_exportCosts->setText(tr("Export deployment costs…"));
    auto csv = std::make_shared<QString>();
    m_csvThread = QThread::create([csv, clusters = clusterCosts()] { *csv = fleetDeploymentCostCsv(clusters); });
    connect(m_csvThread, &QThread::finished, this, [this, csv] {
        m_csvThread->deleteLater();
        m_csvThread = nullptr;
        Q_EMIT deploymentCostCsvReady(*csv);
        saveCsv(tr("Export the deployments' costs as CSV"), QStringLiteral("fleet-deployment-costs.csv"), *csv);
    });
    m_csvThread->start();
}

// open(), not getSaveFileName(): the rows go on updating while the operator picks a file, and what is saved is the
// text as it was when asked.
void FleetPage::saveCsv(const QString &title, const QString &fileName, const QString &csv)
{
    auto *dialog = new QFileDialog(this, title, fileName, tr("CSV files (*.csv)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this, title, csv](const QString &path) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv.toUtf8()) < 0 || !file.commit())
            QMessageBox::warning(this, title, tr("Could not write %1: %2").arg(path, file.errorString()));
    });
    dialog->open();
}

void FleetPage::startSearch()
{
    const GuiActivity activity("fleet filter");
    const QString query = m_filter->text().trimmed();
    ++m_generation;
    if (query.isEmpty()) {
        m_matchesPanel->hide();
        m_matches->setMatches({});
        m_shownDigest = 0;
        return;
    }
    if (!m_searchThread) {
        m_searchThread =
            std::make_unique<WorkerThread>(QStringLiteral("FleetSearch"), std::make_unique<FleetSearcher>());
        connect(m_searchThread->worker<FleetSearcher>(), &FleetSearcher::found, this, &FleetPage::onFound);
        m_searchThread->start();
    }
    std::vector<FleetSearchCluster> clusters;
    clusters.reserve(m_model->rows().size());
    for (const FleetRow &row : m_model->rows())
        clusters.push_back(FleetSearchCluster{row.name, row.state, row.snapshot});
    FleetSearcher *searcher = m_searchThread->worker<FleetSearcher>();
    searcher->newest().store(m_generation);
    QMetaObject::invokeMethod(
        searcher,
        [searcher, generation = m_generation, query, clusters = std::move(clusters)] {
            searcher->search(generation, query, clusters);
        },
        Qt::QueuedConnection);
}

void FleetPage::onFound(const FleetSearchResult &result)
{
    const GuiActivity activity("fleet filter matches");
    if (result.generation != m_generation)
        return; // a newer search is on its way
    const int count = static_cast<int>(result.matches->size());
    m_matchesLabel->setText(count == 0 ? tr("Nothing in the fleet matches “%1”.").arg(m_filter->text().trimmed())
                                       : tr("Matches across the fleet: %1").arg(count));
    m_matchesPanel->show();
    if (m_matchesView->model()->rowCount() == count && result.digest == m_shownDigest)
        return; // found what is shown already: the list keeps its scroll and selection
    m_shownDigest = result.digest;
    m_matches->setMatches(result.matches);
}

} // namespace scaledeck
