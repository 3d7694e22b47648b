// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustertreeview.h"

#include "clustermodel.h"
#include "parkbuttoncell.h"
#include "replicaeditor.h"
#include "sparklinedelegate.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <QSet>
#include <QStyledItemDelegate>

#include <algorithm>

namespace scaledeck {

namespace {
// Rows with and without editors get the same height, so the tree does not look ragged and rows do
// not jump when an application is parked (its editors go away) or unparked.
class EditorRowHeightDelegate : public QStyledItemDelegate {
public:
    EditorRowHeightDelegate(int rowHeight, QObject *parent) : QStyledItemDelegate(parent), m_rowHeight(rowHeight) {}
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setHeight(std::max(size.height(), m_rowHeight));
        return size;
    }

private:
    int m_rowHeight;
};

// The columns whose texts are statuses or counts the operator must read whole ("RUNNING → PARKED", "2/2 → 3").
// The name and schedule columns may cut a long text; their tooltips carry it in full.
constexpr int fittedColumns[] = {ClusterModel::StatusColumn, ClusterModel::ReplicasColumn,
                                 ClusterModel::GpusPerReplicaColumn, ClusterModel::GpusHeldColumn,
                                 ClusterModel::AutoscalingColumn};

bool changesText(const QList<int> &roles)
{
    return roles.isEmpty() || roles.contains(Qt::DisplayRole) || roles.contains(Qt::FontRole);
}
} // namespace

ClusterTreeView::ClusterTreeView(QWidget *parent) : QTreeView(parent)
{
    setItemDelegate(new EditorRowHeightDelegate(ReplicaEditor().sizeHint().height(), this));
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    // The delegate above gives every row the editor's height, so the view may take one row's height for
    // all rows instead of asking each row (which, with thousands of rows, made every relayout slow).
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers); // all editing goes through the index widgets
    setAccessibleName(tr("Applications and deployments"));

    m_editorSync.setSingleShot(true);
    m_editorSync.setInterval(0);
    connect(&m_editorSync, &QTimer::timeout, this, &ClusterTreeView::syncEditorsNearViewport);
    // What brings other rows near the viewport. Resizes and relayouts arrive through updateGeometries().
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ClusterTreeView::scheduleEditorSync);
    connect(this, &QTreeView::expanded, this, &ClusterTreeView::scheduleEditorSync);
    connect(this, &QTreeView::collapsed, this, &ClusterTreeView::scheduleEditorSync);
}

void ClusterTreeView::setClusterModel(ClusterModel *model)
{
    m_model = model;
    setModel(model);
    m_editorCells.clear();
    QHeaderView *columns = header();
    columns->setStretchLastSection(true);
    columns->setMinimumSectionSize(60);
    const std::pair<int, int> widths[] = {
        {ClusterModel::NameColumn, 210},
        {ClusterModel::StatusColumn, 130},
        {ClusterModel::ReplicasColumn, 160},
        {ClusterModel::GpusPerReplicaColumn, 95},
        {ClusterModel::GpusHeldColumn, 85},
        {ClusterModel::AutoscalingColumn, 95},
        {ClusterModel::ScheduleColumn, 230},
        // The traffic figures ("12.4", "0.52 %", "46 ms") are short; the sparkline needs no more than a glance.
        {ClusterModel::RequestsColumn, 70},
        {ClusterModel::ErrorsColumn, 70},
        {ClusterModel::P95Column, 70},
        {ClusterModel::TrendColumn, 90},
    };
    for (const auto &[column, width] : widths)
        setColumnWidth(column, width);
    placeEditorColumnBesideNames();
    placeTrafficBesideReplicas();
    setItemDelegateForColumn(ClusterModel::TrendColumn,
                             new SparklineDelegate(model, ReplicaEditor().sizeHint().height(), this));
    fitAllTextColumns(); // the model may have rows already
    expandAll();
    scheduleEditorSync();
}

// The editors come right after the names, so on a narrow window (900 px) a slider never scrolls away from the
// name it sets: "LLM [slider] 2" reads as one. Only the header's visual order moves; the model's columns stay.
// (A frozen name column would need a second view laid over this one, sharing its selection and scrolling, for
// the same result.) The editor column is as wide as an editor showing a pending edit ("2 → 3").
void ClusterTreeView::placeEditorColumnBesideNames()
{
    QHeaderView *columns = header();
    columns->moveSection(columns->visualIndex(ClusterModel::TargetColumn), ClusterModel::NameColumn + 1);
    const int pendingLabel = fontMetrics().horizontalAdvance(QStringLiteral("99 → ")) + 6;
    const int editorWidth = ReplicaEditor().sizeHint().width() + pendingLabel;
    setColumnWidth(ClusterModel::TargetColumn, std::max(editorWidth, ParkButtonCell().sizeHint().width()));
}

