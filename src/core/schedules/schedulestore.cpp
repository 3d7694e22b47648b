// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulestore.h"
#include "schedulestore_p.h"

#include "storedialect.h"

#include <QThread>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace scaledeck {

using namespace storecolumns;

namespace {
ControllerLock lockFrom(const QSqlQuery &query) // holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms
{
    return ControllerLock{query.value(0).toString(), timeFrom(query.value(1)), timeFrom(query.value(2)),
                          query.value(3).toBool(), query.value(4).toLongLong()};
}
} // namespace

ScheduleStore::ScheduleStore(const QString &databasePath, WriteGuard guard)
    // Same database and settings as ParkedStore. SQLite: WAL so the GUI reads while the controller writes, FULL sync so
    // a committed audit entry or lock survives a crash.
    : m_store(databasePath, "schedules", "schedule store", Durability::Full,
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
               "CREATE TABLE IF NOT EXISTS target_contest ("
               " cluster_key TEXT NOT NULL, target TEXT NOT NULL, put_back_utc INTEGER, contested_utc INTEGER,"
               " description TEXT NOT NULL, outside_value TEXT NOT NULL, outside_since_utc INTEGER,"
               " contests INTEGER NOT NULL, PRIMARY KEY (cluster_key, target))",
               "CREATE TABLE IF NOT EXISTS controller_lock ("
               " cluster_key TEXT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, heartbeat_utc INTEGER NOT NULL,"
               " acquired_utc INTEGER NOT NULL, dry_run INTEGER NOT NULL, stale_after_ms INTEGER NOT NULL)"},
              guard)
{
}

ScheduleStore::~ScheduleStore() = default;

Result<Done> ScheduleStore::open()
{
    return m_store.open();
}

namespace {
// A schedule's text on one line for the audit log's before/after columns: its rules joined by "; ", comments
// dropped, cut at a length a log line can show.
QString auditLine(const QString &text)
{
    constexpr qsizetype kLongest = 240;
    QStringList rules;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString rule = line.section(QLatin1Char('#'), 0, 0).trimmed();
        if (!rule.isEmpty())
            rules.append(rule);
    }
    QString joined = rules.join(QStringLiteral("; "));
    if (joined.size() > kLongest)
        joined = joined.left(kLongest - 1) + QChar(0x2026);
    return joined;
}

AuditEntry scheduleChangeRow(const QString &target, AuditResult result, const QString &before, const QString &after,
                             const ScheduleAuthor &author)
{
    return AuditEntry{.atUtc = author.atUtc,
                      .target = target,
                      .cause = AuditCause::Operator,
                      .before = auditLine(before),
                      .after = auditLine(after),
                      .result = result,
                      .detail = author.detail,
                      .holder = author.holder};
}
} // namespace

Result<Done> ScheduleStore::saveSchedule(const QString &clusterKey, const StoredSchedule &schedule,
                                         const std::optional<ScheduleAuthor> &author)
{
    const QString target = targetKey(schedule.target);
    const QString refused = QStringLiteral("the schedule of %1 was not saved").arg(target);
    // A new schedule is a new intent: what the controller remembers of a fight under the old one is forgotten.
    return inTransaction(refused, [&]() {
        std::optional<StoredSchedule> old;
        if (author) {
            auto read = this->schedule(clusterKey, schedule.target);
            if (!read)
                return Result<Done>(read.error());
            old = *read;
        }
        auto saved =
            m_store.write(refused, upsertStatement("schedules", {"cluster_key", "target", "text", "updated_utc"}, 2),
                          {clusterKey, target, textValue(schedule.text), timeValue(schedule.updatedUtc)},
                          QStringLiteral("cannot save the schedule of '%1'").arg(target));
        if (!saved)
            return Result<Done>(saved.error());
        if (auto forgot = forgetContest(m_store, clusterKey, target); !forgot)
            return forgot;
        if (!author)
            return Result<Done>(Done{});
        auto audited = appendAudit(clusterKey, scheduleChangeRow(target, AuditResult::ScheduleSet,
                                                                 old ? old->text : QString(), schedule.text, *author));
        return audited ? Result<Done>(Done{}) : Result<Done>(audited.error());
    });
}

Result<std::vector<StoredSchedule>> ScheduleStore::schedules(const QString &clusterKey)
{
    auto query = m_store.run(
        QStringLiteral("SELECT target, text, updated_utc FROM schedules WHERE cluster_key = ? ORDER BY target"),
        {clusterKey}, QStringLiteral("cannot read schedules"));
    if (!query)
        return query.error();
    std::vector<StoredSchedule> list;
    while (query.value().next())
        list.push_back(StoredSchedule{targetFromKey(query.value().value(0).toString()),
                                      query.value().value(1).toString(), timeFrom(query.value().value(2))});
    return list;
}

