#include "schedulestore.h"

#include "sqliteconnection.h"

#include <QThread>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>

namespace scaledeck {

namespace {
// Times are stored as ms since the epoch (UTC); an invalid QDateTime is NULL.
QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Text columns are NOT NULL; a null QString (an override without a note) would bind as NULL.
QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant intValue(const std::optional<int> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>());
}

std::optional<int> intFrom(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<int>(value.toInt());
}

// The store's key for a target: the same "app" / "app/deployment" form as ScheduleTarget::toString(),
// written out here so that reading back never depends on the parser's rules for typed input.
QString targetKey(const ScheduleTarget &target)
{
    return target.isApplication() ? target.app : target.app + QLatin1Char('/') + target.deployment;
}

ScheduleTarget targetFromKey(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return ScheduleTarget{key, QString()};
    return ScheduleTarget{key.left(slash), key.mid(slash + 1)};
}

std::optional<AuditCause> auditCauseFromName(const QString &name)
{
    for (AuditCause cause : {AuditCause::Schedule, AuditCause::Override, AuditCause::Operator,
                             AuditCause::DriftCorrection, AuditCause::DriftKept}) {
        if (auditCauseName(cause) == name)
            return cause;
    }
    return std::nullopt;
}

// Prepares `sql`, binds `values` in order and runs it.
bool run(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values)
{
    if (!query.prepare(sql))
        return false;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

ControllerLock lockFrom(const QSqlQuery &query)  // holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms
{
    return ControllerLock{query.value(0).toString(), timeFrom(query.value(1)), timeFrom(query.value(2)),
                          query.value(3).toBool(), query.value(4).toLongLong()};
}
}  // namespace

QString auditCauseName(AuditCause cause)
{
    switch (cause) {
    case AuditCause::Schedule: return QStringLiteral("schedule");
    case AuditCause::Override: return QStringLiteral("override");
    case AuditCause::Operator: return QStringLiteral("operator");
    case AuditCause::DriftCorrection: return QStringLiteral("drift correction");
    case AuditCause::DriftKept: return QStringLiteral("drift kept");
    }
    return QStringLiteral("schedule");
}

ScheduleStore::ScheduleStore(const QString &databasePath, WriteGuard guard)
    : m_path(databasePath), m_connectionName(newConnectionName("schedules")), m_guard(guard)
{
}

ScheduleStore::~ScheduleStore()
{
    dropConnection(m_connectionName);
}

Result<Done> ScheduleStore::open()
{
    if (m_open)
        return checkOpeningThread(m_openedOn, "schedule store");
    // Same file and settings as ParkedStore: WAL so the GUI reads while the controller writes, FULL sync so
    // a committed audit entry or lock survives a crash.
    if (auto opened = openConnection(m_path, m_connectionName, Durability::Full,
                                     {"CREATE TABLE IF NOT EXISTS schedules ("
                                      " cluster_key TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL, updated_utc INTEGER,"
                                      " PRIMARY KEY (cluster_key, target))",
                                      "CREATE TABLE IF NOT EXISTS overrides ("
                                      " cluster_key TEXT NOT NULL, target TEXT NOT NULL, replicas INTEGER NOT NULL,"
                                      " until_utc INTEGER NOT NULL, created_utc INTEGER NOT NULL, created_by TEXT NOT NULL,"
                                      " note TEXT NOT NULL, PRIMARY KEY (cluster_key, target))",
                                      "CREATE TABLE IF NOT EXISTS audit ("
                                      " id INTEGER PRIMARY KEY AUTOINCREMENT, cluster_key TEXT NOT NULL, at_utc INTEGER NOT NULL,"
                                      " target TEXT NOT NULL, cause TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,"
                                      " result TEXT NOT NULL, detail TEXT NOT NULL, holder TEXT NOT NULL)",
                                      "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (cluster_key, at_utc)",
                                      "CREATE TABLE IF NOT EXISTS target_state ("
                                      " cluster_key TEXT NOT NULL, target TEXT NOT NULL, settled_desired INTEGER,"
                                      " attempted_desired INTEGER, attempted_utc INTEGER, attempt_failed INTEGER NOT NULL,"
                                      " drift_noted TEXT, PRIMARY KEY (cluster_key, target))",
                                      "CREATE TABLE IF NOT EXISTS controller_lock ("
                                      " cluster_key TEXT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, heartbeat_utc INTEGER NOT NULL,"
                                      " acquired_utc INTEGER NOT NULL, dry_run INTEGER NOT NULL, stale_after_ms INTEGER NOT NULL)"});
        !opened)
        return opened;
    m_open = true;
    m_openedOn = QThread::currentThread();
    return Done{};
}

Result<Done> ScheduleStore::saveSchedule(const QString &clusterKey, const StoredSchedule &schedule)
{
    if (auto allowed = m_guard.check(QStringLiteral("the schedule of %1 was not saved").arg(targetKey(schedule.target)));
        !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("INSERT OR REPLACE INTO schedules (cluster_key, target, text, updated_utc)"
                            " VALUES (?, ?, ?, ?)"),
             {clusterKey, targetKey(schedule.target), textValue(schedule.text), timeValue(schedule.updatedUtc)}))
        return storageError(QStringLiteral("cannot save the schedule of '%1'").arg(targetKey(schedule.target)),
                            query.lastError());
    return Done{};
}

