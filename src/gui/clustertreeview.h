#pragma once

#include <QTreeView>

namespace scaledeck {

class ClusterModel;
class ReplicaEditor;

// The application/deployment tree with its persistent editors: a ReplicaEditor on every declarative
// deployment, a Park/Unpark button on every declarative application. The editors are index widgets kept
// in step with the model from rowsInserted/dataChanged, so they follow rows as the cluster changes;
// they only report the operator's intent and never change anything themselves.
class ClusterTreeView : public QTreeView {
    Q_OBJECT
public:
    explicit ClusterTreeView(QWidget *parent = nullptr);

    void setClusterModel(ClusterModel *model);
    ReplicaEditor *replicaEditor(const QString &app, const QString &deployment) const;

Q_SIGNALS:
    void replicasEdited(const QString &app, const QString &deployment, int replicas);
    void parkRequested(const QString &app);
    void unparkRequested(const QString &app);
    void discardRequested(const QString &app);  // undo the app's pending park/unpark and edits

protected:
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void reset() override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void syncRowEditor(const QModelIndex &rowIndex);
    void syncDeploymentEditor(const QModelIndex &cell);
    void syncApplicationButton(const QModelIndex &cell);
    void syncAll();
    void requestAppAction(const QModelIndex &appIndex);

    ClusterModel *m_model = nullptr;
};

}  // namespace scaledeck