Result<std::optional<StoredSchedule>> ScheduleStore::schedule(const QString &clusterKey, const ScheduleTarget &target)
{
    auto query = m_store.run(
        QStringLiteral("SELECT text, updated_utc FROM schedules WHERE cluster_key = ? AND target = ?"),
        {clusterKey, targetKey(target)}, QStringLiteral("cannot read the schedule of '%1'").arg(targetKey(target)));
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    if (!row.next())
        return std::optional<StoredSchedule>();
    return std::optional<StoredSchedule>(StoredSchedule{target, row.value(0).toString(), timeFrom(row.value(1))});
}

Result<bool> ScheduleStore::removeSchedule(const QString &clusterKey, const ScheduleTarget &target,
                                           const std::optional<ScheduleAuthor> &author)
{
    const QString key = targetKey(target);
    const QString refused = QStringLiteral("the schedule of %1 was not removed").arg(key);
    bool removedOne = false;
    // An uncontrolled target has no fight: its memory goes with the schedule.
    auto removed = inTransaction(refused, [&]() {
        auto old = schedule(clusterKey, target);
        if (!old)
            return Result<Done>(old.error());
        auto deleted =
            m_store.write(refused, QStringLiteral("DELETE FROM schedules WHERE cluster_key = ? AND target = ?"),
                          {clusterKey, key}, QStringLiteral("cannot remove the schedule of '%1'").arg(key));
        if (!deleted)
            return Result<Done>(deleted.error());
        removedOne = deleted.value().numRowsAffected() > 0;
        if (auto forgot = forgetContest(m_store, clusterKey, key); !forgot)
            return forgot;
        if (!author || !removedOne || !old->has_value())
            return Result<Done>(Done{});
        auto audited = appendAudit(
            clusterKey, scheduleChangeRow(key, AuditResult::ScheduleRemoved, (*old)->text, QString(), *author));
        return audited ? Result<Done>(Done{}) : Result<Done>(audited.error());
    });
    if (!removed)
        return removed.error();
    return removedOne;
}

Result<Done> ScheduleStore::setOverride(const QString &clusterKey, const ScheduleOverride &override_)
{
    const QString target = targetKey(override_.target);
    auto saved = m_store.write(
        QStringLiteral("the override of %1 was not set").arg(target),
        upsertStatement("overrides",
                        {"cluster_key", "target", "replicas", "until_utc", "created_utc", "created_by", "note"}, 2),
        {clusterKey, target, override_.replicas, timeValue(override_.untilUtc), timeValue(override_.createdUtc),
         textValue(override_.createdBy), textValue(override_.note)},
        QStringLiteral("cannot save the override of '%1'").arg(target));
    if (!saved)
        return saved.error();
    return Done{};
}

Result<bool> ScheduleStore::clearOverride(const QString &clusterKey, const ScheduleTarget &target)
{
    auto cleared = m_store.write(QStringLiteral("the override of %1 was not cleared").arg(targetKey(target)),
                                 QStringLiteral("DELETE FROM overrides WHERE cluster_key = ? AND target = ?"),
                                 {clusterKey, targetKey(target)},
                                 QStringLiteral("cannot clear the override of '%1'").arg(targetKey(target)));
    if (!cleared)
        return cleared.error();
    return cleared.value().numRowsAffected() > 0;
}

Result<std::vector<ScheduleOverride>> ScheduleStore::activeOverrides(const QString &clusterKey, const QDateTime &nowUtc)
{
    const qint64 now = nowUtc.toMSecsSinceEpoch();
    // Deleting expired overrides is housekeeping a read-only session leaves to a writer; it only skips them.
    if (!m_store.guard().isReadOnly()) {
        auto deleted = m_store.run(QStringLiteral("DELETE FROM overrides WHERE cluster_key = ? AND until_utc <= ?"),
                                   {clusterKey, now}, QStringLiteral("cannot remove expired overrides"));
        if (!deleted)
            return deleted.error();
    }
    // Same rule as ScheduleOverride::activeAt: one created after `now` (a clock running in the past) waits.
    auto query =
        m_store.run(QStringLiteral("SELECT target, replicas, until_utc, created_utc, created_by, note FROM overrides"
                                   " WHERE cluster_key = ? AND created_utc <= ? AND until_utc > ? ORDER BY target"),
                    {clusterKey, now, now}, QStringLiteral("cannot read overrides"));
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    std::vector<ScheduleOverride> list;
    while (row.next()) {
        list.push_back(ScheduleOverride{targetFromKey(row.value(0).toString()), row.value(1).toInt(),
                                        timeFrom(row.value(2)), timeFrom(row.value(3)), row.value(4).toString(),
                                        row.value(5).toString()});
    }
    return list;
}

