// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costview.h"

#include "activeleasemodel.h"
#include "clock.h"
#include "deploymentcostmodel.h"
#include "gpuusagechart.h"
#include "guiactivity.h"
#include "pricesdialog.h"
#include "pulledtableview.h"
#include "servingfigures.h"
#include "snapshotrelease.h"

#include <QComboBox>
#include <QDataStream>
#include <QFile>
#include <QFileDialog>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

namespace scaledeck {

namespace {
constexpr int kRefreshMs = 30000;
constexpr int kLiveRefreshMs = 10000;
// The savings line names this many deployments (the table's first ones) and counts the rest: a line of 10,000
// would take the GUI thread longer to lay out and paint than the whole table.
constexpr int kSavingsNamed = 10;

QString gpuHoursText(double hours)
{
    return QLocale(QLocale::English).toString(hours, 'f', 1);
}

// Where a report's figures start, when the history starts after the period asked for: "Tue 24 Nov 19:50", local.
QString historyStartText(const CostReport &report)
{
    return report.fromUtc.toLocalTime().toString(QStringLiteral("ddd d MMM HH:mm"));
}

// Drops the view's reference to a load it no longer shows on a worker thread: when it was the last, freeing
// 10,000 deployments' figures and the window's leases is not the GUI thread's work.
void releaseInBackground(CostOverviewPtr overview)
{
    if (!overview || overview.use_count() > 1)
        return;
    QThreadPool::globalInstance()->start([overview = std::move(overview)]() mutable { overview.reset(); });
}

// A table over its own model (parented to the table), which it pulls the visible rows from. Columns fit their
// contents, measured on the rows in view (a sample of 200 rows was 2,400 cells' texts made at every reset of the
// table, the longest part of a window switch on a slow machine), and rows have one fixed height: thousands of leases
// are one model reset, not a re-measure per cell.
QTableView *makeTable(QAbstractItemModel *model, const QString &objectName)
{
    auto *table = new PulledTableView;
    table->setObjectName(objectName);
    model->setParent(table);
    table->setModel(model);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setResizeContentsPrecision(0); // the rows in view
    // Every column fits its contents and the last takes what is left: on a narrow window the table scrolls
    // sideways rather than cutting the names in its first column to a few letters.
    for (int column = 0; column < model->columnCount(); ++column)
        table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}
// The cost tab's content inside its scroll area. A resizable scroll area makes a widget with a height for each
// width at least that tall. QWidget's answer adds up the parts' preferred heights (the chart's is large), so the
// tab would scroll even on a tall screen; with none, the wrapped labels' second lines were not counted and the
// tables' export buttons were pressed over the tables. The least height the layout needs at that width is the
// answer.
class ScrolledContent : public QWidget {
public:
    int heightForWidth(int width) const override { return layout() ? layout()->totalMinimumHeightForWidth(width) : -1; }
};
} // namespace

QString usageToCsv(const std::vector<UsageSeries> &series)
{
    QStringList header{QStringLiteral("time_utc")};
    std::map<qint64, std::vector<std::optional<double>>> rows; // bucket start -> a value per series
    for (size_t i = 0; i < series.size(); ++i) {
        header.append(csvField(series[i].name));
        for (const UsagePoint &point : series[i].points) {
            auto &row = rows[point.atMs];
            row.resize(series.size());
            row[i] = point.value;
        }
    }
    QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (auto &[atMs, values] : rows) {
        values.resize(series.size());
        QStringList fields{QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toString(Qt::ISODate)};
        for (const std::optional<double> &value : values)
            fields.append(value ? QString::number(*value, 'g', 10) : QString());
        out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

QString formatMoney(double amount, const QString &currency, int decimals)
{
    const QString number = QLocale(QLocale::English).toString(amount, 'f', decimals);
    if (currency == QStringLiteral("USD"))
        return QLatin1Char('$') + number;
    if (currency == QStringLiteral("EUR"))
        return QChar(0x20AC) + number;
    if (currency == QStringLiteral("GBP"))
        return QChar(0x00A3) + number;
    return currency + QLatin1Char(' ') + number;
}

CostView::CostView(QString storePath, const Clock *clock, QWidget *parent)
    : QWidget(parent), m_storePath(std::move(storePath)), m_clock(clock), m_data(std::make_shared<CostOverview>()),
      m_loaderThread(QStringLiteral("CostLoader"), std::make_unique<CostLoader>(), {}, &CostLoader::tearDown)
{
    QLayout *top = buildTopRow();
    QLayout *tiles = buildTiles();
    buildSummaries();
    QWidget *tables = buildTables();
    QLayout *pricesRow = buildPricesRow();

    auto *content = new ScrolledContent;
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(top);
    layout->addLayout(tiles);
    layout->addWidget(m_savings);
    layout->addWidget(m_servingLine);
    layout->addWidget(m_projection);
    layout->addWidget(chartAboveTables(tables), 1);
    layout->addLayout(pricesRow);
    scrollWhenShort(content);

    connectLoader();
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &CostView::refresh);
}

// The loader's stores are closed on its thread before it is joined (WorkerThread).
CostView::~CostView() = default;

// Window, status, export and refresh.
QLayout *CostView::buildTopRow()
{
    buildWindowBox();
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("costStatus"));
    m_status->setWordWrap(true); // beside the buttons on a narrow window
    auto *exportChart = new QPushButton(tr("Export chart CSV…"));
    connect(exportChart, &QPushButton::clicked, this, [this] {
        saveCsv(usageToCsv(m_data->series),
                QStringLiteral("gpu-usage-%1.csv").arg(costWindowName(m_window).remove(QLatin1Char(' '))));
    });
    auto *refreshButton = new QPushButton(tr("Refresh"));
    connect(refreshButton, &QPushButton::clicked, this, &CostView::refresh);
    auto *top = new QHBoxLayout;
    auto *windowLabel = new QLabel(tr("&Window:"));
    windowLabel->setBuddy(m_windowBox);
    top->addWidget(windowLabel);
    top->addWidget(m_windowBox);
    top->addStretch();
    top->addWidget(m_status);
    top->addWidget(exportChart);
    top->addWidget(refreshButton);
    return top;
}

// The windows to choose from; the last day is chosen at first.
void CostView::buildWindowBox()
{
    m_windowBox = new QComboBox;
    m_windowBox->setObjectName(QStringLiteral("costWindow"));
    const CostWindow windows[] = {CostWindow::Hour, CostWindow::Day, CostWindow::Week, CostWindow::Month,
                                  CostWindow::Live};
    for (CostWindow window : windows) {
        const QString label =
            window == CostWindow::Live ? tr("Live (last 10 min)") : tr("Last %1").arg(costWindowName(window));
        m_windowBox->addItem(label, int(window));
    }
    m_windowBox->setCurrentIndex(1);
    connect(m_windowBox, &QComboBox::activated, this,
            [this](int index) { setWindow(CostWindow(m_windowBox->itemData(index).toInt())); });
}

// Today, this week, this month.
QLayout *CostView::buildTiles()
{
    auto *tiles = new QHBoxLayout;
    const QString titles[] = {tr("Today"), tr("This week"), tr("This month")};
    for (int i = 0; i < 3; ++i)
        tiles->addWidget(buildTile(i, titles[i]));
    return tiles;
}

// One tile: its title, the amount in large bold type, and the GPU-hours under it.
QFrame *CostView::buildTile(int period, const QString &title)
{
    auto *frame = new QFrame;
    frame->setFrameShape(QFrame::StyledPanel);
    auto *box = new QVBoxLayout(frame);
    box->setContentsMargins(10, 6, 10, 6);
    box->setSpacing(0);
    auto *titleLabel = new QLabel(title);
    m_tileValues[period] = new QLabel(QStringLiteral("–"));
    m_tileValues[period]->setObjectName(QStringLiteral("costTile%1").arg(period));
    QFont big = m_tileValues[period]->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_tileValues[period]->setFont(big);
    m_tileDetails[period] = new QLabel;
    m_tileDetails[period]->setWordWrap(true); // "… · since Fri 4 Dec 10:17" would widen three tiles past 900 px
    m_tileDetails[period]->setForegroundRole(QPalette::PlaceholderText);
    box->addWidget(titleLabel);
    box->addWidget(m_tileValues[period]);
    box->addWidget(m_tileDetails[period]);
    return frame;
}

// The usage chart and the savings and projection lines.
void CostView::buildSummaries()
{
    m_chart = new GpuUsageChart;
    m_chart->setObjectName(QStringLiteral("gpuUsageChart"));
    m_savings = new QLabel;
    m_savings->setObjectName(QStringLiteral("costSavings"));
    m_savings->setWordWrap(true);
    m_servingLine = new QLabel;
    m_servingLine->setObjectName(QStringLiteral("costServing"));
    m_servingLine->setWordWrap(true);
    m_projection = new QLabel;
    m_projection->setObjectName(QStringLiteral("costProjection"));
    m_projection->setWordWrap(true);
}

// The two tables side by side, each with its export button.
QWidget *CostView::buildTables()
{
    m_deploymentRows = new DeploymentCostModel;
    m_deployments = makeTable(m_deploymentRows, QStringLiteral("costDeployments"));
    m_deployments->setToolTip(tr("Always-on is the count the savings are measured against: the peak, or a count "
                                 "you set (right-click a deployment)."));
    m_deployments->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_deployments, &QWidget::customContextMenuRequested, this, &CostView::deploymentMenu);
    // A header click sorts; until then the rows keep the overview's order (no column is sorted on).
    m_deployments->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_deployments->setSortingEnabled(true);
    m_leaseRows = new ActiveLeaseModel;
    m_leases = makeTable(m_leaseRows, QStringLiteral("costLeases"));
    auto *tables = new QSplitter(Qt::Horizontal);
    tables->setObjectName(QStringLiteral("costTablesSplitter"));
    m_tablesSplitter = tables;
    tables->addWidget(tableBox(tr("Deployments in the window"), m_deployments, QStringLiteral("deployment-costs.csv")));
    tables->addWidget(tableBox(tr("Active leases"), m_leases, QStringLiteral("active-leases.csv")));
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    return tables;
}

