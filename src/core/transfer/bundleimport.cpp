// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A bundle into a store, in one transaction: each row compared with what the store holds for the same key
// (added, already there, or a conflict), the history through bundleimporthistory.cpp, one audit row for the
// whole import. A refused import, a dry run and any failure roll the transaction back.
#include "bundleimport.h"
#include "bundleimport_p.h"

#include "auditentry.h"
#include "historystore.h"
#include "parkedstore.h"
#include "pricestore.h"
#include "schedulestore.h"
#include "storeconnection.h"
#include "storedialect.h"

#include <QSqlError>

namespace scaledeck {

using namespace importdetail;

QString bundleKindName(BundleKind kind)
{
    switch (kind) {
    case BundleKind::Schedules:
        return QStringLiteral("schedules");
    case BundleKind::Overrides:
        return QStringLiteral("overrides");
    case BundleKind::ParkedApps:
        return QStringLiteral("parked apps");
    case BundleKind::Prices:
        return QStringLiteral("prices");
    case BundleKind::AlwaysOn:
        return QStringLiteral("always-on counts");
    case BundleKind::Audit:
        return QStringLiteral("audit rows");
    case BundleKind::Leases:
        return QStringLiteral("leases");
    case BundleKind::Usage:
        return QStringLiteral("usage segments");
    }
    return QString();
}

QString ImportOutcome::summaryText() const
{
    QStringList parts;
    for (int i = 0; i < kBundleKinds; ++i) {
        const ImportCount &c = counts[size_t(i)];
        QStringList numbers;
        if (c.added)
            numbers << QStringLiteral("%1 added").arg(c.added);
        if (c.alreadyThere)
            numbers << QStringLiteral("%1 already there").arg(c.alreadyThere);
        if (c.replaced)
            numbers << QStringLiteral("%1 replaced").arg(c.replaced);
        if (!numbers.isEmpty())
            parts << QStringLiteral("%1 %2").arg(bundleKindName(BundleKind(i)), numbers.join(QStringLiteral(", ")));
    }
    return parts.isEmpty() ? QStringLiteral("nothing") : parts.join(QStringLiteral("; "));
}

namespace {

// One keyed row: read the store's, compare, then add, count as there, or replace (a conflict either way).
struct KeyedRow {
    BundleKind kind;
    QString key;
    QString select;             // the compared columns in the store, by cluster and key
    std::vector<QVariant> mine; // the bundle's values of all the columns after cluster and key, in order
    size_t compared;            // how many of them `select` reads and are compared
    QString upsert;             // writes the whole row: cluster, key, then `mine`
    QString differs;            // "%1: the controller's schedule differs from the imported one"
};

bool sameValue(const QVariant &theirs, const QVariant &mine)
{
    if (theirs.isNull() || mine.isNull())
        return theirs.isNull() == mine.isNull();
    if (mine.typeId() == QMetaType::Double)
        return theirs.toDouble() == mine.toDouble();
    return theirs.toString() == mine.toString();
}

// Added, already there, or a conflict: replaced when replacing, else left as it is.
Result<Done> importRow(ImportRun &run, const KeyedRow &row)
{
    QSqlQuery query(run.db);
    if (!runQuery(query, row.select, {run.cluster, row.key}))
        return run.error(row.key, query.lastError());
    ImportCount &count = run.count(row.kind);
    bool replacing = false;
    if (query.next()) {
        bool same = true;
        for (size_t i = 0; i < row.compared; ++i)
            same = same && sameValue(query.value(int(i)), row.mine[i]);
        query.finish();
        if (same) {
            ++count.alreadyThere;
            return Done{};
        }
        run.conflict(row.kind, row.key, row.differs.arg(row.key));
        if (!run.replaces())
            return Done{};
        replacing = true;
    }
    query.finish();
    if (!query.prepare(row.upsert))
        return run.error(row.key, query.lastError());
    query.addBindValue(run.cluster);
    query.addBindValue(row.key);
    for (const QVariant &value : row.mine)
        query.addBindValue(value);
    if (!query.exec())
        return run.error(row.key, query.lastError());
    (replacing ? count.replaced : count.added) += 1;
    return Done{};
}

Result<Done> importKeyedRows(ImportRun &run, const StoreBundle &bundle)
{
    std::vector<KeyedRow> rows;
    // A schedule is its text: when it was saved is not compared.
    for (const BundleSchedule &row : bundle.schedules)
        rows.push_back(KeyedRow{BundleKind::Schedules,
                                row.target,
                                QStringLiteral("SELECT text FROM schedules WHERE cluster_key = ? AND target = ?"),
                                {textValue(row.text), msValue(row.updatedMs)},
                                1,
                                upsertStatement("schedules", {"cluster_key", "target", "text", "updated_utc"}, 2),
                                QStringLiteral("%1: the controller's schedule differs from the imported one")});
    for (const BundleOverride &row : bundle.overrides)
        rows.push_back(KeyedRow{
            BundleKind::Overrides,
            row.target,
            QStringLiteral("SELECT replicas, until_utc, created_utc, created_by, note FROM overrides"
                           " WHERE cluster_key = ? AND target = ?"),
            {row.replicas, row.untilMs, row.createdMs, textValue(row.createdBy), textValue(row.note)},
            5,
            upsertStatement("overrides",
                            {"cluster_key", "target", "replicas", "until_utc", "created_utc", "created_by", "note"}, 2),
            QStringLiteral("%1: the controller's override differs from the imported one")});
    // A parked app is its config: the same config parked at another time is already there.
    for (const BundleParked &row : bundle.parked)
        rows.push_back(KeyedRow{BundleKind::ParkedApps,
                                row.app,
                                QStringLiteral("SELECT config FROM parked_apps WHERE cluster = ? AND app = ?"),
                                {textValue(row.config), textValue(row.summary), textValue(row.parkedAt)},
                                1,
                                upsertStatement("parked_apps", {"cluster", "app", "config", "summary", "parked_at"}, 2),
                                QStringLiteral("%1: the controller keeps another parked config of this app")});
    for (const auto &[target, replicas] : bundle.alwaysOn)
        rows.push_back(
            KeyedRow{BundleKind::AlwaysOn,
                     target,
                     QStringLiteral("SELECT replicas FROM always_on_counts WHERE cluster_key = ? AND target = ?"),
                     {replicas},
                     1,
                     upsertStatement("always_on_counts", {"cluster_key", "target", "replicas"}, 2),
                     QStringLiteral("%1: the controller's always-on count differs from the imported one")});
    for (const KeyedRow &row : rows) {
        const ImportCount before = run.count(row.kind);
        if (auto done = importRow(run, row); !done)
            return done;
        // A new or replaced schedule is a new intent (as ScheduleStore::saveSchedule): what the controller
        // remembered of a fight over its target is forgotten.
        const ImportCount &after = run.count(row.kind);
        if (row.kind == BundleKind::Schedules && (after.added != before.added || after.replaced != before.replaced)) {
            QSqlQuery query(run.db);
            if (!runQuery(query, QStringLiteral("DELETE FROM target_contest WHERE cluster_key = ? AND target = ?"),
                          {run.cluster, row.key}))
                return run.error(row.key, query.lastError());
        }
    }
    return Done{};
}

Result<std::optional<BundlePrices>> storedPrices(ImportRun &run)
{
    QSqlQuery query(run.db);
    if (!runQuery(query, QStringLiteral("SELECT currency, gpu_hour, cpu_hour FROM prices WHERE cluster_key = ?"),
                  {run.cluster}))
        return run.error(QStringLiteral("the prices"), query.lastError());
    if (!query.next())
        return std::optional<BundlePrices>();
    BundlePrices prices{query.value(0).toString(),
                        query.value(1).toDouble(),
                        query.value(2).isNull() ? std::nullopt : std::optional<double>(query.value(2).toDouble()),
                        {}};
    query.finish();
    if (!runQuery(query, QStringLiteral("SELECT accelerator, gpu_hour FROM accelerator_prices WHERE cluster_key = ?"),
                  {run.cluster}))
        return run.error(QStringLiteral("the prices"), query.lastError());
    while (query.next())
        prices.gpuHourByAccelerator[query.value(0).toString()] = query.value(1).toDouble();
    return std::optional<BundlePrices>(std::move(prices));
}

// The price list is one thing: the same, or replaced whole.
Result<Done> importPrices(ImportRun &run, const StoreBundle &bundle)
{
    if (!bundle.prices)
        return Done{};
    auto stored = storedPrices(run);
    if (!stored)
        return stored.error();
    ImportCount &count = run.count(BundleKind::Prices);
    if (*stored == bundle.prices) {
        ++count.alreadyThere;
        return Done{};
    }
    if (stored->has_value()) {
        run.conflict(BundleKind::Prices, QStringLiteral("prices"),
                     QStringLiteral("prices: the controller's price list differs from the imported one"));
        if (!run.replaces())
            return Done{};
    }
    const BundlePrices &prices = *bundle.prices;
    QSqlQuery query(run.db);
    bool ok = runQuery(query, upsertStatement("prices", {"cluster_key", "currency", "gpu_hour", "cpu_hour"}, 1),
                       {run.cluster, textValue(prices.currency), prices.gpuHour,
                        prices.cpuHour ? QVariant(*prices.cpuHour) : QVariant(QMetaType::fromType<double>())}) &&
              runQuery(query, QStringLiteral("DELETE FROM accelerator_prices WHERE cluster_key = ?"), {run.cluster});
    for (auto it = prices.gpuHourByAccelerator.begin(); ok && it != prices.gpuHourByAccelerator.end(); ++it)
        ok = runQuery(
            query,
            QStringLiteral("INSERT INTO accelerator_prices (cluster_key, accelerator, gpu_hour) VALUES (?, ?, ?)"),
            {run.cluster, it->first, it->second});
    if (!ok)
        return run.error(QStringLiteral("the prices"), query.lastError());
    (stored->has_value() ? count.replaced : count.added) += 1;
    return Done{};
}

// Audit rows are history: one the store has word for word is skipped, any other added.
Result<Done> importAudit(ImportRun &run, const StoreBundle &bundle)
{
    QSqlQuery there(run.db);
    there.prepare(QStringLiteral("SELECT 1 FROM audit WHERE cluster_key = ? AND at_utc = ? AND target = ? AND cause = ?"
                                 " AND before = ? AND after = ? AND result = ? AND detail = ? AND holder = ? LIMIT 1"));
    QSqlQuery insert(run.db);
    insert.prepare(QStringLiteral("INSERT INTO audit (cluster_key, at_utc, target, cause, before, after, result,"
                                  " detail, holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    ImportCount &count = run.count(BundleKind::Audit);
    for (const BundleAudit &row : bundle.audit) {
        const std::initializer_list<QVariant> values{run.cluster,           row.atMs,
                                                     textValue(row.target), textValue(row.cause),
                                                     textValue(row.before), textValue(row.after),
                                                     textValue(row.result), textValue(row.detail),
                                                     textValue(row.holder)};
        if (!execBound(there, values))
            return run.error(QStringLiteral("the audit log"), there.lastError());
        const bool found = there.next();
        there.finish();
        if (found) {
            ++count.alreadyThere;
            continue;
        }
        if (!execBound(insert, values))
            return run.error(QStringLiteral("the audit log"), insert.lastError());
        ++count.added;
    }
    return Done{};
}

Result<Done> auditTheImport(ImportRun &run, const StoreBundle &bundle)
{
    QSqlQuery query(run.db);
    if (!runQuery(query,
                  QStringLiteral("INSERT INTO audit (cluster_key, at_utc, target, cause, before, after, result,"
                                 " detail, holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  {run.cluster, run.options.nowUtc.toMSecsSinceEpoch(), QStringLiteral("import"),
                   auditCauseName(AuditCause::Operator), textValue(bundle.cluster), run.cluster,
                   auditResultName(AuditResult::Imported),
                   QStringLiteral("%1%2").arg(run.options.replace ? QStringLiteral("(--replace) ") : QString(),
                                              run.outcome.summaryText()),
                   textValue(run.options.importedBy)}))
        return run.error(QStringLiteral("the audit row of the import"), query.lastError());
    return Done{};
}

// Opening each store creates its tables (and brings an old SQLite file's up to date), so the import writes into
// the schema every reader expects.
Result<Done> createTables(const QString &store)
{
    ScheduleStore schedules(store);
    ParkedStore parked(store);
    PriceStore prices(store);
    HistoryStore history(store);
    if (auto opened = schedules.open(); !opened)
        return opened;
    if (auto opened = parked.open(); !opened)
        return opened;
    if (auto opened = prices.open(); !opened)
        return opened;
    return history.open();
}

} // namespace

Result<ImportOutcome> importBundle(const QString &store, const QString &clusterKey, const StoreBundle &bundle,
                                   const ImportOptions &options)
{
    if (!options.dryRun) {
        if (auto allowed = options.guard.check(QStringLiteral("the import was not written")); !allowed)
            return allowed.error();
    }
    if (auto created = createTables(store); !created)
        return created.error();
    StoreConnection connection(store, "import", "store import", Durability::Full, {}, WriteGuard());
    if (auto opened = connection.open(); !opened)
        return opened.error();
    ImportOutcome outcome;
    ImportRun run{connection.database(), clusterKey, options, outcome};
    {
        StoreTransaction transaction(run.db); // all or nothing; rolled back unless committed below
        if (!transaction.begin(true))
            return connection.fileError(QStringLiteral("cannot begin the import"), transaction.error());
        for (auto step : {importKeyedRows, importPrices, importAudit, importHistory}) {
            if (auto done = step(run, bundle); !done)
                return done.error();
        }
        if (options.dryRun || (!outcome.conflicts.empty() && !options.replace))
            return outcome;
        if (auto audited = auditTheImport(run, bundle); !audited)
            return audited.error();
        if (!transaction.commit())
            return connection.fileError(QStringLiteral("cannot commit the import"), transaction.error());
    }
    outcome.written = true;
    return outcome;
}

} // namespace scaledeck
