#pragma once

#include "clock.h"
#include "clusterendpoint.h"
#include "clustermodel.h"
#include "clustersnapshot.h"
#include "schedulecontroller.h"
#include "schedulestore.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace scaledeck {

class ControllerHost;
class PendingEdits;

// The GUI's side of schedules for the connected cluster: opens the schedule editor and stores what it
// saves, turns the operator's manual edits of scheduled targets into overrides (asking until when), and runs
// the schedule controller (ControllerHost) whenever no other controller holds the cluster's lock, reporting
// who does.
class ScheduleCoordinator : public QObject {
    Q_OBJECT
public:
    ScheduleCoordinator(QString storePath, const Clock *clock, QWidget *dialogParent, QObject *parent = nullptr);
    ~ScheduleCoordinator() override;

    // A new cluster: its schedules, and a controller unless the profile is read-only. `tickMs` is for tests.
    void setCluster(const ClusterEndpoint &endpoint, int tickMs = 10000);
    void clear();

    bool isScheduled(const QString &app, const QString &deployment) const;
    const std::vector<StoredSchedule> &schedules() const { return m_schedules; }
    QString controllerText() const { return m_controllerText; }

    // Opens the editor for the deployment (or, with an empty deployment, the application: parked at 0).
    void editSchedule(const QString &app, const QString &deployment, const SnapshotPtr &snapshot);
    bool removeSchedule(const QString &app, const QString &deployment);  // and its override

    // Takes every pending edit of a scheduled target out of `edits` and stores it as an override, asking the
    // operator until when (one dialog per target); the controller applies it within a tick. Returns false
    // (and leaves `edits` as they were) when the operator cancels. `summary` gets one line per override.
    bool takeScheduledEdits(PendingEdits *edits, QStringList *summary);

Q_SIGNALS:
    void controllerTextChanged(const QString &text);
    void schedulesChanged();
    void controllerTicked(const scaledeck::TickReport &report);
    // For the tree's Schedule column: target ("app" or "app/deployment") -> text and tooltip.
    void scheduleCellsChanged(const QHash<QString, scaledeck::ClusterModel::ScheduleCell> &cells);
    void failed(const QString &message);

private:
    void reload();  // after this window's own edits
    void adopt(std::vector<StoredSchedule> schedules);
    void onTick(const TickReport &report);
    void reportStoreProblems(const TickReport &report);
    std::optional<StoredSchedule> storedFor(const ScheduleTarget &target) const;
    std::vector<ScheduleOverride> overridesFor(const ScheduleTarget &target);

    QString m_storePath;
    const Clock *m_clock;
    QPointer<QWidget> m_dialogParent;
    std::unique_ptr<ScheduleStore> m_store;
    std::unique_ptr<ControllerHost> m_host;
    QString m_clusterKey;
    bool m_readOnly = false;
    std::vector<StoredSchedule> m_schedules;
    QString m_controllerText;
    QString m_lastStoreProblems;
};

}  // namespace scaledeck