// The chart above the tables, with a splitter between them: the operator gives the room to whichever they read.
// Neither can be squeezed away: the chart keeps a readable height and the tables room for five rows. (The savings
// and projection lines stay out of the splitter: a wrapped label in a pane it cannot grow would be cut.)
QSplitter *CostView::chartAboveTables(QWidget *tables)
{
    m_chart->setMinimumHeight(140);
    for (QTableView *table : {m_deployments, m_leases})
        table->setMinimumHeight(heightForRows(table, 5));
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("costSplitter"));
    m_splitter->addWidget(m_chart);
    m_splitter->addWidget(tables);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    return m_splitter;
}

// On a short screen (600 px) the parts' minimum heights add up to more than the tab has: the tab scrolls rather
// than pressing the parts over each other or pushing the window past the screen.
void CostView::scrollWhenShort(QWidget *content)
{
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("costScroll"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

QByteArray CostView::saveSplitters() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_splitter->saveState() << m_tablesSplitter->saveState();
    return state;
}

void CostView::restoreSplitters(const QByteArray &state)
{
    QDataStream in(state);
    QByteArray chartAndTables;
    QByteArray tables;
    in >> chartAndTables >> tables;
    if (in.status() != QDataStream::Ok)
        return; // never saved, or not by this version: the splitters stay as they are
    m_splitter->restoreState(chartAndTables);
    m_tablesSplitter->restoreState(tables);
}

// The height `table` needs to show its header and `rows` rows, and the scroll bar under them a narrow window gives
// a table of many columns.
int CostView::heightForRows(const QTableView *table, int rows)
{
    return table->horizontalHeader()->sizeHint().height() + rows * table->verticalHeader()->defaultSectionSize() +
           table->horizontalScrollBar()->sizeHint().height() + 2 * table->frameWidth();
}

// A titled box around `table`, with a button that exports it as `fileName`.
QGroupBox *CostView::tableBox(const QString &title, QTableView *table, const QString &fileName)
{
    auto *group = new QGroupBox(title);
    table->setAccessibleName(title);
    auto *layout = new QVBoxLayout(group);
    auto *exportButton = new QPushButton(tr("Export CSV…"));
    connect(exportButton, &QPushButton::clicked, this, [this, table, fileName] {
        if (table == m_deployments)
            exportTable(*m_deploymentRows, fileName);
        else
            exportTable(*m_leaseRows, fileName);
    });
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(exportButton);
    layout->addWidget(table);
    layout->addLayout(row);
    return group;
}

// Prices: a summary and the editor.
QLayout *CostView::buildPricesRow()
{
    m_pricesSummary = new QLabel;
    m_pricesSummary->setObjectName(QStringLiteral("costPrices"));
    m_editPrices = new QPushButton(tr("Prices…"));
    m_editPrices->setObjectName(QStringLiteral("costEditPrices"));
    connect(m_editPrices, &QPushButton::clicked, this, &CostView::editPrices);
    auto *pricesRow = new QHBoxLayout;
    pricesRow->addWidget(m_pricesSummary, 1);
    pricesRow->addWidget(m_editPrices);
    return pricesRow;
}

// The loader's answers arrive queued from its thread, which runs from here on.
void CostView::connectLoader()
{
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    connect(loader, &CostLoader::loaded, this, &CostView::apply);
    connect(loader, &CostLoader::servingLoaded, this, &CostView::applyServing);
    connect(loader, &CostLoader::pricesSaved, this, [this](const QString &error) {
        Q_EMIT pricesSaved(error);
        if (!error.isEmpty())
            showWarning(tr("Cost settings"), tr("Not saved: %1").arg(error));
        refresh();
    });
    m_loaderThread.start();
}

void CostView::setCluster(const QString &clusterKey, WriteGuard guard)
{
    m_clusterKey = clusterKey;
    m_guard = guard;
    m_editPrices->setEnabled(!guard.isReadOnly());
    m_editPrices->setToolTip(guard.isReadOnly() ? readOnlyToolTip() : QString());
    releaseSnapshotInBackground(std::exchange(m_snapshot, nullptr)); // another cluster's deployments
    releaseInBackground(std::exchange(m_data, std::make_shared<CostOverview>()));
    refresh();
}

void CostView::setSnapshot(SnapshotPtr snapshot)
{
    // Call it before the model lets go of the previous snapshot, so that the model frees it off this thread.
    releaseSnapshotInBackground(std::exchange(m_snapshot, std::move(snapshot)));
}

void CostView::setPrometheus(const QUrl &url)
{
    if (url == m_prometheus)
        return;
    m_prometheus = url;
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    QMetaObject::invokeMethod(
        loader, [loader, url] { loader->setPrometheus(url); }, Qt::QueuedConnection);
    m_serving = ServingFigures(); // another source's figures are not these
    refresh();
}

void CostView::setController(const ControllerConnection &controller)
{
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    QMetaObject::invokeMethod(
        loader, [loader, controller] { loader->setController(controller); }, Qt::QueuedConnection);
}

void CostView::setWindow(CostWindow window)
{
    m_window = window;
    const int index = m_windowBox->findData(int(window));
    if (index >= 0)
        m_windowBox->setCurrentIndex(index);
    updateTimer();
    refresh();
}

void CostView::refresh()
{
    if (m_clusterKey.isEmpty())
        return;
    if (m_inFlight) {
        m_reloadPending = true; // one at a time: the answer in flight is followed by one more load
        return;
    }
    CostOverviewRequest request;
    request.serial = ++m_serial;
    request.clusterKey = m_clusterKey;
    request.window = m_window;
    request.nowUtc = m_clock->nowUtc();
    request.snapshot = m_snapshot;
    m_inFlight = true;
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    QMetaObject::invokeMethod(
        loader, [loader, storePath = m_storePath, request] { loader->load(storePath, request); }, Qt::QueuedConnection);
}

void CostView::savePrices(const PriceList &prices)
{
    if (m_clusterKey.isEmpty())
        return;
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    const QString path = m_storePath;
    const QString key = m_clusterKey;
    const WriteGuard guard = m_guard;
    QMetaObject::invokeMethod(
        loader, [loader, path, key, prices, guard] { loader->savePrices(path, key, prices, guard); },
        Qt::QueuedConnection);
}

void CostView::saveAlwaysOn(const QString &target, std::optional<int> replicas)
{
    saveAlwaysOn(m_clusterKey, m_guard, target, replicas);
}

void CostView::saveAlwaysOn(const QString &key, const WriteGuard &guard, const QString &target,
                            std::optional<int> replicas)
{
    if (key.isEmpty())
        return;
    CostLoader *loader = m_loaderThread.worker<CostLoader>();
    const QString path = m_storePath;
    QMetaObject::invokeMethod(
        loader,
        [loader, path, key, target, replicas, guard] { loader->saveAlwaysOn(path, key, target, replicas, guard); },
        Qt::QueuedConnection);
}

QStringList CostView::seenAcceleratorTypes() const
{
    QStringList types = m_data->inWindow.accelerators;
    for (const GpuLease &lease : m_data->activeLeases) {
        if (!lease.accelerator.isEmpty() && !types.contains(lease.accelerator))
            types.append(lease.accelerator);
    }
    types.sort();
    return types;
}

void CostView::editPrices()
{
    if (m_clusterKey.isEmpty())
        return;
    // open(), not exec(): the Cost tab's background reloads go on while the operator types.
    auto *dialog = new PricesDialog(m_data->prices, seenAcceleratorTypes(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, key = m_clusterKey] {
        if (key == m_clusterKey) // prices typed for one cluster are not saved for the next one connected
            savePrices(dialog->prices());
    });
    dialog->open();
}

QString CostView::readOnlyToolTip()
{
    return tr("This profile is read-only: prices and always-on counts cannot be changed");
}

void CostView::deploymentMenu(const QPoint &position)
{
    const DeploymentCost *row = m_deploymentRows->rowAt(m_deployments->rowAt(position.y()));
    if (!row)
        return;
    // Copies only: the menu and the count's input stay open while reloads replace m_data and another cluster
    // may be connected, so nothing below may refer to the rows or to the cluster shown when the count is typed.
    const AlwaysOnQuestion question{m_clusterKey, m_guard, row->app + QLatin1Char('/') + row->deployment,
                                    row->peakReplicas, row->alwaysOnReplicas};
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true); // a disabled entry says why
    QAction *set = menu->addAction(tr("Set always-on count for %1…").arg(question.target));
    QAction *peak = menu->addAction(tr("Compare with its peak (%1)").arg(question.peakReplicas));
    peak->setEnabled(row->alwaysOnConfigured);
    if (m_guard.isReadOnly()) {
        for (QAction *action : {set, peak}) {
            action->setEnabled(false);
            action->setToolTip(readOnlyToolTip());
        }
    }
    connect(set, &QAction::triggered, this, [this, question] { askAlwaysOnCount(question); });
    connect(peak, &QAction::triggered, this,
            [this, question] { saveAlwaysOn(question.clusterKey, question.guard, question.target, std::nullopt); });
    // popup(), not exec(): a nested event loop here would run reloads under the rows read above.
    menu->popup(m_deployments->viewport()->mapToGlobal(position));
}

