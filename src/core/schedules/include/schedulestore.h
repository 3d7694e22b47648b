// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "auditentry.h"
#include "result.h"
#include "schedule.h"
#include "storeconnection.h"
#include "writeguard.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace scaledeck {

// A schedule as stored: its target and its canonical text form (scheduleToText), which is what the
// controller evaluates and `schedule show` prints.
struct StoredSchedule {
    ScheduleTarget target;
    QString text;
    QDateTime updatedUtc;
};

// Who changes a schedule and when, for its audit row: the holder as every audit row names it ("alice
// (scaledeckctl API)", operatorIdentity()) and how ("stored with scaledeckctl schedule set").
struct ScheduleAuthor {
    QString holder;
    QString detail;
    QDateTime atUtc;
};

// The controller's memory of one target, so a restart neither repeats nor loses a transition.
struct TargetState {
    QString target;
    std::optional<int> settledDesired;   // the desired count the cluster was last seen to hold
    std::optional<int> attemptedDesired; // the last count sent (or tried)
    QDateTime attemptedUtc;
    bool attemptFailed = false;
    std::optional<QString> driftNoted; // the outside value already audited as kept, so it is logged once
};

// The controller's memory of a fight over one target: another controller or tool putting back what it had just
// changed. Apart from TargetState so that an operator's resume clears it alone (`scaledeckctl resume`).
struct TargetContest {
    QString target;
    QDateTime putBackUtc;      // when a change of the controller's was last seen put back (invalid: never)
    QDateTime contestedUtc;    // when it stopped correcting the target (invalid: it corrects it)
    QString description;       // "2 → 3 twice in 35 s": its value, the other's, how fast
    QString outsideValue;      // what the cluster held when last seen while contested
    QDateTime outsideSinceUtc; // since when it has held that
    int contests = 0;          // fights in a row: each doubles the quiet wait before the controller resumes

    bool isContested() const { return contestedUtc.isValid(); }
};

// The one-controller-per-cluster lock.
struct ControllerLock {
    QString holder; // "scaledeckctl run on host (pid 1234)", "ScaleDeck GUI on host (pid 99)"
    QDateTime heartbeatUtc;
    QDateTime acquiredUtc;
    bool dryRun = false;
    qint64 staleAfterMs = 0; // the holder's own limit: its heartbeat older than this is stale
};

// Schedules, overrides, the audit log, per-target controller state and the controller lock, in the same
// SQLite file as the parked apps (its own connection, WAL). Everything is keyed by cluster. Every write is
// refused (RayErrorKind::ReadOnly) when `guard` is read-only; reads are not.
class ScheduleStore {
public:
    explicit ScheduleStore(const QString &databasePath, WriteGuard guard = WriteGuard());
    ~ScheduleStore();
    ScheduleStore(const ScheduleStore &) = delete;
    ScheduleStore &operator=(const ScheduleStore &) = delete;

    Result<Done> open();
    QString databasePath() const { return m_store.path(); }

    // With an author, the audit row ("schedule set", "schedule removed": the old and new text, one line each)
    // lands in the same transaction as the change, so the log never misses a schedule change an operator made.
    Result<Done> saveSchedule(const QString &clusterKey, const StoredSchedule &schedule,
                              const std::optional<ScheduleAuthor> &author = std::nullopt);
    Result<std::vector<StoredSchedule>> schedules(const QString &clusterKey); // sorted by target
    Result<std::optional<StoredSchedule>> schedule(const QString &clusterKey, const ScheduleTarget &target);
    Result<bool> removeSchedule(const QString &clusterKey, const ScheduleTarget &target,
                                const std::optional<ScheduleAuthor> &author = std::nullopt); // false: none

    // One override per target: a new one replaces the old.
    Result<Done> setOverride(const QString &clusterKey, const ScheduleOverride &override_);
    Result<bool> clearOverride(const QString &clusterKey, const ScheduleTarget &target);
    // Overrides still active at `nowUtc` (expired ones are deleted as a side effect), sorted by target.
    Result<std::vector<ScheduleOverride>> activeOverrides(const QString &clusterKey, const QDateTime &nowUtc);

    Result<qint64> appendAudit(const QString &clusterKey, const AuditEntry &entry); // returns the id
    Result<Done> finishAudit(qint64 id, AuditResult result, const QString &detail);
    // finishAudit and saveTargetState in one transaction: a controller killed in between must not leave the
    // log saying "sent" while its memory of the target says otherwise (or the reverse).
    Result<Done> finishAction(const QString &clusterKey, qint64 auditId, AuditResult result, const QString &detail,
                              const TargetState &state);
    // Entries at or after sinceUtc, oldest first. A result this ScaleDeck does not know reads as
    // AuditResult::Unrecognized with its stored text (AuditEntry::resultText()).
    Result<std::vector<AuditEntry>> audit(const QString &clusterKey, const QDateTime &sinceUtc);
    // Marks entries still Pending (a controller died mid-action) as Interrupted; returns how many.
    Result<int> markInterrupted(const QString &clusterKey);

    Result<std::optional<TargetState>> targetState(const QString &clusterKey, const QString &target);
    Result<Done> saveTargetState(const QString &clusterKey, const TargetState &state);

    // The fight over a target (schedulestorecontest.cpp). saveTargetContest writes it as it is; startContest
    // does that and appends the audit row that says so in one transaction; endContest deletes it and appends
    // the row that says why it ended, also in one, and returns false (writing nothing) when the target was not
    // contested.
    Result<std::optional<TargetContest>> targetContest(const QString &clusterKey, const QString &target);
    Result<std::vector<TargetContest>> contestedTargets(const QString &clusterKey); // sorted by target
    Result<Done> saveTargetContest(const QString &clusterKey, const TargetContest &contest);
    Result<Done> startContest(const QString &clusterKey, const TargetContest &contest, const AuditEntry &row);
    Result<bool> endContest(const QString &clusterKey, const QString &target, const AuditEntry &row);
    // An operator hands a contested target back to the controller (the CLI's `resume`, the GUI's banner, the
    // API): endContest with the one audit row every client writes for it. False: it was not contested.
    Result<bool> resumeContest(const QString &clusterKey, const QString &target, const QDateTime &atUtc,
                               const QString &holder);

    // Takes the lock when free, held by `holder` already, or stale (heartbeat older than the holder's own
    // staleAfterMs, stored with the lock: a caller with shorter ticks does not judge a slower holder dead);
    // renews the heartbeat when held. Atomic across processes. Returns the lock as it is afterwards:
    // compare its holder with `holder` to know whether this caller holds it.
    Result<ControllerLock> acquireLock(const QString &clusterKey, const QString &holder, bool dryRun,
                                       const QDateTime &nowUtc, qint64 staleAfterMs);
    Result<std::optional<ControllerLock>> currentLock(const QString &clusterKey);
    Result<Done> releaseLock(const QString &clusterKey, const QString &holder);

private:
    // Runs `work` in one transaction (refused first, with `refused`, when the guard is read-only): all of it is
    // written or, when it fails, none.
    Result<Done> inTransaction(const QString &refused, const std::function<Result<Done>()> &work);

    StoreConnection m_store;
};

} // namespace scaledeck
