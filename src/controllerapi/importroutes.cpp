// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// POST import[?replace=1][&dry_run=1]: a single-user store's bundle (`scaledeckctl controller import FILE`) into
// the controller's store, in one transaction. 200 with what moved per kind; 409 with the conflicts (nothing
// written) when the store holds something differently and replace was not asked for. Operators only; audited
// (one row naming the caller, with the summary). The call is checked here on the server's thread; the bundle is
// read and written on the ImportRunner's (importrunner.h).
#include "apiroutes.h"

#include "bundleimport.h"
#include "logging.h"
#include "storebundle.h"

namespace scaledeck {

namespace {

// "1"/"true" or "0"/"false"/absent; anything else is std::nullopt (a 400).
std::optional<bool> flag(const ApiCall &call, const QString &name)
{
    if (!call.query.hasQueryItem(name))
        return false;
    const QString value = call.query.queryItemValue(name).toLower();
    if (value == QStringLiteral("1") || value == QStringLiteral("true") || value.isEmpty())
        return true;
    if (value == QStringLiteral("0") || value == QStringLiteral("false"))
        return false;
    return std::nullopt;
}

OrderedJson conflictsJson(const std::vector<ImportConflict> &conflicts)
{
    OrderedJson list = OrderedJson::array();
    for (const ImportConflict &conflict : conflicts)
        list.push_back({{"kind", jsonText(bundleKindName(conflict.kind))},
                        {"key", jsonText(conflict.key)},
                        {"description", jsonText(conflict.description)}});
    return list;
}

OrderedJson summaryJson(const ImportOutcome &outcome)
{
    OrderedJson counts = OrderedJson::object();
    for (int i = 0; i < kBundleKinds; ++i) {
        const ImportCount &count = outcome.counts[size_t(i)];
        counts[jsonText(bundleKindName(BundleKind(i)))] = {
            {"added", count.added}, {"alreadyThere", count.alreadyThere}, {"replaced", count.replaced}};
    }
    return counts;
}

} // namespace

bool isImportCall(const ApiCall &call)
{
    return call.path.value(0) == QStringLiteral("import") && call.path.size() == 1;
}

std::variant<ApiReply, ImportJob> importJob(const ApiCall &call, const ApiContext &context)
{
    if (call.method != QHttpServerRequest::Method::Post)
        return methodNotAllowed(QStringLiteral("POST"));
    if (auto refused = call.refuseUnlessOperator(QStringLiteral("import a store")))
        return *refused;
    const std::optional<bool> replace = flag(call, QStringLiteral("replace"));
    const std::optional<bool> dryRun = flag(call, QStringLiteral("dry_run"));
    if (!replace || !dryRun)
        return errorReply(400, QStringLiteral("replace and dry_run take 1 or 0"));
    return ImportJob{.body = call.body,
                     .replace = *replace,
                     .dryRun = *dryRun,
                     .callerName = call.caller.name,
                     .importedBy = call.caller.auditName(),
                     .nowUtc = context.clock->nowUtc(),
                     .store = context.schedules->databasePath(),
                     .clusterKey = context.clusterKey};
}

ApiReply runImport(const ImportJob &job)
{
    const nlohmann::json json =
        nlohmann::json::parse(job.body.constData(), job.body.constData() + job.body.size(), nullptr, false);
    if (json.is_discarded())
        return errorReply(400, QStringLiteral("the body is not JSON (a store bundle, as scaledeckctl controller "
                                              "import sends it)"));
    auto bundle = bundleFromJson(json);
    if (!bundle)
        return errorReply(400, bundle.error().message);
    const ImportOptions options{job.replace, job.dryRun, job.importedBy, job.nowUtc, WriteGuard()};
    auto outcome = importBundle(job.store, job.clusterKey, *bundle, options);
    if (!outcome)
        return storeError(outcome.error());
    const bool refused = !outcome->conflicts.empty() && !job.replace;
    const char *what = refused      ? "import refused for its conflicts, by"
                       : job.dryRun ? "import dry run by"
                                    : "import by";
    qCInfo(lcController).noquote() << "API:" << what << job.callerName + QLatin1Char(':') << outcome->summaryText();
    OrderedJson reply{{"from", jsonText(bundle->cluster)},
                      {"cluster", jsonText(job.clusterKey)},
                      {"dryRun", job.dryRun},
                      {"replace", job.replace},
                      {"written", outcome->written},
                      {"summary", summaryJson(*outcome)},
                      {"conflicts", conflictsJson(outcome->conflicts)}};
    if (refused) {
        reply["error"] = jsonText(
            QStringLiteral("the controller's store holds %1 of these differently: nothing was imported (replace=1 "
                           "replaces them with the bundle's)")
                .arg(outcome->conflicts.size()));
        return jsonReply(std::move(reply), 409);
    }
    return jsonReply(std::move(reply));
}

} // namespace scaledeck