void CostView::askAlwaysOnCount(const AlwaysOnQuestion &question)
{
    auto *input = new QInputDialog(this);
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setInputMode(QInputDialog::IntInput);
    input->setWindowTitle(tr("Always-on count"));
    input->setLabelText(tr("Replicas %1 would run around the clock without scaling\n(its peak in the window: %2):")
                            .arg(question.target)
                            .arg(question.peakReplicas));
    input->setIntRange(0, 100000);
    input->setIntValue(question.alwaysOnReplicas);
    // The count belongs to the cluster it was asked for, even if another one is connected while it is typed.
    connect(input, &QInputDialog::intValueSelected, this,
            [this, question](int count) { saveAlwaysOn(question.clusterKey, question.guard, question.target, count); });
    input->open();
}

// O(1) in the number of deployments and leases but for the savings line's scan: the tables pull their visible
// rows from the shared overview, and the previous one is freed on a worker thread.
void CostView::apply(const CostLoadPtr &load)
{
    GuiActivity activity("cost view apply");
    m_inFlight = false;
    if (m_reloadPending) {
        m_reloadPending = false;
        refresh();
    }
    const CostOverviewPtr &data = load->overview;
    if (!data || data->serial != m_serial || data->clusterKey != m_clusterKey)
        return; // a newer request is on its way
    CostOverviewPtr previous = std::exchange(m_data, data);
    m_deploymentRowsKey = load->deploymentRowsKey;
    m_deploymentNameOrders = load->deploymentNameOrders;
    // The traffic figures of the same cluster and window stay until the new ones arrive (a refresh does not blank
    // them); another window's would be wrong.
    if (m_serving.clusterKey != m_data->clusterKey || m_serving.window != m_data->window)
        m_serving = ServingFigures();
    showFigures();
    m_chart->setData(load->chart);
    showSavings();
    showProjection();
    fillDeployments();
    showServing();
    m_leaseRows->setOverview(m_data, load->leaseRowsKey);
    m_pricesSummary->setText(pricesSummary(m_data->prices));
    showStatus();
    releaseInBackground(std::move(previous)); // after the models let go of it
    Q_EMIT dataApplied();
}