// The traffic a deployment serves reads best beside its replicas: the model keeps its columns last (so layouts
// saved before them still restore), and the header shows them right after the replica counts.
void ClusterTreeView::placeTrafficBesideReplicas()
{
    QHeaderView *columns = header();
    int after = columns->visualIndex(ClusterModel::ReplicasColumn);
    for (const int column :
         {ClusterModel::RequestsColumn, ClusterModel::ErrorsColumn, ClusterModel::P95Column, ClusterModel::TrendColumn})
        columns->moveSection(columns->visualIndex(column), ++after);
}

ReplicaEditor *ClusterTreeView::replicaEditor(const QString &app, const QString &deployment)
{
    if (!m_model)
        return nullptr;
    const QModelIndex cell = m_model->deploymentIndex(app, deployment, ClusterModel::TargetColumn);
    if (!cell.isValid())
        return nullptr;
    scrollTo(cell); // only rows near the viewport have editors
    syncEditorsNearViewport();
    return qobject_cast<ReplicaEditor *>(indexWidget(cell));
}

void ClusterTreeView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QTreeView::rowsInserted(parent, start, end);
    fitTextColumns(parent, start, end);
    // A new application arrives open, so its deployments are visible. Inserting top-level rows leaves a
    // relayout pending, and until it runs expand() only records the row: a batch costs one layout.
    if (!parent.isValid())
        for (int row = start; row <= end; ++row)
            expand(model()->index(row, 0));
    scheduleEditorSync();
}

void ClusterTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    QTreeView::dataChanged(topLeft, bottomRight, roles);
    if (topLeft.isValid() && changesText(roles) && topLeft.column() <= ClusterModel::AutoscalingColumn &&
        bottomRight.column() >= ClusterModel::StatusColumn)
        fitTextColumns(topLeft.parent(), topLeft.row(), bottomRight.row());
    if (!topLeft.isValid() || bottomRight.column() < ClusterModel::TargetColumn ||
        topLeft.column() > ClusterModel::TargetColumn) // traffic figures: no editor shows them
        return;
    // Widgets show the change at once; rows without one read the model when they scroll in.
    const QModelIndex parent = topLeft.parent();
    for (const QPersistentModelIndex &cell : std::vector(m_editorCells)) // a copy: a sync may drop a widget
        if (cell.isValid() && cell.parent() == parent && cell.row() >= topLeft.row() && cell.row() <= bottomRight.row())
            syncRowEditor(cell);
    scheduleEditorSync(); // a row may now want a widget it had none for (its application was unparked)
}

void ClusterTreeView::reset()
{
    QTreeView::reset(); // releases every index widget
    m_editorCells.clear();
    expandAll();
    fitAllTextColumns();
    scheduleEditorSync();
}

void ClusterTreeView::changeEvent(QEvent *event)
{
    QTreeView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        m_plainTextWidths.clear();
        fitAllTextColumns();
    }
}

void ClusterTreeView::fitTextColumns(const QModelIndex &parent, int first, int last)
{
    if (!m_model)
        return;
    int wanted[ClusterModel::ColumnCount] = {};
    const auto measure = [&](const QModelIndex &row) {
        for (const int column : fittedColumns)
            wanted[column] = std::max(wanted[column], textWidth(row.siblingAtColumn(column)));
    };
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        measure(index);
        if (!parent.isValid()) // a new application brings its deployments with it
            for (int child = 0, count = m_model->rowCount(index); child < count; ++child)
                measure(m_model->index(child, 0, index));
    }
    for (const int column : fittedColumns)
        if (wanted[column] > columnWidth(column))
            setColumnWidth(column, wanted[column]);
}

