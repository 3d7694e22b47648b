// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scale, park and unpark: one change to the cluster's Serve config each, through the ChangeApplier the window
// uses, with --dry-run printing the requests it would send instead.
#include "capacitycheck.h"
#include "changeapplier.h"
#include "ctlclustercommands.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "dashboardclient.h"
#include "pricestore.h"
#include "schedulerules.h"

#include <QEventLoop>

#include <optional>

namespace scaledeck {

namespace {

int timeoutSeconds(const CtlCommand &command)
{
    bool ok = false;
    const int seconds = command.parser.value(QStringLiteral("timeout")).toInt(&ok);
    return ok ? seconds : 0;
}

// In a dry run, what the change asks of the cluster's GPUs, as comments after the changes it lists.
void printCapacity(QTextStream &out, const CapacityCheck &check)
{
    if (check.deployments.empty())
        return;
    out << "# capacity: " << check.gpuSummary() << "\n";
    if (const QString cost = check.costSummary(); !cost.isEmpty())
        out << "# cost: " << cost << "\n";
    for (const QString &warning : check.warnings())
        out << "# warning: " << warning << " (it would still be sent: an autoscaler may add nodes)\n";
}

void printRequests(CtlContext &context, const ApplyPlan &plan, const CapacityCheck &capacity)
{
    const QString base = context.endpoint.dashboardUrl.toString(QUrl::StripTrailingSlash);
    const QString auth =
        context.endpoint.token.isEmpty()
            ? QString()
            : QStringLiteral("Authorization: Bearer <token from %1>\n").arg(context.endpoint.tokenOrigin);
    for (const FieldChange &change : plan.preview)
        context.out << "# " << change.describe() << "\n";
    printCapacity(context.out, capacity);
    for (const ParkRecord &park : plan.parks)
        context.out << "# the config of '" << park.app << "' would be stored in " << context.store->databasePath()
                    << " before the PUT\n";
    if (plan.putBody) {
        context.out << "PUT " << base << DashboardClient::applicationsPath << "\n"
                    << "Content-Type: application/json\n"
                    << auth << "\n"
                    << QString::fromStdString(plan.putBody->dump(2)) << "\n";
    }
    for (const ScaleCall &call : plan.scaleCalls) {
        context.out << "POST " << base << DashboardClient::scalePath(call.app, call.deployment) << "\n"
                    << "Content-Type: application/json\n"
                    << auth << "\n"
                    << QString::fromStdString(OrderedJson{{"target_num_replicas", call.replicas}}.dump(2)) << "\n";
    }
    if (!plan.putBody && plan.scaleCalls.empty())
        context.out << "# nothing would be sent: the cluster already has this state\n";
}

ApplyOutcome runApplier(CtlContext &context, const SnapshotPtr &baseline, ChangeSet changes,
                        const ApplyOptions &options)
{
    ChangeApplier applier(context.client.get(), context.store.get());
    std::optional<ApplyOutcome> outcome;
    QEventLoop loop;
    QObject::connect(&applier, &ChangeApplier::progress, &loop, [&](const QString &message) {
        if (!options.dryRun)
            context.err << "… " << message << Qt::endl;
    });
    QObject::connect(&applier, &ChangeApplier::finished, &loop, [&](const ApplyOutcome &result) {
        outcome = result;
        loop.quit();
    });
    applier.apply(baseline, std::move(changes), options);
    if (!outcome)
        loop.exec();
    return *outcome;
}

// This cluster's prices for the capacity check's cost line; a store that cannot be read says so, and the check
// goes on without prices (the GPUs are what it is for).
PriceList pricesForCheck(const CtlCommand &command, CtlContext &context)
{
    PriceStore store(command.storePath());
    auto prices = store.prices(command.clusterKey);
    if (prices)
        return prices.value();
    context.err << "scaledeckctl: warning: prices not read (" << prices.error().describe()
                << "); the capacity check shows no cost" << Qt::endl;
    return {};
}

// Before a change is sent and waited for: what cannot be placed. It is still sent: an autoscaler may add nodes.
void warnOfCapacity(QTextStream &err, const CapacityCheck &check)
{
    for (const QString &warning : check.warnings())
        err << "scaledeckctl: warning: " << warning << "; sending it anyway (an autoscaler may add nodes)" << Qt::endl;
}

// On a production endpoint every application the plan parks must be named by --confirm; and a --confirm
// must name an application the plan parks (a typo there is not a confirmation). An error text, or nothing.
std::optional<QString> unconfirmedParks(const ApplyPlan &plan, const QStringList &confirmed, bool production)
{
    QStringList parked;
    for (const ParkRecord &park : plan.parks)
        parked.append(park.app);
    for (const QString &name : confirmed)
        if (!parked.contains(name))
            return QStringLiteral("--confirm names '%1', but this change parks %2")
                .arg(name, parked.isEmpty() ? QStringLiteral("nothing")
                                            : QStringLiteral("'%1'").arg(parked.join(QStringLiteral("', '"))));
    if (!production)
        return std::nullopt;
    for (const QString &name : std::as_const(parked))
        if (!confirmed.contains(name))
            return QStringLiteral("this is a production cluster: parking '%1' needs --confirm %1 (nothing was sent)")
                .arg(name);
    return std::nullopt;
}

int printOutcome(CtlContext &context, const ApplyOutcome &outcome, const CapacityCheck &capacity, bool dryRun,
                 bool wait)
{
    if (outcome.error)
        return fail(context.err, *outcome.error);
    if (dryRun) {
        printRequests(context, outcome.plan, capacity);
        return ExitDone;
    }
    for (const FieldChange &change : outcome.plan.preview)
        context.out << change.describe() << "\n";
    for (const RayError &storeError : outcome.storeErrors)
        context.err << "scaledeckctl: warning: " << storeError.describe() << Qt::endl;
    if (wait && !outcome.converged) {
        context.err << "scaledeckctl: Ray accepted the change, but " << outcome.summary << Qt::endl;
        return ExitError;
    }
    context.out << (wait ? outcome.summary : QStringLiteral("accepted by Ray")) << Qt::endl;
    return ExitDone;
}

int applyChange(const CtlCommand &command, CtlContext &context, ChangeSet changes)
{
    auto baseline = fetchNow(context);
    if (!baseline)
        return fail(context.err, baseline.error());
    const QStringList confirmed = command.parser.values(QStringLiteral("confirm"));
    ApplyOptions options;
    options.dryRun = command.parser.isSet(QStringLiteral("dry-run"));
    options.follow = !command.parser.isSet(QStringLiteral("no-wait"));
    options.followTimeoutMs = timeoutSeconds(command) * 1000;
    const CapacityCheck capacity = checkCapacity(*baseline.value(), changes, pricesForCheck(command, context));
    if (!options.dryRun && (context.endpoint.production || !confirmed.isEmpty())) {
        // What would be parked is known only from the plan: plan first (sends nothing), then check.
        ApplyOptions planOnly = options;
        planOnly.dryRun = true;
        const ApplyOutcome planned = runApplier(context, baseline.value(), changes, planOnly);
        if (planned.error)
            return fail(context.err, *planned.error);
        if (const auto refusal = unconfirmedParks(planned.plan, confirmed, context.endpoint.production))
            return command.usage(*refusal);
    }
    if (!options.dryRun)
        warnOfCapacity(context.err, capacity);
    warnOfRecentTraffic(command, context, *baseline.value(), changes, options.dryRun);
    const ApplyOutcome outcome = runApplier(context, baseline.value(), std::move(changes), options);
    return printOutcome(context, outcome, capacity, options.dryRun, options.follow);
}

// Every argument was checked before: a change is refused under --read-only (its --dry-run is not) before the
// store is opened (which creates its tables) or the cluster is asked; the applier (its endpoint is read-only)
// and the stores (their guard) would refuse too. `refused` says what was not done.
int changeCluster(CtlCommand &command, ChangeSet changes, const QString &refused)
{
    if (!command.parser.isSet(QStringLiteral("dry-run"))) {
        const QString hint = QStringLiteral(" (--dry-run shows what would be sent)");
        if (auto allowed = command.writeGuard().check(refused + hint); !allowed)
            return command.fail(allowed.error());
    }
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    return applyChange(command, context, std::move(changes));
}

// scale's arguments, APP/DEPLOYMENT N, as a change: N a whole number from 0 to the most ScaleDeck sets.
std::optional<int> checkScaleArguments(const CtlCommand &command, ChangeSet &changes)
{
    if (auto bad = command.expectArgs(2, QStringLiteral("APP/DEPLOYMENT N")))
        return bad;
    const QStringList target = command.args[0].split(QLatin1Char('/'));
    if (target.size() != 2 || target[0].isEmpty() || target[1].isEmpty())
        return command.usage(QStringLiteral("'%1' is not APP/DEPLOYMENT").arg(command.args[0]));
    bool isNumber = false;
    const int replicas = command.args[1].toInt(&isNumber);
    if (!isNumber || replicas < 0)
        return command.usage(
            QStringLiteral("'%1' is not a replica count (a whole number, 0 or more)").arg(command.args[1]));
    if (replicas > schedulerules::kMaxReplicas)
        return command.usage(QStringLiteral("'%1' is more replicas than ScaleDeck sets (at most %2)")
                                 .arg(command.args[1])
                                 .arg(schedulerules::kMaxReplicas));
    changes.setReplicas(target[0], target[1], replicas);
    return std::nullopt;
}

} // namespace

std::optional<int> checkTimeout(const CtlCommand &command)
{
    if (timeoutSeconds(command) <= 0)
        return command.usage(QStringLiteral("--timeout takes a positive number of seconds"));
    return std::nullopt;
}

int scaleCommand(CtlCommand &command)
{
    ChangeSet changes;
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = checkScaleArguments(command, changes))
        return *bad;
    return changeCluster(command, std::move(changes),
                         QStringLiteral("%1 was not scaled to %2").arg(command.args[0], command.args[1]));
}

namespace {
// park APP and unpark APP: one argument, one change, one refusal text.
int parkingCommand(CtlCommand &command, bool park)
{
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = command.expectArgs(1, QStringLiteral("APP")))
        return *bad;
    const QString &app = command.args[0];
    ChangeSet changes;
    park ? changes.park(app) : changes.unpark(app);
    return changeCluster(command, std::move(changes),
                         park ? QStringLiteral("%1 was not parked").arg(app)
                              : QStringLiteral("%1 was not unparked").arg(app));
}
} // namespace

int parkCommand(CtlCommand &command)
{
    return parkingCommand(command, true);
}

int unparkCommand(CtlCommand &command)
{
    return parkingCommand(command, false);
}

} // namespace scaledeck