// The tiles: today, this week, this month.
void CostView::showFigures()
{
    const QString &currency = m_data->prices.currency;
    const CostReport *reports[] = {&m_data->today, &m_data->week, &m_data->month};
    for (int i = 0; i < 3; ++i) {
        m_tileValues[i]->setText(formatMoney(reports[i]->cost, currency));
        QString detail = tr("%1 GPU-h held · %2 GPU-h idle")
                             .arg(gpuHoursText(reports[i]->gpuHours), gpuHoursText(reports[i]->idleGpuHours));
        if (reports[i]->startsAfterAsked()) // the month, say, of a history that began this week
            detail += tr(" · since %1").arg(historyStartText(*reports[i]));
        m_tileDetails[i]->setText(detail);
    }
}

// What each deployment saved against always-on: the first kSavingsNamed of the table, the rest counted and summed.
void CostView::showSavings()
{
    const QString &currency = m_data->prices.currency;
    QStringList savings;
    int more = 0;
    double moreSaved = 0;
    for (const DeploymentCost &row : m_data->inWindow.deployments) {
        if (row.alwaysOnGpuHours <= 0)
            continue;
        const double saved = std::max(0.0, row.alwaysOnCost - row.cost);
        if (savings.size() == kSavingsNamed) {
            ++more;
            moreSaved += saved;
            continue;
        }
        savings.append(
            tr("%1/%2: %3 of always-on, saved %4")
                .arg(row.app, row.deployment, QString::number(row.reduction, 'f', 2), formatMoney(saved, currency)));
    }
    if (more > 0)
        savings.append(tr("%n more saved %1 (see the table)", nullptr, more).arg(formatMoney(moreSaved, currency)));
    // A window longer than the history: the figures cover the part since the history starts, and say so.
    QString span = costWindowName(m_window);
    if (m_data->inWindow.startsAfterAsked())
        span += tr(", history since %1: %2 h")
                    .arg(historyStartText(m_data->inWindow), gpuHoursText(m_data->inWindow.periodHours));
    m_savings->setText(savings.isEmpty() ? tr("Savings (%1): nothing held GPUs in the window.").arg(span)
                                         : tr("Savings (%1): %2").arg(span, savings.join(QStringLiteral("  ·  "))));
}

