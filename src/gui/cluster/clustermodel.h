// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "traffictable.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace scaledeck {

class PendingEdits;

// Applications and their deployments as a two-level tree, fed with immutable snapshots. A refresh never
// resets the model: it diffs the new snapshot against the shown one and emits only rowsRemoved,
// rowsInserted and dataChanged for what differs, so selection, expansion and editors survive polling.
class ClusterModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        ReplicasColumn,
        GpusPerReplicaColumn,
        GpusHeldColumn,
        AutoscalingColumn,
        ScheduleColumn, // what a schedule asks for now and its next change, for scheduled targets
        TargetColumn,   // the editor column: slider + spin box per deployment, Park/Unpark per app
        // The traffic the row serves (after the columns older layouts remember, so a restored header keeps them).
        RequestsColumn, // requests/s
        ErrorsColumn,   // the share of answers that were errors
        P95Column,      // the p95 processing latency
        TrendColumn,    // requests/s over the last hour, drawn by a SparklineDelegate
        ColumnCount
    };
    enum Role {
        AppNameRole = Qt::UserRole + 1,
        DeploymentNameRole, // empty for application rows
        IsDeploymentRole,
        DeclarativeRole,
        ParkedRole,
        ParkPendingRole,
        UnparkPendingRole,
        PendingRole,        // the row has an edit that is not applied yet
        EditableRole,       // the operator may change this row now
        CurrentTargetRole,  // the target the cluster reports
        TargetReplicasRole, // the target with the pending edit applied
        EditorMaximumRole,
        EditorRangeReasonRole, // why the editor stops at its maximum
        KeptConfigRole,        // application rows: ScaleDeck's store also keeps a config of this live app
        KeptConfigAtRole,      // when that copy was stored (QDateTime, UTC)
    };

    explicit ClusterModel(const PendingEdits *edits, QObject *parent = nullptr);
    ~ClusterModel() override;

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }
    void setReadOnly(bool readOnly);
    // The Schedule column's text and tooltip, by target ("app" or "app/deployment").
    struct ScheduleCell {
        QString text;
        QString toolTip;
        bool operator==(const ScheduleCell &) const = default;
    };
    void setScheduleCells(QHash<QString, ScheduleCell> cells);
    bool isReadOnly() const { return m_readOnly; }
    // The cluster does not answer: every text is drawn faded and nothing is editable, until it answers again.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    // Traffic: a reading replaces the last one, a failure makes every figure unknown (saying why). Only the cells
    // whose text changed are signalled, in runs of neighbouring rows.
    void setTraffic(const TrafficReading &reading);
    void setTrafficFailed(const QString &why);
    void setRateHistory(const RequestRates &rates);
    // The last hour of a row's request rates; null when there is none. Valid until the next setRateHistory().
    const RateSeries *rateHistory(const QModelIndex &index) const;

    QModelIndex applicationIndex(const QString &app, int column = NameColumn) const;
    QModelIndex deploymentIndex(const QString &app, const QString &deployment, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void snapshotChanged(scaledeck::SnapshotPtr snapshot);

private:
    struct AppNode {
        ApplicationSnapshot app;
        int row = 0; // kept current as rows come and go, so parent() needs no search
    };

    int rowOfApp(const QString &name) const;
    const AppNode *nodeOf(const QModelIndex &index) const; // the app a row belongs to
    void removeApplications(const QStringList &names);
    void insertApplications(const QStringList &names, const ClusterSnapshot &snapshot);
    void renumberFrom(int row);
    void updateApplication(const ApplicationSnapshot &app);
    void emitRowsChanged(const QString &app); // the app row and all its deployment rows
    void emitAllRowsChanged(const QList<int> &roles);
    QVariant applicationData(const ApplicationSnapshot &app, int column, int role) const;
    QVariant deploymentData(const ApplicationSnapshot &app, const DeploymentSnapshot &deployment, int column,
                            int role) const;
    bool isEditable(const ApplicationSnapshot &app) const;
    QVariant trafficData(const AppNode &node, const QModelIndex &index, int role) const;
    std::vector<TrafficFigures> shownTraffic() const; // every row's figures: apps in order, each then its deployments
    void updateTraffic(const std::function<void()> &change);
    void emitTrafficChanged(const std::vector<TrafficFigures> &before);
    void emitColumnsChanged(int first, int last, const QList<int> &roles);

    const PendingEdits *m_edits;
    SnapshotPtr m_snapshot;
    std::vector<std::unique_ptr<AppNode>> m_apps; // sorted by name; nodes stay put as rows move
    bool m_readOnly = false;
    bool m_stale = false;
    QHash<QString, ScheduleCell> m_scheduleCells;
    TrafficTable m_traffic;
};

} // namespace scaledeck
