#include "clustertreeview.h"

#include "clustermodel.h"
#include "replicaeditor.h"

#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QPushButton>
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
}  // namespace

ClusterTreeView::ClusterTreeView(QWidget *parent) : QTreeView(parent)
{
    setItemDelegate(new EditorRowHeightDelegate(ReplicaEditor().sizeHint().height(), this));
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformRowHeights(false);  // rows with editors are taller than plain rows
    setAllColumnsShowFocus(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers);  // all editing goes through the index widgets
}

void ClusterTreeView::setClusterModel(ClusterModel *model)
{
    m_model = model;
    setModel(model);
    QHeaderView *columns = header();
    columns->setStretchLastSection(true);
    columns->setMinimumSectionSize(60);
    const std::pair<int, int> widths[] = {
        {ClusterModel::NameColumn, 230},          {ClusterModel::StatusColumn, 150},
        {ClusterModel::ReplicasColumn, 230},      {ClusterModel::GpusPerReplicaColumn, 95},
        {ClusterModel::GpusHeldColumn, 85},       {ClusterModel::AutoscalingColumn, 95},
    };
    for (const auto &[column, width] : widths)
        setColumnWidth(column, width);
    syncAll();
}

ReplicaEditor *ClusterTreeView::replicaEditor(const QString &app, const QString &deployment) const
{
    if (!m_model)
        return nullptr;
    return qobject_cast<ReplicaEditor *>(indexWidget(m_model->deploymentIndex(app, deployment, ClusterModel::TargetColumn)));
}

void ClusterTreeView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QTreeView::rowsInserted(parent, start, end);
    for (int row = start; row <= end; ++row) {
        const QModelIndex inserted = model()->index(row, 0, parent);
        syncRowEditor(inserted);
        if (!parent.isValid()) {
            // A new application arrives with its deployments, and opens so they are visible.
            for (int child = 0; child < model()->rowCount(inserted); ++child)
                syncRowEditor(model()->index(child, 0, inserted));
            expand(inserted);
        }
    }
}

void ClusterTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    QTreeView::dataChanged(topLeft, bottomRight, roles);
    if (!topLeft.isValid() || bottomRight.column() < ClusterModel::TargetColumn)
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        syncRowEditor(model()->index(row, 0, topLeft.parent()));
}

void ClusterTreeView::reset()
{
    QTreeView::reset();
    syncAll();
}

void ClusterTreeView::syncAll()
{
    if (!model())
        return;
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex app = model()->index(row, 0);
        syncRowEditor(app);
        for (int child = 0; child < model()->rowCount(app); ++child)
            syncRowEditor(model()->index(child, 0, app));
        expand(app);
    }
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
    const bool wanted = cell.data(ClusterModel::DeclarativeRole).toBool() && !cell.data(ClusterModel::ParkedRole).toBool();
    auto *editor = qobject_cast<ReplicaEditor *>(indexWidget(cell));
    if (!wanted) {
        if (editor)
            setIndexWidget(cell, nullptr);
        return;
    }
    if (!editor) {
        editor = new ReplicaEditor;
        const QPersistentModelIndex where(cell);
        connect(editor, &ReplicaEditor::valueEdited, this, [this, where](int replicas) {
            if (where.isValid())
                Q_EMIT replicasEdited(where.data(ClusterModel::AppNameRole).toString(),
                                      where.data(ClusterModel::DeploymentNameRole).toString(), replicas);
        });
        setIndexWidget(cell, editor);
    }
    editor->setRange(cell.data(ClusterModel::EditorMaximumRole).toInt());
    editor->setValue(cell.data(ClusterModel::TargetReplicasRole).toInt());
    editor->setCurrentTarget(cell.data(ClusterModel::CurrentTargetRole).toInt());
    editor->setEnabled(cell.data(ClusterModel::EditableRole).toBool());
    editor->setToolTip(editor->isEnabled() ? tr("Target replicas; 0 parks the application unless it has an "
                                                "external scaler")
                                           : tr("Not editable here"));
}

void ClusterTreeView::syncApplicationButton(const QModelIndex &cell)
{
    QWidget *holder = indexWidget(cell);
    if (!cell.data(ClusterModel::DeclarativeRole).toBool()) {
        if (holder)
            setIndexWidget(cell, nullptr);  // imperative: the cell's text says why there is nothing to press
        return;
    }
    auto *button = holder ? holder->findChild<QPushButton *>() : nullptr;
    if (!button) {
        // The index widget fills the cell; a holder with a stretch keeps the button at its natural width.
        holder = new QWidget;
        auto *layout = new QHBoxLayout(holder);
        layout->setContentsMargins(4, 1, 4, 1);
        button = new QPushButton(holder);
        layout->addWidget(button);
        layout->addStretch(1);
        const QPersistentModelIndex where(cell);
        connect(button, &QPushButton::clicked, this, [this, where] {
            if (where.isValid())
                requestAppAction(where);
        });
        setIndexWidget(cell, holder);
    }
    const bool parked = cell.data(ClusterModel::ParkedRole).toBool();
    if (parked)
        button->setText(cell.data(ClusterModel::UnparkPendingRole).toBool() ? tr("Keep parked") : tr("Unpark"));
    else
        button->setText(cell.data(ClusterModel::ParkPendingRole).toBool() ? tr("Keep serving") : tr("Park"));
    button->setToolTip(parked ? tr("Put the application back with its exact stored config")
                              : tr("Take the whole application out of the cluster, keeping its config"));
    button->setEnabled(cell.data(ClusterModel::EditableRole).toBool());
}

void ClusterTreeView::requestAppAction(const QModelIndex &appIndex)
{
    const QString app = appIndex.data(ClusterModel::AppNameRole).toString();
    if (appIndex.data(ClusterModel::ParkPendingRole).toBool() || appIndex.data(ClusterModel::UnparkPendingRole).toBool())
        Q_EMIT discardRequested(app);
    else if (appIndex.data(ClusterModel::ParkedRole).toBool())
        Q_EMIT unparkRequested(app);
    else
        Q_EMIT parkRequested(app);
}

void ClusterTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex hit = indexAt(event->pos());
    if (!hit.isValid() || !m_model)
        return;
    const QString app = hit.data(ClusterModel::AppNameRole).toString();
    const QModelIndex appIndex = m_model->applicationIndex(app, ClusterModel::TargetColumn);
    const bool editable = appIndex.data(ClusterModel::EditableRole).toBool();
    const bool parked = appIndex.data(ClusterModel::ParkedRole).toBool();
    QMenu menu(this);
    QAction *park = menu.addAction(parked ? tr("Unpark “%1”").arg(app) : tr("Park “%1”").arg(app));
    park->setEnabled(editable && !appIndex.data(ClusterModel::ParkPendingRole).toBool() &&
                     !appIndex.data(ClusterModel::UnparkPendingRole).toBool());
    QAction *discard = menu.addAction(tr("Discard edits of “%1”").arg(app));
    discard->setEnabled(editable);
    QAction *chosen = menu.exec(event->globalPos());
    if (chosen == park && parked)
        Q_EMIT unparkRequested(app);
    else if (chosen == park)
        Q_EMIT parkRequested(app);
    else if (chosen == discard)
        Q_EMIT discardRequested(app);
}

}  // namespace scaledeck