void CostView::showProjection()
{
    const QString &currency = m_data->prices.currency;
    const QString lastWeek =
        tr("last week, actual: %1 GPU-h, %2")
            .arg(gpuHoursText(m_data->lastWeekGpuHours), formatMoney(m_data->lastWeekCost, currency));
    m_projection->setText(m_data->hasProjection ? tr("Next week, projected from the schedules: %1 GPU-h, %2  ·  %3")
                                                      .arg(gpuHoursText(m_data->projectedGpuHours),
                                                           formatMoney(m_data->projectedCost, currency), lastWeek)
                                                : tr("Next week: no schedules stored  ·  %1").arg(lastWeek));
}

void CostView::showStatus()
{
    const QString updated = QLocale().toString(m_data->nowUtc.toLocalTime().time(), QLocale::ShortFormat);
    QString status = tr("Updated %1").arg(updated);
    // A window partly without history: say so, since capacity and idle count only the recorded part.
    const CostReport &window = m_data->inWindow;
    if (window.historyIncomplete())
        status += tr(" · history covers %1 of %2 h")
                      .arg(gpuHoursText(window.recordedHours), gpuHoursText(window.periodHours));
    if (!m_data->error.isEmpty())
        status += tr(", with errors: %1").arg(m_data->error);
    m_status->setText(status);
}

