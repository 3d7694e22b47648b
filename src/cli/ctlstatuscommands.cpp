// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// status, parked and parked discard: what runs on the cluster, what is parked beside it, and dropping a
// stored config the operator no longer needs.
#include "ctlclustercommands.h"

#include "ctlcommands.h"
#include "ctlcontext.h"
#include "keptconfig.h"
#include "parkedstore.h"
#include "statusreport.h"

#include <QEventLoop>

#include <optional>

namespace scaledeck {

namespace {

const ParkedApp *findParked(const std::vector<ParkedApp> &parked, const QString &name)
{
    for (const ParkedApp &app : parked)
        if (app.name == name)
            return &app;
    return nullptr;
}

// Runs discardKeptConfig to its end: this command does nothing else meanwhile.
Result<Done> discardKeptNow(CtlContext &context, const QString &name, const QDateTime &storedAt)
{
    std::optional<Result<Done>> result;
    QEventLoop loop;
    QObject receiver; // owns the requests: none outlives this function
    discardKeptConfig(context.client.get(), &receiver, context.store.get(), name, storedAt, [&](Result<Done> done) {
        result = std::move(done);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

// Through the same check as the window's (discardKeptConfig); the only copy of a parked app's config goes only
// with --force.
int discardParked(CtlContext &context, const QString &name, bool force)
{
    const QString cluster = context.endpoint.clusterKey();
    auto parked = context.store->list(cluster);
    if (!parked)
        return fail(context.err, parked.error());
    const ParkedApp *stored = findParked(*parked, name);
    if (!stored)
        return fail(
            context.err,
            makeError(RayErrorKind::InvalidChange,
                      QStringLiteral("no stored config of '%1' on %2: nothing was discarded").arg(name, cluster)));
    Result<Done> removed =
        force ? context.store->remove(cluster, name) : discardKeptNow(context, name, stored->parkedAt);
    if (!removed) {
        RayError error = removed.error();
        if (!force && error.kind == RayErrorKind::InvalidChange)
            error.message += QStringLiteral(" (unpark it, or discard it for good with --force)");
        else if (!force)
            error.message += QStringLiteral(", or use --force");
        return fail(context.err, error);
    }
    context.out << "discarded the stored config of " << name << " on " << cluster << Qt::endl;
    return ExitDone;
}

void printParked(CtlContext &context, const std::vector<ParkedApp> &parked, bool json)
{
    if (json) {
        OrderedJson list = OrderedJson::array();
        for (const ParkedApp &app : parked) {
            list.push_back(OrderedJson{{"name", app.name.toStdString()},
                                       {"parked_at", app.parkedAt.toString(Qt::ISODateWithMs).toStdString()},
                                       {"summary", OrderedJson::parse(app.summaryJson.constBegin(),
                                                                      app.summaryJson.constEnd(), nullptr, false)},
                                       {"config", OrderedJson::parse(app.configJson.constBegin(),
                                                                     app.configJson.constEnd(), nullptr, false)}});
        }
        context.out << QString::fromStdString(list.dump(2)) << Qt::endl;
        return;
    }
    if (parked.empty()) {
        context.out << "No apps are parked on " << context.endpoint.clusterKey() << "." << Qt::endl;
        return;
    }
    for (const ParkedApp &app : parked)
        context.out << app.name << "   parked " << app.parkedAt.toLocalTime().toString(Qt::ISODate) << Qt::endl;
}

} // namespace

int statusCommand(CtlCommand &command)
{
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = command.expectNoArgs())
        return *bad;
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return fail(context.err, snapshot.error());
    if (command.parser.isSet(QStringLiteral("json")))
        context.out << QString::fromStdString(statusJson(*snapshot.value()).dump(2)) << Qt::endl;
    else
        context.out << statusText(*snapshot.value()) << Qt::flush;
    return ExitDone;
}

int parkedCommand(CtlCommand &command)
{
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments, or discard APP")))
        return *bad;
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    auto parked = context.store->list(context.endpoint.clusterKey());
    if (!parked)
        return fail(context.err, parked.error());
    printParked(context, *parked, command.parser.isSet(QStringLiteral("json")));
    return ExitDone;
}

// Drops a stored config the operator no longer needs, e.g. one kept after a park whose outcome was unknown
// while the app still runs.
int parkedDiscardCommand(CtlCommand &command)
{
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = command.expectArgs(1, QStringLiteral("APP")))
        return *bad;
    const QString name = command.args[0];
    // Refused before the store is opened or the cluster asked, like every change under --read-only.
    if (auto allowed =
            command.writeGuard().check(QStringLiteral("the stored config of %1 was not discarded").arg(name));
        !allowed)
        return command.fail(allowed.error());
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    return discardParked(context, name, command.parser.isSet(QStringLiteral("force")));
}

} // namespace scaledeck
