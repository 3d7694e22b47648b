// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "clusterendpoint.h"
#include "clustermodel.h"
#include "clustersnapshot.h"
#include "controllerconnection.h"
#include "pricelist.h"
#include "schedulecontroller.h"
#include "schedulestore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QDialog;
class QWidget;

namespace scaledeck {

class OverrideDialog;

class ScheduleControllerThread;
class ScheduleSuggestionSource;
class PendingEdits;
class ScheduleBackend;
struct LoadedSchedules;
class ScheduleEditorDialog;
struct OverrideQuestions;
struct ServingCut;

// The GUI's side of schedules for the connected cluster: opens the schedule editor and stores what it
// saves, turns the operator's manual edits of scheduled targets into overrides (asking until when), and runs
// the schedule controller (ScheduleControllerThread) whenever no other controller holds the cluster's lock, reporting
// who does.
//
// Nothing here blocks the GUI thread: the dialogs are opened with open() and answered through their
// finished() signal, and every read and write of the store runs on ScheduleStoreThread. Controller ticks
// replace the schedules at any time, so an answer looks its target up again by key when it arrives; a target
// whose schedule has gone meanwhile is no longer asked about or stored.
class ScheduleCoordinator : public QObject {
    Q_OBJECT
public:
    ScheduleCoordinator(QString storePath, const Clock *clock, QWidget *dialogParent, QObject *parent = nullptr);
    ~ScheduleCoordinator() override;

    // What the cluster holds now (the window's latest snapshot): a save is checked against it before it
    // stops serving replicas.
    void setSnapshotSource(std::function<SnapshotPtr()> current) { m_currentSnapshot = std::move(current); }
    // The cluster's prices as the Cost view has them: the editor's suggestion is priced with them.
    void setPriceSource(std::function<PriceList()> prices) { m_prices = std::move(prices); }

    // A new cluster: its schedules, and a controller unless the profile is read-only. `tickMs` is for tests.
    // `prometheusUrl`: where the controller's park-when-idle rules and the editor's suggestions read traffic (empty:
    // no traffic source).
    void setCluster(const ClusterEndpoint &endpoint, int tickMs = 10000, const QUrl &prometheusUrl = {});
    // A cluster whose schedules the team's controller at `controller` holds and enforces: they are read from it
    // (again every few seconds, as others change them too) and every change is sent to it; no controller runs
    // here. `endpoint` names the session (its read-only flag included).
    void setController(const ClusterEndpoint &endpoint, const ControllerConnection &controller,
                       const QUrl &prometheusUrl = {});
    // What the controller said about itself and about us: the status text names who enforces and who we are.
    void setControllerStatus(const ControllerStatus &status);
    void clear();

    bool isScheduled(const QString &app, const QString &deployment) const;
    const std::vector<StoredSchedule> &schedules() const { return m_schedules; }
    QString controllerText() const { return m_controllerText; }
    // This window runs the schedule controller (a writable cluster is connected); whether it holds the lock is
    // the ticks' business.
    bool runsController() const { return m_host != nullptr; }
    // A dialog of this coordinator is open, or its answer is being stored.
    bool isBusy() const;

    // Opens the editor for the deployment (or, with an empty deployment, the application: parked at 0) and
    // returns; on Save it asks first if the schedule stops serving replicas within the next tick, then
    // stores it (scheduleStored() or failed()).
    void editSchedule(const QString &app, const QString &deployment, const SnapshotPtr &snapshot);
    // Removes the schedule and its override, in the background (scheduleStored() or failed()). Removing
    // never stops anything: the target keeps what it holds and is no longer controlled.
    void removeSchedule(const QString &app, const QString &deployment);
    // The operator resumes the correction of targets the controller stopped correcting because another
    // controller or tool kept changing them (contestsChanged()): in the background, audited under the
    // operator's name; failed() if the store refuses.
    void resumeContested(const QStringList &targets);
    // The connected cluster's audit log from `sinceUtc` on, newest first, from where its schedules are (this
    // machine's store on its thread, or the controller's GET audit). No answer when no cluster is connected, nor
    // for a cluster left meanwhile.
    void loadAudit(const QDateTime &sinceUtc, std::function<void(const Result<std::vector<AuditEntry>> &)> answer);