void CostView::fillDeployments()
{
    m_deploymentRows->setOverview(m_data, std::make_shared<const ServingFigures>(shownServing()), m_deploymentRowsKey,
                                  m_deploymentNameOrders);
}

// Prometheus answered for a load: shown if it is the load on screen (an older one's answer is dropped).
void CostView::applyServing(const ServingFigures &figures)
{
    GuiActivity activity("cost serving figures");
    if (figures.serial != m_data->serial || figures.clusterKey != m_clusterKey)
        return;
    m_serving = figures;
    fillDeployments();
    showServing();
    Q_EMIT servingApplied();
}

void CostView::showServing()
{
    m_servingLine->setText(ServingColumns::summary(shownServing()));
}

// Without a Prometheus there is nothing to wait for: the figures are unknown from the start.
ServingFigures CostView::shownServing() const
{
    ServingFigures shown = m_serving;
    if (shown.state == ServingFigures::State::Waiting && m_prometheus.isEmpty())
        shown.state = ServingFigures::State::NoPrometheus;
    return shown;
}

// The CSV of a whole table is made on a worker thread, from a copy of its model over the same shared rows: 10,000
// rows' texts are not the GUI thread's work. The file dialog opens when it is done.
template <typename Model> void CostView::exportTable(const Model &model, const QString &suggestedName)
{
    std::shared_ptr<Model> copy = model.copyOf();
    QPointer<CostView> self(this);
    QThreadPool::globalInstance()->start([self, copy = std::move(copy), suggestedName]() mutable {
        const QString csv = toCsv(*copy);
        copy.reset();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, csv, suggestedName] {
                if (self)
                    self->saveCsv(csv, suggestedName);
            },
            Qt::QueuedConnection);
    });
}

