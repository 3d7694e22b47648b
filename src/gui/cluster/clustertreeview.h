// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QPersistentModelIndex>
#include <QTimer>
#include <QTreeView>

#include <functional>
#include <vector>

namespace scaledeck {

class ClusterModel;
class ReplicaEditor;

// The application/deployment tree with its editors: a ReplicaEditor on every declarative deployment of a
// running application, a Park/Unpark button on every declarative application. Editors are index widgets
// that exist only for rows in or near the viewport: a cluster of a thousand applications would otherwise
// need thousands of widgets, and every relayout of the view walks all of them. They are created from the
// model's data when their row scrolls in (so a pending edit shows again as "2 → 3"), updated while they
// live, and dropped when their row scrolls far away. They only report the operator's intent and never
// change anything themselves.
class ClusterTreeView : public QTreeView {
    Q_OBJECT
public:
    explicit ClusterTreeView(QWidget *parent = nullptr);

    void setClusterModel(ClusterModel *model);

    // The deployment's editor, scrolling its row into view first (as the operator would to reach it);
    // null if the deployment has none (imperative or parked application) or does not exist.
    ReplicaEditor *replicaEditor(const QString &app, const QString &deployment);
    int editorWidgetCount() const { return int(m_editorCells.size()); } // rows with a live index widget

    // Why the model's rows are not editable while it is stale (ClusterModel::setStale()): the tooltip of every
    // control that is disabled for it. Set it before the model turns stale.
    void setStaleReason(const QString &why) { m_staleReason = why; }

    // Whether a target has a schedule, for the context menu's "Remove schedule" entry.
    void setScheduledPredicate(std::function<bool(const QString &app, const QString &deployment)> isScheduled)
    {
        m_isScheduled = std::move(isScheduled);
    }

    // The keyboard's way to a row's controls (the window's Changes menu), on the current row: what its
    // application's Park/Unpark button does, and its context menu's schedule entry; possible exactly when those are
    // enabled. A deployment row acts on its application for parking and on itself for the schedule.
    bool canToggleParkOfCurrent() const;
    void toggleParkOfCurrent();
    bool canScheduleCurrent() const;
    void scheduleCurrent();

Q_SIGNALS:
    void replicasEdited(const QString &app, const QString &deployment, int replicas);
    void parkRequested(const QString &app);
    void unparkRequested(const QString &app);
    void discardRequested(const QString &app); // undo the app's pending park/unpark and edits
    // Drop the config ScaleDeck's store keeps of a live app (after a park or unpark of unknown outcome).
    void keptConfigDiscardRequested(const QString &app);
    // Edit (or create) the schedule of a deployment, or of an application when `deployment` is empty.
    void scheduleRequested(const QString &app, const QString &deployment);
    void scheduleRemovalRequested(const QString &app, const QString &deployment);

protected:
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void reset() override;
    void updateGeometries() override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void placeEditorColumnBesideNames();
    void placeTrafficBesideReplicas();
    void scheduleEditorSync();
    void syncEditorsNearViewport();
    std::vector<QModelIndex> rowsNearViewport() const;
    void syncRowEditor(const QModelIndex &rowIndex);
    void syncDeploymentEditor(const QModelIndex &cell);
    void syncApplicationButton(const QModelIndex &cell);
    void setCellWidget(const QModelIndex &cell, QWidget *widget);
    void removeCellWidget(const QModelIndex &cell);
    void requestAppAction(const QModelIndex &appIndex);
    // Status texts are never cut: the columns that show them widen to the longest text measured so far. Only the
    // rows that changed are measured (a poll costs what it changed); a column never narrows by itself.
    void fitTextColumns(const QModelIndex &parent, int first, int last);
    void fitAllTextColumns(); // after a reset or a font change
    int textWidth(const QModelIndex &cell);
    // The current row's application, at TargetColumn; invalid without a current row.
    QModelIndex currentApplication() const;
    static QString readOnlyToolTip(); // of every control a read-only profile disables
    QString whyNotEditable() const;   // of a control the profile or stale data disables; empty if neither does

    ClusterModel *m_model = nullptr;
    std::function<bool(const QString &, const QString &)> m_isScheduled;
    QString m_staleReason;
    std::vector<QPersistentModelIndex> m_editorCells; // target cells that have an index widget
    QHash<QString, int> m_plainTextWidths;            // textWidth()'s, in the view's font
    QTimer m_editorSync; // zero-interval: one sync per burst of model signals, scrolls and resizes
};

} // namespace scaledeck
