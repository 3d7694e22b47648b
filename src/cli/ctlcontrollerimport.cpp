// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `controller import FILE [--replace] [--dry-run]`: a single-user store (an SQLite file) moved into the
// controller that --controller names, through its API (POST /api/v1/import): read whole here, checked and
// written there in one transaction. FILE is only read. The token is sent, never printed.
#include "ctlcontrollerimport.h"

#include "ctlcommands.h"
#include "ctlcontroller.h"
#include "ctlcontrollercommon.h"

#include "bundleimport.h"
#include "storebundle.h"

#include <QUrlQuery>

#include <chrono>

namespace scaledeck {

using namespace ctlcontroller;

namespace {

// A bundle of years of history is tens of MB: sending and applying it may take a while.
constexpr std::chrono::minutes kImportTimeout{10};

// The cluster of FILE to import: its only one, else the one --address names.
std::optional<int> sourceCluster(CtlCommand &command, const QString &file, QString *cluster)
{
    auto clusters = storeClusters(file);
    if (!clusters)
        return command.fail(clusters.error().message);
    if (clusters->isEmpty())
        return command.fail(QStringLiteral("%1 is a ScaleDeck store, but it holds nothing to import").arg(file));
    if (clusters->size() == 1) {
        *cluster = clusters->first();
        return std::nullopt;
    }
    if (auto bad = command.resolveCluster())
        return bad;
    if (!clusters->contains(command.clusterKey))
        return command.usage(QStringLiteral("%1 holds several clusters (%2): name the one to import with --address URL")
                                 .arg(file, clusters->join(QStringLiteral(", "))));
    *cluster = command.clusterKey;
    return std::nullopt;
}

void printSummary(CtlCommand &command, const nlohmann::json &summary)
{
    std::vector<QStringList> rows{
        {QStringLiteral("kind"), QStringLiteral("added"), QStringLiteral("already there"), QStringLiteral("replaced")}};
    for (int i = 0; i < kBundleKinds; ++i) {
        const std::string kind = bundleKindName(BundleKind(i)).toStdString();
        const nlohmann::json count =
            summary.is_object() ? summary.value(kind, nlohmann::json::object()) : nlohmann::json::object();
        rows.push_back({QString::fromStdString(kind), QString::number(count.value("added", 0)),
                        QString::number(count.value("alreadyThere", 0)), QString::number(count.value("replaced", 0))});
    }
    for (const QString &line : tableRows(rows, QStringLiteral("LRRR")))
        command.out << line << Qt::endl;
}

} // namespace

int controllerImportCommand(CtlCommand &command)
{
    // Reached only without a controller: with one, runThroughController() ran controllerImport().
    return command.usage(QStringLiteral("'%1' needs --controller URL (or SCALEDECK_CONTROLLER): the API of "
                                        "scaledeckctl run --listen")
                             .arg(command.name));
}

int controllerImport(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(1, QStringLiteral("FILE (a ScaleDeck store's SQLite file)")))
        return *bad;
    const QString file = command.args.first();
    const bool replace = command.parser.isSet(QStringLiteral("replace"));
    const bool dryRun = command.parser.isSet(QStringLiteral("dry-run"));
    if (!dryRun) {
        if (auto allowed = command.writeGuard().check(QStringLiteral("nothing was imported")); !allowed)
            return command.fail(allowed.error());
    }
    QString cluster;
    if (auto bad = sourceCluster(command, file, &cluster))
        return *bad;
    auto read = readStoreBundle(file, cluster);
    if (!read)
        return command.fail(read.error().message);
    StoreBundle bundle = *read;
    // An override that has expired holds nothing any more (the store deletes it when it next reads it).
    const qint64 now = command.clock.nowUtc().toMSecsSinceEpoch();
    std::erase_if(bundle.overrides, [now](const BundleOverride &override_) { return override_.untilMs <= now; });

    QUrlQuery query;
    if (replace)
        query.addQueryItem(QStringLiteral("replace"), QStringLiteral("1"));
    if (dryRun)
        query.addQueryItem(QStringLiteral("dry_run"), QStringLiteral("1"));
    controller.client->setTimeout(kImportTimeout);
    const ControllerCommand::Answer answer = controller.call("POST", QStringLiteral("import"), query,
                                                             QByteArray::fromStdString(bundleToJson(bundle).dump()));
    if (!answer && !(answer.error().httpStatus == 409 && answer.error().body.is_object()))
        return command.fail(answer.error().describe() + QStringLiteral("; nothing was imported"));
    if (!answer) {
        const auto conflicts = answer.error().body.value("conflicts", nlohmann::json::array());
        command.err << "scaledeckctl: the controller's store holds " << conflicts.size()
                    << " of these differently; nothing was imported (--replace replaces them with the file's):"
                    << Qt::endl;
        for (const auto &conflict : conflicts)
            command.err << "  " << textAt(conflict, "kind") << ": " << textAt(conflict, "description") << Qt::endl;
        return ExitError;
    }
    const nlohmann::json &body = answer->body;
    const QString into = textAt(body, "cluster");
    if (dryRun)
        command.out << "dry run: nothing was written. " << file << " (" << cluster
                    << ") would move into the controller at " << controller.where << " (" << into << "):" << Qt::endl;
    else
        command.out << "imported " << file << " (" << cluster << ") into the controller at " << controller.where << " ("
                    << into << "):" << Qt::endl;
    printSummary(command, body.value("summary", nlohmann::json::object()));
    const auto replaced = body.value("conflicts", nlohmann::json::array());
    for (const auto &conflict : replaced)
        command.out << (dryRun ? "would replace " : "replaced ") << textAt(conflict, "kind") << ": "
                    << textAt(conflict, "description") << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