    // Takes every pending edit of a scheduled target out of `edits` and stores it as an override, asking the
    // operator until when (one dialog per target, one at a time); the controller applies it within a tick.
    // A park or unpark of an application also covers its scheduled deployments. Returns at once; `answer`
    // gets true and one line per override once they are stored, or false (and `edits` as they were) when
    // the operator cancels or storing fails.
    using TakeAnswer = std::function<void(bool proceed, const QStringList &summary)>;
    void takeScheduledEdits(PendingEdits *edits, TakeAnswer answer);

Q_SIGNALS:
    void controllerTextChanged(const QString &text);
    void schedulesChanged();
    void controllerTicked(const scaledeck::TickReport &report);
    // For the tree's Schedule column: target ("app" or "app/deployment") -> text and tooltip.
    void scheduleCellsChanged(const QHash<QString, scaledeck::ClusterModel::ScheduleCell> &cells);
    void failed(const QString &message);
    // The targets this ScaleDeck's controller stopped correcting because another controller or tool keeps
    // changing them, and one line each saying so (empty: none); emitted when that changes.
    void contestsChanged(const QStringList &targets, const QString &text);
    void scheduleStored(const QString &target); // saved or removed, and the schedules reloaded
    // An override's question is open: a park or scale-down of a scheduled target is confirmed there, so whoever
    // reads traffic fills in what the target served lately (dialog->recentTraffic()).
    void overrideAsked(scaledeck::OverrideDialog *dialog, const scaledeck::ScheduleTarget &target, int replicas);

private:
    void reload(); // after this window's own edits
    void adopt(std::vector<StoredSchedule> schedules);
    void adoptOverrides(const std::vector<ScheduleOverride> &overrides);
    void onTick(const TickReport &report);
    void reportStoreProblems(const TickReport &report);
    void reportContests(const TickReport &report);
    void reportContestList(const std::vector<TargetContest> &contests);
    std::optional<StoredSchedule> storedFor(const ScheduleTarget &target) const;
    std::vector<ScheduleOverride> overridesFor(const ScheduleTarget &target) const;
    void offerSuggestions(ScheduleEditorDialog *dialog, const ScheduleTarget &target, const SnapshotPtr &snapshot,
                          const std::optional<StoredSchedule> &stored) const;

    void onEditorAnswered(const ScheduleTarget &target, const QString &text);
    void confirmCut(const ServingCut &cut, const ScheduleTarget &target, const QString &text);
    void storeSchedule(const ScheduleTarget &target, const QString &text);
    // The answer to a schedule's save or removal (`verb`): adopts what the store holds now; false when it failed
    // or belongs to a previous cluster.
    bool onScheduleWritten(quint64 session, const ScheduleTarget &target, const LoadedSchedules &loaded,
                           const QString &verb);

    void askNextOverride();
    void onOverrideAnswered(bool accepted, const ScheduleOverride &override_, const QTimeZone &zone);
    void storeOverrides();
    void finishOverrides(bool proceed, const QStringList &summary = {});

    QString m_storePath;
    const Clock *m_clock;
    QUrl m_controllerUrl; // through a controller: its address; empty in the single-user mode
    QTimer m_reloadTimer; // through a controller: the schedules are read again now and then
    QPointer<QWidget> m_dialogParent;
    std::function<SnapshotPtr()> m_currentSnapshot;
    std::function<PriceList()> m_prices;
    std::unique_ptr<ScheduleSuggestionSource> m_suggestions; // with a Prometheus: one reading thread per cluster
    std::unique_ptr<ScheduleBackend> m_backend;              // this machine's store, or the controller
    std::unique_ptr<ScheduleControllerThread> m_host;
    QString m_clusterKey;
    quint64 m_session = 0; // changes with the cluster: answers for an earlier one are dropped
    int m_tickMs = 10000;
    bool m_readOnly = false;
    std::vector<StoredSchedule> m_schedules;
    QHash<QString, ScheduleOverride> m_overrides; // active, by target, as last read
    QString m_controllerText;
    QString m_lastStoreProblems;
    QString m_lastContests;         // contestsChanged()'s text as last emitted
    QPointer<QDialog> m_openDialog; // the editor, a confirmation or an override question
    int m_storing = 0;              // writes posted and not yet answered
    std::unique_ptr<OverrideQuestions> m_questions;
};

} // namespace scaledeck