// What the delegate asks for a cell's text: its font (bold while an edit is pending) and the style's margins.
int ClusterTreeView::textWidth(const QModelIndex &cell)
{
    const QString text = cell.data(Qt::DisplayRole).toString();
    if (text.isEmpty())
        return 0;
    const int margins = 2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 1) + 1;
    const QVariant font = cell.data(Qt::FontRole);
    if (font.isValid()) // rare: a row with a pending edit
        return QFontMetrics(qvariant_cast<QFont>(font).resolve(this->font())).horizontalAdvance(text) + margins;
    // The same few texts ("HEALTHY", "2/2") fill most rows: each is measured once (until the font changes).
    auto known = m_plainTextWidths.constFind(text);
    if (known == m_plainTextWidths.constEnd()) {
        if (m_plainTextWidths.size() > 4096) // counts are many on a large cluster; keep the cache small
            m_plainTextWidths.clear();
        known = m_plainTextWidths.insert(text, fontMetrics().horizontalAdvance(text) + margins);
    }
    return *known;
}

void ClusterTreeView::fitAllTextColumns()
{
    if (m_model && m_model->rowCount() > 0)
        fitTextColumns({}, 0, m_model->rowCount() - 1);
}

void ClusterTreeView::updateGeometries()
{
    QTreeView::updateGeometries();
    scheduleEditorSync();
}

void ClusterTreeView::scheduleEditorSync()
{
    if (!m_editorSync.isActive())
        m_editorSync.start();
}

void ClusterTreeView::syncEditorsNearViewport()
{
    m_editorSync.stop();
    if (!m_model)
        return;
    QSet<QModelIndex> wanted;
    for (const QModelIndex &row : rowsNearViewport()) {
        const QModelIndex cell = row.siblingAtColumn(ClusterModel::TargetColumn);
        wanted.insert(cell);
        if (!indexWidget(cell))
            syncRowEditor(cell); // rows that have a widget are kept current by dataChanged()
    }
    // Widgets of rows that scrolled far away go, except the one the operator is working in.
    const QWidget *focus = QApplication::focusWidget();
    for (const QPersistentModelIndex &cell : std::vector(m_editorCells)) {
        if (!cell.isValid() || wanted.contains(cell))
            continue;
        const QWidget *widget = indexWidget(cell);
        if (!(widget && focus && widget->isAncestorOf(focus)))
            removeCellWidget(cell);
    }
    // The view released the widgets of rows the model removed.
    std::erase_if(m_editorCells, [](const QPersistentModelIndex &cell) { return !cell.isValid(); });
}

// The rows in the viewport and a few on either side, so that scrolling by a little finds them ready.
std::vector<QModelIndex> ClusterTreeView::rowsNearViewport() const
{
    constexpr int marginRows = 5;
    std::vector<QModelIndex> rows;
    const QModelIndex top = indexAt(QPoint(0, 0)); // lays out first if a layout is pending
    if (!top.isValid())
        return rows;
    QModelIndex row = top.siblingAtColumn(0);
    for (int i = 0; i < marginRows; ++i) {
        const QModelIndex above = indexAbove(row);
        if (!above.isValid())
            break;
        row = above;
    }
    const int rowHeight = std::max(1, visualRect(top).height()); // uniform: one row's height is every row's
    const int count = viewport()->height() / rowHeight + 2 + 2 * marginRows;
    for (int i = 0; i < count && row.isValid(); ++i, row = indexBelow(row))
        rows.push_back(row);
    return rows;
}

void ClusterTreeView::syncRowEditor(const QModelIndex &rowIndex)
{
    const QModelIndex cell = rowIndex.siblingAtColumn(ClusterModel::TargetColumn);
    if (!cell.isValid())
        return;
    if (cell.data(ClusterModel::IsDeploymentRole).toBool())
        syncDeploymentEditor(cell);
    else
        syncApplicationButton(cell);
}

void ClusterTreeView::syncDeploymentEditor(const QModelIndex &cell)
{
    const bool wanted =
        cell.data(ClusterModel::DeclarativeRole).toBool() && !cell.data(ClusterModel::ParkedRole).toBool();
    auto *editor = qobject_cast<ReplicaEditor *>(indexWidget(cell));
    if (!wanted) {
        removeCellWidget(cell);
        return;
    }
    if (!editor) {
        editor = new ReplicaEditor;
        editor->setTargetName(cell.data(ClusterModel::AppNameRole).toString() + QLatin1Char('/') +
                              cell.data(ClusterModel::DeploymentNameRole).toString());
        const QPersistentModelIndex where(cell);
        connect(editor, &ReplicaEditor::valueEdited, this, [this, where](int replicas) {
            if (where.isValid())
                Q_EMIT replicasEdited(where.data(ClusterModel::AppNameRole).toString(),
                                      where.data(ClusterModel::DeploymentNameRole).toString(), replicas);
        });
        setCellWidget(cell, editor);
    }
    // All from the model, so an editor created for a row that scrolls back in shows its pending edit.
    editor->setRange(cell.data(ClusterModel::EditorMaximumRole).toInt());
    editor->setValue(cell.data(ClusterModel::TargetReplicasRole).toInt());
    editor->setCurrentTarget(cell.data(ClusterModel::CurrentTargetRole).toInt());
    editor->setEnabled(cell.data(ClusterModel::EditableRole).toBool());
    const QString why = whyNotEditable();
    const QString toolTip = editor->isEnabled()
                                ? tr("Target replicas; 0 parks the application unless it has an external scaler.\n%1.")
                                      .arg(cell.data(ClusterModel::EditorRangeReasonRole).toString())
                                : (why.isEmpty() ? tr("Not editable here") : why);
    if (editor->toolTip() != toolTip)
        editor->setToolTip(toolTip);
}