Result<std::vector<StoredSchedule>> ScheduleStore::schedules(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("SELECT target, text, updated_utc FROM schedules WHERE cluster_key = ? ORDER BY target"),
             {clusterKey}))
        return storageError(QStringLiteral("cannot read schedules"), query.lastError());
    std::vector<StoredSchedule> list;
    while (query.next())
        list.push_back(StoredSchedule{targetFromKey(query.value(0).toString()), query.value(1).toString(),
                                      timeFrom(query.value(2))});
    return list;
}

Result<std::optional<StoredSchedule>> ScheduleStore::schedule(const QString &clusterKey, const ScheduleTarget &target)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query, QStringLiteral("SELECT text, updated_utc FROM schedules WHERE cluster_key = ? AND target = ?"),
             {clusterKey, targetKey(target)}))
        return storageError(QStringLiteral("cannot read the schedule of '%1'").arg(targetKey(target)),
                            query.lastError());
    if (!query.next())
        return std::optional<StoredSchedule>();
    return std::optional<StoredSchedule>(StoredSchedule{target, query.value(0).toString(), timeFrom(query.value(1))});
}

Result<bool> ScheduleStore::removeSchedule(const QString &clusterKey, const ScheduleTarget &target)
{
    if (auto allowed = m_guard.check(QStringLiteral("the schedule of %1 was not removed").arg(targetKey(target)));
        !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query, QStringLiteral("DELETE FROM schedules WHERE cluster_key = ? AND target = ?"),
             {clusterKey, targetKey(target)}))
        return storageError(QStringLiteral("cannot remove the schedule of '%1'").arg(targetKey(target)),
                            query.lastError());
    return query.numRowsAffected() > 0;
}

Result<Done> ScheduleStore::setOverride(const QString &clusterKey, const ScheduleOverride &override_)
{
    if (auto allowed = m_guard.check(QStringLiteral("the override of %1 was not set").arg(targetKey(override_.target)));
        !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("INSERT OR REPLACE INTO overrides"
                            " (cluster_key, target, replicas, until_utc, created_utc, created_by, note)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)"),
             {clusterKey, targetKey(override_.target), override_.replicas, timeValue(override_.untilUtc),
              timeValue(override_.createdUtc), textValue(override_.createdBy), textValue(override_.note)}))
        return storageError(QStringLiteral("cannot save the override of '%1'").arg(targetKey(override_.target)),
                            query.lastError());
    return Done{};
}

Result<bool> ScheduleStore::clearOverride(const QString &clusterKey, const ScheduleTarget &target)
{
    if (auto allowed = m_guard.check(QStringLiteral("the override of %1 was not cleared").arg(targetKey(target)));
        !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query, QStringLiteral("DELETE FROM overrides WHERE cluster_key = ? AND target = ?"),
             {clusterKey, targetKey(target)}))
        return storageError(QStringLiteral("cannot clear the override of '%1'").arg(targetKey(target)),
                            query.lastError());
    return query.numRowsAffected() > 0;
}

Result<std::vector<ScheduleOverride>> ScheduleStore::activeOverrides(const QString &clusterKey, const QDateTime &nowUtc)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const qint64 now = nowUtc.toMSecsSinceEpoch();
    // Deleting expired overrides is housekeeping a read-only session leaves to a writer; it only skips them.
    if (!m_guard.isReadOnly()
        && !run(query, QStringLiteral("DELETE FROM overrides WHERE cluster_key = ? AND until_utc <= ?"),
                {clusterKey, now}))
        return storageError(QStringLiteral("cannot remove expired overrides"), query.lastError());
    // Same rule as ScheduleOverride::activeAt: one created after `now` (a clock running in the past) waits.
    if (!run(query,
             QStringLiteral("SELECT target, replicas, until_utc, created_utc, created_by, note FROM overrides"
                            " WHERE cluster_key = ? AND created_utc <= ? AND until_utc > ? ORDER BY target"),
             {clusterKey, now, now}))
        return storageError(QStringLiteral("cannot read overrides"), query.lastError());
    std::vector<ScheduleOverride> list;
    while (query.next()) {
        list.push_back(ScheduleOverride{targetFromKey(query.value(0).toString()), query.value(1).toInt(),
                                        timeFrom(query.value(2)), timeFrom(query.value(3)), query.value(4).toString(),
                                        query.value(5).toString()});
    }
    return list;
}