Result<qint64> ScheduleStore::appendAudit(const QString &clusterKey, const AuditEntry &entry)
{
    if (auto allowed =
            m_store.guard().check(QStringLiteral("the audit log entry for %1 was not written").arg(entry.target));
        !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(m_store.database());
    if (!runQuery(query,
                  QStringLiteral("INSERT INTO audit (cluster_key, at_utc, target, cause, before, after, result, detail,"
                                 " holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                  {clusterKey, timeValue(entry.atUtc), textValue(entry.target), auditCauseName(entry.cause),
                   textValue(entry.before), textValue(entry.after), textValue(entry.resultText()),
                   textValue(entry.detail), textValue(entry.holder)}))
        return m_store.fileError(QStringLiteral("cannot write the audit log"), query.lastError());
    // RETURNING rather than lastInsertId(): QPSQL's is an OID, which PostgreSQL tables no longer have.
    if (!query.next())
        return m_store.fileError(QStringLiteral("the audit log gave no id for the new entry"), query.lastError());
    const qint64 id = query.value(0).toLongLong();
    query.finish(); // SQLite keeps the statement, and so the write, open until it is reset
    return id;
}

Result<Done> ScheduleStore::finishAudit(qint64 id, AuditResult result, const QString &detail)
{
    auto updated = m_store.write(QStringLiteral("audit log entry %1 was not finished").arg(id),
                                 QStringLiteral("UPDATE audit SET result = ?, detail = ? WHERE id = ?"),
                                 {auditResultName(result), textValue(detail), id},
                                 QStringLiteral("cannot update audit entry %1").arg(id));
    if (!updated)
        return updated.error();
    if (updated.value().numRowsAffected() == 0)
        return makeError(RayErrorKind::Storage, QStringLiteral("there is no audit entry %1").arg(id));
    return Done{};
}

Result<Done> ScheduleStore::finishAction(const QString &clusterKey, qint64 auditId, AuditResult result,
                                         const QString &detail, const TargetState &state)
{
    // The audit row's outcome and the target's state land together, so a crash between them never leaves a
    // target whose state says "done" under an audit row that says "started".
    return inTransaction(QStringLiteral("the outcome of the action on %1 was not recorded").arg(state.target), [&]() {
        if (auto finished = finishAudit(auditId, result, detail); !finished)
            return finished;
        return saveTargetState(clusterKey, state);
    });
}

Result<std::vector<AuditEntry>> ScheduleStore::audit(const QString &clusterKey, const QDateTime &sinceUtc)
{
    auto query =
        m_store.run(QStringLiteral("SELECT id, at_utc, target, cause, before, after, result, detail, holder FROM audit"
                                   " WHERE cluster_key = ? AND at_utc >= ? ORDER BY at_utc, id"),
                    {clusterKey, sinceUtc.toMSecsSinceEpoch()}, QStringLiteral("cannot read the audit log"));
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    std::vector<AuditEntry> entries;
    while (row.next()) {
        AuditEntry entry;
        entry.id = row.value(0).toLongLong();
        entry.atUtc = timeFrom(row.value(1));
        entry.target = row.value(2).toString();
        // An unknown cause (a newer ScaleDeck wrote it) reads as a schedule change rather than failing.
        entry.cause = auditCauseFromName(row.value(3).toString()).value_or(AuditCause::Schedule);
        entry.before = row.value(4).toString();
        entry.after = row.value(5).toString();
        // An unknown result (a newer ScaleDeck wrote it) keeps its stored text: shown as written, not dropped.
        const QString resultText = row.value(6).toString();
        entry.result = auditResultFromName(resultText);
        if (entry.result == AuditResult::Unrecognized)
            entry.unrecognizedResult = resultText;
        entry.detail = row.value(7).toString();
        entry.holder = row.value(8).toString();
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<int> ScheduleStore::markInterrupted(const QString &clusterKey)
{
    auto updated =
        m_store.write(QStringLiteral("pending audit log entries were not closed"),
                      QStringLiteral("UPDATE audit SET result = ? WHERE cluster_key = ? AND result = ?"),
                      {auditResultName(AuditResult::Interrupted), clusterKey, auditResultName(AuditResult::Pending)},
                      QStringLiteral("cannot update the audit log"));
    if (!updated)
        return updated.error();
    return updated.value().numRowsAffected();
}

Result<std::optional<TargetState>> ScheduleStore::targetState(const QString &clusterKey, const QString &target)
{
    auto query = m_store.run(QStringLiteral("SELECT settled_desired, attempted_desired, attempted_utc, attempt_failed,"
                                            " drift_noted FROM target_state WHERE cluster_key = ? AND target = ?"),
                             {clusterKey, target}, QStringLiteral("cannot read the state of '%1'").arg(target));
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    if (!row.next())
        return std::optional<TargetState>();
    TargetState state;
    state.target = target;
    state.settledDesired = intFrom(row.value(0));
    state.attemptedDesired = intFrom(row.value(1));
    state.attemptedUtc = timeFrom(row.value(2));
    state.attemptFailed = row.value(3).toBool();
    if (!row.value(4).isNull())
        state.driftNoted = row.value(4).toString();
    return std::optional<TargetState>(std::move(state));
}

Result<Done> ScheduleStore::saveTargetState(const QString &clusterKey, const TargetState &state)
{
    auto saved =
        m_store.write(QStringLiteral("the controller's memory of %1 was not saved").arg(state.target),
                      upsertStatement("target_state",
                                      {"cluster_key", "target", "settled_desired", "attempted_desired", "attempted_utc",
                                       "attempt_failed", "drift_noted"},
                                      2),
                      {clusterKey, state.target, intValue(state.settledDesired), intValue(state.attemptedDesired),
                       timeValue(state.attemptedUtc), state.attemptFailed ? 1 : 0,
                       state.driftNoted ? QVariant(*state.driftNoted) : QVariant(QMetaType::fromType<QString>())},
                      QStringLiteral("cannot save the state of '%1'").arg(state.target));
    if (!saved)
        return saved.error();
    return Done{};
}

namespace {
// Takes or renews the lock in one statement, atomic in both engines: the row is inserted, or replaced when its
// holder is the caller or its heartbeat is older than the holder's own limit (its ticks, not the caller's: a
// controller with a short tick must not take the lock from a live one with a longer tick). A row comes back
// only when the caller holds the lock afterwards. Renewing keeps the time it was first acquired.
const QString takeLockSql = QStringLiteral(
    "INSERT INTO controller_lock (cluster_key, holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cluster_key) DO UPDATE SET holder = excluded.holder,"
    " heartbeat_utc = excluded.heartbeat_utc, acquired_utc = CASE WHEN controller_lock.holder = excluded.holder"
    " THEN controller_lock.acquired_utc ELSE excluded.acquired_utc END, dry_run = excluded.dry_run,"
    " stale_after_ms = excluded.stale_after_ms WHERE controller_lock.holder = excluded.holder"
    " OR excluded.heartbeat_utc - controller_lock.heartbeat_utc > controller_lock.stale_after_ms"
    " RETURNING holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms");
} // namespace

Result<ControllerLock> ScheduleStore::acquireLock(const QString &clusterKey, const QString &holder, bool dryRun,
                                                  const QDateTime &nowUtc, qint64 staleAfterMs)
{
    if (auto allowed = m_store.guard().check(QStringLiteral("the controller lock of %1 was not taken").arg(clusterKey));
        !allowed)
        return allowed.error();
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlDatabase db = m_store.database();
    StoreTransaction transaction(db); // the take and the read of a lock held by another are one view
    if (!transaction.begin(true))
        return m_store.fileError(QStringLiteral("cannot lock the store to take the controller lock"),
                                 transaction.error());
    QSqlQuery query(db);
    if (!runQuery(query, takeLockSql,
                  {clusterKey, textValue(holder), timeValue(nowUtc), timeValue(nowUtc), dryRun ? 1 : 0, staleAfterMs}))
        return m_store.fileError(QStringLiteral("cannot write the controller lock"), query.lastError());
    std::optional<ControllerLock> lock;
    if (query.next())
        lock = lockFrom(query);
    query.finish();
    if (!lock) { // held by someone else who is alive
        if (!runQuery(query,
                      QStringLiteral("SELECT holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms"
                                     " FROM controller_lock WHERE cluster_key = ?"),
                      {clusterKey}) ||
            !query.next())
            return m_store.fileError(QStringLiteral("cannot read the controller lock"), query.lastError());
        lock = lockFrom(query);
        query.finish();
    }
    if (!transaction.commit())
        return m_store.fileError(QStringLiteral("cannot commit the controller lock"), transaction.error());
    return *lock;
}

Result<std::optional<ControllerLock>> ScheduleStore::currentLock(const QString &clusterKey)
{
    auto query = m_store.run(QStringLiteral("SELECT holder, heartbeat_utc, acquired_utc, dry_run, stale_after_ms"
                                            " FROM controller_lock WHERE cluster_key = ?"),
                             {clusterKey}, QStringLiteral("cannot read the controller lock"));
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<ControllerLock>();
    return std::optional<ControllerLock>(lockFrom(query.value()));
}

Result<Done> ScheduleStore::releaseLock(const QString &clusterKey, const QString &holder)
{
    auto released = m_store.write(QStringLiteral("the controller lock of %1 was not released").arg(clusterKey),
                                  QStringLiteral("DELETE FROM controller_lock WHERE cluster_key = ? AND holder = ?"),
                                  {clusterKey, holder}, QStringLiteral("cannot release the controller lock"));
    if (!released)
        return released.error();
    return Done{};
}

} // namespace scaledeck
