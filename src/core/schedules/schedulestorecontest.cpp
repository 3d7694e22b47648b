// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ScheduleStore's part for fights over targets (table target_contest): what the controller remembers of another
// controller or tool putting back its changes, and the transactions that start and end a contest with their audit
// rows.
#include "schedulestore.h"
#include "schedulestore_p.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>

namespace scaledeck {

using namespace storecolumns;

namespace {
const QString contestColumns =
    QStringLiteral("target, put_back_utc, contested_utc, description, outside_value, outside_since_utc, contests");

TargetContest contestFrom(const QSqlQuery &row) // in the order of contestColumns
{
    TargetContest contest;
    contest.target = row.value(0).toString();
    contest.putBackUtc = timeFrom(row.value(1));
    contest.contestedUtc = timeFrom(row.value(2));
    contest.description = row.value(3).toString();
    contest.outsideValue = row.value(4).toString();
    contest.outsideSinceUtc = timeFrom(row.value(5));
    contest.contests = row.value(6).toInt();
    return contest;
}
} // namespace

Result<std::optional<TargetContest>> ScheduleStore::targetContest(const QString &clusterKey, const QString &target)
{
    auto query = m_store.run(
        QStringLiteral("SELECT %1 FROM target_contest WHERE cluster_key = ? AND target = ?").arg(contestColumns),
        {clusterKey, target}, QStringLiteral("cannot read whether '%1' is contested").arg(target));
    if (!query)
        return query.error();
    if (!query.value().next())
        return std::optional<TargetContest>();
    return std::optional<TargetContest>(contestFrom(query.value()));
}

Result<std::vector<TargetContest>> ScheduleStore::contestedTargets(const QString &clusterKey)
{
    auto query = m_store.run(QStringLiteral("SELECT %1 FROM target_contest WHERE cluster_key = ?"
                                            " AND contested_utc IS NOT NULL ORDER BY target")
                                 .arg(contestColumns),
                             {clusterKey}, QStringLiteral("cannot read the contested targets"));
    if (!query)
        return query.error();
    std::vector<TargetContest> contests;
    while (query.value().next())
        contests.push_back(contestFrom(query.value()));
    return contests;
}

Result<Done> ScheduleStore::saveTargetContest(const QString &clusterKey, const TargetContest &contest)
{
    // ON CONFLICT rather than INSERT OR REPLACE: a form PostgreSQL reads as well.
    auto saved = m_store.write(
        QStringLiteral("the controller's memory of the fight over %1 was not saved").arg(contest.target),
        QStringLiteral("INSERT INTO target_contest (cluster_key, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (cluster_key, target) DO UPDATE SET put_back_utc = excluded.put_back_utc,"
                       " contested_utc = excluded.contested_utc, description = excluded.description,"
                       " outside_value = excluded.outside_value, outside_since_utc = excluded.outside_since_utc,"
                       " contests = excluded.contests")
            .arg(contestColumns),
        {clusterKey, contest.target, timeValue(contest.putBackUtc), timeValue(contest.contestedUtc),
         textValue(contest.description), textValue(contest.outsideValue), timeValue(contest.outsideSinceUtc),
         contest.contests},
        QStringLiteral("cannot save the fight over '%1'").arg(contest.target));
    if (!saved)
        return saved.error();
    return Done{};
}

Result<Done> storecolumns::forgetContest(StoreConnection &store, const QString &clusterKey, const QString &target)
{
    auto deleted = store.write(QStringLiteral("the fight over %1 was not forgotten").arg(target),
                               QStringLiteral("DELETE FROM target_contest WHERE cluster_key = ? AND target = ?"),
                               {clusterKey, target}, QStringLiteral("cannot forget the fight over '%1'").arg(target));
    if (!deleted)
        return deleted.error();
    return Done{};
}

Result<Done> ScheduleStore::startContest(const QString &clusterKey, const TargetContest &contest, const AuditEntry &row)
{
    return inTransaction(QStringLiteral("the fight over %1 was not recorded").arg(contest.target), [&]() {
        if (auto audited = appendAudit(clusterKey, row); !audited)
            return Result<Done>(audited.error());
        return saveTargetContest(clusterKey, contest);
    });
}

Result<bool> ScheduleStore::endContest(const QString &clusterKey, const QString &target, const AuditEntry &row)
{
    bool wasContested = false;
    auto ended = inTransaction(QStringLiteral("the fight over %1 was not ended").arg(target), [&]() {
        auto deleted = m_store.write(
            QStringLiteral("the fight over %1 was not ended").arg(target),
            QStringLiteral(
                "DELETE FROM target_contest WHERE cluster_key = ? AND target = ? AND contested_utc IS NOT NULL"),
            {clusterKey, target}, QStringLiteral("cannot end the fight over '%1'").arg(target));
        if (!deleted)
            return Result<Done>(deleted.error());
        wasContested = deleted.value().numRowsAffected() > 0;
        if (!wasContested)
            return Result<Done>(Done{});
        if (auto audited = appendAudit(clusterKey, row); !audited)
            return Result<Done>(audited.error());
        return Result<Done>(Done{});
    });
    if (!ended)
        return ended.error();
    return wasContested;
}

Result<bool> ScheduleStore::resumeContest(const QString &clusterKey, const QString &target, const QDateTime &atUtc,
                                          const QString &holder)
{
    auto stored = targetContest(clusterKey, target);
    if (!stored)
        return stored.error();
    const AuditEntry row{.atUtc = atUtc,
                         .target = target,
                         .cause = AuditCause::Operator,
                         .before = stored->has_value() ? (*stored)->outsideValue : QString(),
                         .result = AuditResult::Resumed,
                         .detail = QStringLiteral("an operator resumed the correction"),
                         .holder = holder};
    return endContest(clusterKey, target, row);
}

Result<Done> ScheduleStore::inTransaction(const QString &refused, const std::function<Result<Done>()> &work)
{
    if (auto allowed = m_store.guard().check(refused); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    StoreTransaction transaction(m_store.database()); // rolled back unless committed
    if (!transaction.begin(true))
        return m_store.error(QStringLiteral("cannot begin a transaction"), transaction.error());
    if (auto done = work(); !done)
        return done.error();
    if (!transaction.commit())
        return m_store.error(refused, transaction.error());
    return Done{};
}

} // namespace scaledeck