Result<qint64> ScheduleStore::appendAudit(const QString &clusterKey, const AuditEntry &entry)
{
    if (auto allowed = m_guard.check(QStringLiteral("the audit log entry for %1 was not written").arg(entry.target)); !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("INSERT INTO audit (cluster_key, at_utc, target, cause, before, after, result, detail,"
                            " holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {clusterKey, timeValue(entry.atUtc), textValue(entry.target), auditCauseName(entry.cause),
              textValue(entry.before), textValue(entry.after), textValue(entry.result), textValue(entry.detail),
              textValue(entry.holder)}))
        return storageError(QStringLiteral("cannot write the audit log"), query.lastError(), m_path);
    return query.lastInsertId().toLongLong();
}

Result<Done> ScheduleStore::finishAudit(qint64 id, const QString &result, const QString &detail)
{
    if (auto allowed = m_guard.check(QStringLiteral("audit log entry %1 was not finished").arg(id)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query, QStringLiteral("UPDATE audit SET result = ?, detail = ? WHERE id = ?"),
             {textValue(result), textValue(detail), id}))
        return storageError(QStringLiteral("cannot update audit entry %1").arg(id), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(RayErrorKind::Storage, QStringLiteral("there is no audit entry %1").arg(id));
    return Done{};
}

Result<Done> ScheduleStore::finishAction(const QString &clusterKey, qint64 auditId, const QString &result,
                                         const QString &detail, const TargetState &state)
{
    if (auto allowed = m_guard.check(QStringLiteral("the outcome of the action on %1 was not recorded").arg(state.target)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return storageError(QStringLiteral("cannot begin a transaction"), db.lastError());
    auto finished = finishAudit(auditId, result, detail);
    auto saved = finished ? saveTargetState(clusterKey, state) : Result<Done>(finished.error());
    if (!saved) {
        db.rollback();
        return saved.error();
    }
    if (!db.commit())
        return storageError(QStringLiteral("cannot commit the action's outcome"), db.lastError());
    return Done{};
}

Result<std::vector<AuditEntry>> ScheduleStore::audit(const QString &clusterKey, const QDateTime &sinceUtc)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("SELECT id, at_utc, target, cause, before, after, result, detail, holder FROM audit"
                            " WHERE cluster_key = ? AND at_utc >= ? ORDER BY at_utc, id"),
             {clusterKey, sinceUtc.toMSecsSinceEpoch()}))
        return storageError(QStringLiteral("cannot read the audit log"), query.lastError());
    std::vector<AuditEntry> entries;
    while (query.next()) {
        AuditEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.atUtc = timeFrom(query.value(1));
        entry.target = query.value(2).toString();
        // An unknown cause (a newer ScaleDeck wrote it) reads as a schedule change rather than failing.
        entry.cause = auditCauseFromName(query.value(3).toString()).value_or(AuditCause::Schedule);
        entry.before = query.value(4).toString();
        entry.after = query.value(5).toString();
        entry.result = query.value(6).toString();
        entry.detail = query.value(7).toString();
        entry.holder = query.value(8).toString();
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<int> ScheduleStore::markInterrupted(const QString &clusterKey)
{
    if (auto allowed = m_guard.check(QStringLiteral("pending audit log entries were not closed")); !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("UPDATE audit SET result = 'interrupted' WHERE cluster_key = ? AND result = 'pending'"),
             {clusterKey}))
        return storageError(QStringLiteral("cannot update the audit log"), query.lastError());
    return query.numRowsAffected();
}

Result<std::optional<TargetState>> ScheduleStore::targetState(const QString &clusterKey, const QString &target)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("SELECT settled_desired, attempted_desired, attempted_utc, attempt_failed, drift_noted"
                            " FROM target_state WHERE cluster_key = ? AND target = ?"),
             {clusterKey, target}))
        return storageError(QStringLiteral("cannot read the state of '%1'").arg(target), query.lastError());
    if (!query.next())
        return std::optional<TargetState>();
    TargetState state;
    state.target = target;
    state.settledDesired = intFrom(query.value(0));
    state.attemptedDesired = intFrom(query.value(1));
    state.attemptedUtc = timeFrom(query.value(2));
    state.attemptFailed = query.value(3).toBool();
    if (!query.value(4).isNull())
        state.driftNoted = query.value(4).toString();
    return std::optional<TargetState>(std::move(state));
}