void CostView::saveCsv(const QString &csv, const QString &suggestedName)
{
    // open(), not getSaveFileName(): the table's text is taken now, and reloads go on while the operator
    // picks a file.
    auto *dialog = new QFileDialog(this, tr("Export CSV"), suggestedName, tr("CSV files (*.csv)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this, csv](const QString &path) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv.toUtf8()) < 0 || !file.commit())
            showWarning(tr("Export CSV"), tr("Could not write %1: %2").arg(path, file.errorString()));
    });
    dialog->open();
}

void CostView::showWarning(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void CostView::updateTimer()
{
    m_timer.setInterval(m_window == CostWindow::Live ? kLiveRefreshMs : kRefreshMs);
    if (isVisible())
        m_timer.start();
}

void CostView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateTimer();
    refresh();
}

void CostView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

QString CostView::tileText(int period) const
{
    return period >= 0 && period < 3 ? m_tileValues[period]->text() : QString();
}

QString CostView::tileDetailText(int period) const
{
    return period >= 0 && period < 3 ? m_tileDetails[period]->text() : QString();
}

QString CostView::pricesSummary(const PriceList &prices)
{
    QString text = tr("Prices: %1 per GPU-hour").arg(formatMoney(prices.gpuHour, prices.currency));
    QStringList typed;
    for (const auto &[type, price] : prices.gpuHourByAccelerator)
        typed.append(QStringLiteral("%1 %2").arg(type, formatMoney(price, prices.currency)));
    if (!typed.isEmpty())
        text += tr(" (%1)").arg(typed.join(QStringLiteral(", ")));
    text += prices.cpuHour ? tr(", %1 per CPU-hour").arg(formatMoney(*prices.cpuHour, prices.currency))
                           : tr(", CPUs not priced");
    return text;
}

QString CostView::savingsText() const
{
    return m_savings->text();
}
QString CostView::pricesText() const
{
    return m_pricesSummary->text();
}
QString CostView::projectionText() const
{
    return m_projection->text();
}
QString CostView::servingText() const
{
    return m_servingLine->text();
}
QString CostView::statusText() const
{
    return m_status->text();
}
const QAbstractItemModel *CostView::deploymentModel() const
{
    return m_deploymentRows;
}
const QAbstractItemModel *CostView::leaseModel() const
{
    return m_leaseRows;
}

} // namespace scaledeck