void ClusterTreeView::syncApplicationButton(const QModelIndex &cell)
{
    if (!cell.data(ClusterModel::DeclarativeRole).toBool()) {
        removeCellWidget(cell); // imperative: the cell's text says why there is nothing to press
        return;
    }
    auto *park = qobject_cast<ParkButtonCell *>(indexWidget(cell));
    if (!park) {
        park = new ParkButtonCell;
        park->setApplicationName(cell.data(ClusterModel::AppNameRole).toString());
        const QPersistentModelIndex where(cell);
        connect(park, &ParkButtonCell::clicked, this, [this, where] {
            if (where.isValid())
                requestAppAction(where);
        });
        setCellWidget(cell, park);
    }
    park->setState(cell.data(ClusterModel::ParkedRole).toBool(), cell.data(ClusterModel::ParkPendingRole).toBool(),
                   cell.data(ClusterModel::UnparkPendingRole).toBool(), cell.data(ClusterModel::EditableRole).toBool(),
                   whyNotEditable());
}

void ClusterTreeView::setCellWidget(const QModelIndex &cell, QWidget *widget)
{
    setIndexWidget(cell, widget);
    m_editorCells.emplace_back(cell);
}

void ClusterTreeView::removeCellWidget(const QModelIndex &cell)
{
    QWidget *widget = indexWidget(cell);
    if (!widget)
        return;
    setIndexWidget(cell, nullptr);
    // Deleted later: the widget may be the sender of the signal being handled (a click on Park).
    widget->hide();
    widget->deleteLater();
    std::erase_if(m_editorCells, [&](const QPersistentModelIndex &live) { return live == cell; });
}

void ClusterTreeView::requestAppAction(const QModelIndex &appIndex)
{
    const QString app = appIndex.data(ClusterModel::AppNameRole).toString();
    if (appIndex.data(ClusterModel::ParkPendingRole).toBool() ||
        appIndex.data(ClusterModel::UnparkPendingRole).toBool())
        Q_EMIT discardRequested(app);
    else if (appIndex.data(ClusterModel::ParkedRole).toBool())
        Q_EMIT unparkRequested(app);
    else
        Q_EMIT parkRequested(app);
}

QString ClusterTreeView::readOnlyToolTip()
{
    return tr("This profile is read-only: ScaleDeck changes nothing on this cluster");
}

QString ClusterTreeView::whyNotEditable() const
{
    if (m_model->isReadOnly())
        return readOnlyToolTip();
    return m_model->isStale() ? m_staleReason : QString();
}

void ClusterTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    // From the keyboard (the Menu key, Shift+F10) the menu is the current row's, and opens at it.
    const bool fromKeyboard = event->reason() == QContextMenuEvent::Keyboard;
    const QModelIndex hit = fromKeyboard ? currentIndex() : indexAt(event->pos());
    if (!hit.isValid() || !m_model)
        return;
    const QString app = hit.data(ClusterModel::AppNameRole).toString();
    const QModelIndex appIndex = m_model->applicationIndex(app, ClusterModel::TargetColumn);
    const bool editable = appIndex.data(ClusterModel::EditableRole).toBool();
    const bool parked = appIndex.data(ClusterModel::ParkedRole).toBool();
    const bool readOnly = m_model->isReadOnly();
    // popup(), not exec(): polls and controller ticks go on while the menu is open, and a nested event loop
    // would run them under this function. Each entry carries its own copy of the names it acts on.
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true); // a disabled entry says why
    QAction *park = menu->addAction(parked ? tr("Unpark “%1”").arg(app) : tr("Park “%1”").arg(app));
    park->setEnabled(editable && !appIndex.data(ClusterModel::ParkPendingRole).toBool() &&
                     !appIndex.data(ClusterModel::UnparkPendingRole).toBool());
    QAction *discard = menu->addAction(tr("Discard edits of “%1”").arg(app));
    // Dropping edits changes nothing on the cluster: it stays possible while the cluster does not answer.
    discard->setEnabled(!readOnly && appIndex.data(ClusterModel::DeclarativeRole).toBool());
    park->setToolTip(whyNotEditable());
    if (readOnly)
        discard->setToolTip(readOnlyToolTip());
    // Only for a live app: a parked app's stored config is its only copy (the snapshot never flags one).
    QAction *discardKept = nullptr;
    if (appIndex.data(ClusterModel::KeptConfigRole).toBool() && !parked) {
        discardKept = menu->addAction(tr("Discard ScaleDeck's stored copy of “%1”…").arg(app));
        discardKept->setEnabled(!readOnly);
        discardKept->setToolTip(readOnly ? readOnlyToolTip()
                                         : tr("Ray runs “%1” with its own config; this drops the copy ScaleDeck "
                                              "kept after a park or unpark whose outcome was unknown")
                                               .arg(app));
    }
    // Schedules: a deployment row schedules its replica count; an application row schedules parking.
    menu->addSeparator();
    const QString deployment = hit.data(ClusterModel::DeploymentNameRole).toString();
    const QString target = deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
    const bool scheduled = m_isScheduled && m_isScheduled(app, deployment);
    QAction *schedule =
        menu->addAction(scheduled ? tr("Edit schedule of “%1”…").arg(target)
                                  : (deployment.isEmpty() ? tr("Schedule “%1” (parked outside its windows)…").arg(app)
                                                          : tr("Schedule “%1”…").arg(target)));
    schedule->setEnabled(appIndex.data(ClusterModel::DeclarativeRole).toBool() || parked);
    QAction *unschedule = scheduled ? menu->addAction(tr("Remove schedule of “%1”").arg(target)) : nullptr;
    if (unschedule && readOnly) { // the editor still opens, to read the schedule
        unschedule->setEnabled(false);
        unschedule->setToolTip(tr("This profile is read-only: schedules cannot be removed"));
    }
    connect(schedule, &QAction::triggered, this,
            [this, app, deployment] { Q_EMIT scheduleRequested(app, deployment); });
    if (unschedule)
        connect(unschedule, &QAction::triggered, this,
                [this, app, deployment] { Q_EMIT scheduleRemovalRequested(app, deployment); });
    connect(park, &QAction::triggered, this, [this, app, parked] {
        if (parked)
            Q_EMIT unparkRequested(app);
        else
            Q_EMIT parkRequested(app);
    });
    connect(discard, &QAction::triggered, this, [this, app] { Q_EMIT discardRequested(app); });
    if (discardKept)
        connect(discardKept, &QAction::triggered, this, [this, app] { Q_EMIT keptConfigDiscardRequested(app); });
    menu->popup(fromKeyboard ? viewport()->mapToGlobal(visualRect(hit).center()) : event->globalPos());
}

QModelIndex ClusterTreeView::currentApplication() const
{
    const QModelIndex current = currentIndex();
    if (!current.isValid() || !m_model)
        return {};
    return m_model->applicationIndex(current.data(ClusterModel::AppNameRole).toString(), ClusterModel::TargetColumn);
}

bool ClusterTreeView::canToggleParkOfCurrent() const
{
    const QModelIndex app = currentApplication();
    // As the row's button: there is one on declarative applications, enabled while they are editable.
    return app.isValid() && app.data(ClusterModel::DeclarativeRole).toBool() &&
           app.data(ClusterModel::EditableRole).toBool();
}

void ClusterTreeView::toggleParkOfCurrent()
{
    if (canToggleParkOfCurrent())
        requestAppAction(currentApplication());
}

bool ClusterTreeView::canScheduleCurrent() const
{
    const QModelIndex app = currentApplication();
    // As the context menu's entry (a read-only profile still opens the editor, to read the schedule).
    return app.isValid() &&
           (app.data(ClusterModel::DeclarativeRole).toBool() || app.data(ClusterModel::ParkedRole).toBool());
}

void ClusterTreeView::scheduleCurrent()
{
    if (!canScheduleCurrent())
        return;
    const QModelIndex current = currentIndex();
    Q_EMIT scheduleRequested(current.data(ClusterModel::AppNameRole).toString(),
                             current.data(ClusterModel::DeploymentNameRole).toString());
}

} // namespace scaledeck