Result<Done> ScheduleStore::saveTargetState(const QString &clusterKey, const TargetState &state)
{
    if (auto allowed = m_guard.check(QStringLiteral("the controller's memory of %1 was not saved").arg(state.target)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("INSERT OR REPLACE INTO target_state (cluster_key, target, settled_desired,"
                            " attempted_desired, attempted_utc, attempt_failed, drift_noted)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)"),
             {clusterKey, state.target, intValue(state.settledDesired), intValue(state.attemptedDesired),
              timeValue(state.attemptedUtc), state.attemptFailed ? 1 : 0,
              state.driftNoted ? QVariant(*state.driftNoted) : QVariant(QMetaType::fromType<QString>())}))
        return storageError(QStringLiteral("cannot save the state of '%1'").arg(state.target), query.lastError());
    return Done{};
}

Result<ControllerLock> ScheduleStore::acquireLock(const QString &clusterKey, const QString &holder, bool dryRun,
                                                  const QDateTime &nowUtc, qint64 staleAfterMs)
{
    if (auto allowed = m_guard.check(QStringLiteral("the controller lock of %1 was not taken").arg(clusterKey)); !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    // BEGIN IMMEDIATE takes SQLite's write lock before the read, so two processes cannot both see the lock
    // free and both take it (a plain BEGIN, which QSqlDatabase::transaction() issues, reads first).
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return storageError(QStringLiteral("cannot lock the store to take the controller lock"), query.lastError(),
                            m_path);
    auto rollBack = [&](const QString &what) -> RayError {
        RayError error = storageError(what, query.lastError(), m_path);
        query.finish();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return error;
    };

    if (!run(query,
             QStringLiteral("SELECT holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms FROM controller_lock"
                            " WHERE cluster_key = ?"),
             {clusterKey}))
        return rollBack(QStringLiteral("cannot read the controller lock"));
    std::optional<ControllerLock> current;
    if (query.next())
        current = lockFrom(query);
    query.finish();

    ControllerLock after;
    const qint64 now = nowUtc.toMSecsSinceEpoch();
    // Staleness is judged by the holder's own limit (its ticks), not the caller's: a controller with a short
    // tick must not take the lock from a live one with a longer tick.
    if (current && current->holder == holder) {
        after = ControllerLock{holder, nowUtc.toUTC(), current->acquiredUtc, dryRun, staleAfterMs};
    } else if (!current || now - current->heartbeatUtc.toMSecsSinceEpoch() > current->staleAfterMs) {
        after = ControllerLock{holder, nowUtc.toUTC(), nowUtc.toUTC(), dryRun, staleAfterMs};
    } else {
        query.exec(QStringLiteral("ROLLBACK"));
        return *current;  // held by someone else who is alive
    }
    if (!run(query,
             QStringLiteral("INSERT OR REPLACE INTO controller_lock (cluster_key, holder, heartbeat_utc, acquired_utc,"
                            " dry_run, stale_after_ms) VALUES (?, ?, ?, ?, ?, ?)"),
             {clusterKey, textValue(after.holder), timeValue(after.heartbeatUtc), timeValue(after.acquiredUtc),
              after.dryRun ? 1 : 0, after.staleAfterMs}))
        return rollBack(QStringLiteral("cannot write the controller lock"));
    if (!query.exec(QStringLiteral("COMMIT")))
        return rollBack(QStringLiteral("cannot commit the controller lock"));
    return after;
}

Result<std::optional<ControllerLock>> ScheduleStore::currentLock(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query,
             QStringLiteral("SELECT holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms FROM controller_lock"
                            " WHERE cluster_key = ?"),
             {clusterKey}))
        return storageError(QStringLiteral("cannot read the controller lock"), query.lastError());
    if (!query.next())
        return std::optional<ControllerLock>();
    return std::optional<ControllerLock>(lockFrom(query));
}

Result<Done> ScheduleStore::releaseLock(const QString &clusterKey, const QString &holder)
{
    if (auto allowed = m_guard.check(QStringLiteral("the controller lock of %1 was not released").arg(clusterKey)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!run(query, QStringLiteral("DELETE FROM controller_lock WHERE cluster_key = ? AND holder = ?"),
             {clusterKey, holder}))
        return storageError(QStringLiteral("cannot release the controller lock"), query.lastError());
    return Done{};
}

}  // namespace scaledeck
