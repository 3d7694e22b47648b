// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcommands.h"

#include "keptconfig.h"

#include "changeapplier.h"
#include "ctlcontext.h"
#include "ctlcostcommands.h"
#include "ctlruncommand.h"
#include "ctlschedulecommands.h"
#include "ctltokencommand.h"
#include "dashboardclient.h"
#include "keptconfig.h"
#include "parkedstore.h"
#include "schedulerules.h"
#include "snapshotfetcher.h"
#include "statusreport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QNetworkAccessManager>

#include <optional>

namespace scaledeck {

namespace {

const char *usageText =
    "Usage: scaledeckctl [--address URL] [--token-file FILE | --token-keychain NAME] [--ca-file FILE]\n"
    "                    [--production] [--read-only] COMMAND\n"
    "  status [--json]                      applications, deployments, replicas and GPUs\n"
    "  scale APP/DEPLOYMENT N [--dry-run]   N >= 0; 0 uses the external scaler or parks the app\n"
    "  park APP [--dry-run] [--confirm APP] take APP out of the cluster, keeping its exact config\n"
    "                                       (with --production, --confirm must repeat APP)\n"
    "  unpark APP [--dry-run]               put a parked APP back exactly as it was\n"
    "  parked [--json]                      apps parked on this cluster\n"
    "  parked discard APP [--force]         drop the stored config of APP; refused while it is the only copy\n"
    "                                       (APP not in the cluster) unless --force\n"
    "  schedule list [--json]               scheduled targets, their count now and their next change\n"
    "  schedule show TARGET                 the stored schedule, its override, the next 10 transitions\n"
    "  schedule set TARGET FILE             store a schedule (text or JSON form) for a TARGET that exists\n"
    "  schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]\n"
    "                                       the transitions between two instants\n"
    "  schedule export TARGET [--json]      the stored schedule in text (or JSON) form\n"
    "  schedule remove TARGET               stop scheduling TARGET (and drop its override)\n"
    "  override TARGET N --until ISO8601    hold N replicas until then instead of the schedule\n"
    "  override TARGET --clear              back to the schedule now\n"
    "  audit [--since ISO8601] [--json]     what the schedule controller did (default: the last 24 h)\n"
    "  cost [--since ISO8601] [--until ISO8601] [--json]\n"
    "                                       per deployment GPU-hours, cost, always-on GPU-hours and reduction\n"
    "                                       factor; cluster capacity and idle GPU-hours. From the recorded\n"
    "                                       history (default: the last 7 days; times without an offset are local)\n"
    "  leases [--json]                      active leases: replicas holding GPUs now, since when, cost so far\n"
    "  prices [--gpu-hour N|default] [--accelerator TYPE] [--cpu-hour N|none] [--currency CODE]\n"
    "                                       this cluster's prices (no options: show them); with --accelerator,\n"
    "                                       the GPU-hour price of that type (A100, L4, ...)\n"
    "  always-on [app/deployment COUNT|peak]\n"
    "                                       the count savings are measured against (default: the peak)\n"
    "  run [--dry-run] [--tick SECONDS] [--once]\n"
    "                                       the schedule controller without a GUI (SIGTERM stops it);\n"
    "                                       --clock-start ISO8601 runs its clock from that instant (trials)\n"
    "  token store NAME                     read a token from stdin into the OS keychain (service scaledeck,\n"
    "                                       key NAME) for --token-keychain NAME and the profile NAME\n"
    "TARGET is APP or APP/DEPLOYMENT. ISO8601 is 2026-11-30T07:00:00+01:00 or ...Z; without an offset it is\n"
    "in the schedule's time zone (for audit, the local one).\n"
    "Options: --store FILE (ScaleDeck's database), --timeout SECONDS (wait for the cluster, default 180),\n"
    "         --no-wait (return once Ray accepted the change), --read-only (every command reads; one that would\n"
    "         change the cluster, a schedule, an override, prices or always-on counts is refused with exit 2,\n"
    "         as is run: even run --dry-run writes the audit log)\n"
    "--address defaults to $RAY_DASHBOARD_ADDRESS, then http://127.0.0.1:8265. For https://, --ca-file names\n"
    "the PEM file of the CAs to trust instead of the system's; a certificate that fails verification is an error.\n"
    "--production: a change that parks an application needs --confirm APP naming it.\n"
    "Exit codes: 0 done, 1 error, 2 usage, 3 conflict.\n";

int usage(QTextStream &err, const QString &message)
{
    err << "scaledeckctl: " << message << "\n" << usageText;
    err.flush();
    return ExitUsage;
}

void printRequests(CtlContext &context, const ApplyPlan &plan)
{
    const QString base = context.endpoint.dashboardUrl.toString(QUrl::StripTrailingSlash);
    const QString auth =
        context.endpoint.token.isEmpty()
            ? QString()
            : QStringLiteral("Authorization: Bearer <token from %1>\n").arg(context.endpoint.tokenOrigin);
    for (const FieldChange &change : plan.preview)
        context.out << "# " << change.describe() << "\n";
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

int applyChange(CtlContext &context, ChangeSet changes, bool dryRun, bool wait, int timeoutSeconds,
                const QStringList &confirmed)
{
    auto baseline = fetchNow(context);
    if (!baseline)
        return fail(context.err, baseline.error());
    ApplyOptions options;
    options.dryRun = dryRun;
    options.follow = wait;
    options.followTimeoutMs = timeoutSeconds * 1000;
    if (!dryRun && (context.endpoint.production || !confirmed.isEmpty())) {
        // What would be parked is known only from the plan: plan first (sends nothing), then check.
        ApplyOptions planOnly = options;
        planOnly.dryRun = true;
        const ApplyOutcome planned = runApplier(context, baseline.value(), changes, planOnly);
        if (planned.error)
            return fail(context.err, *planned.error);
        if (const auto refusal = unconfirmedParks(planned.plan, confirmed, context.endpoint.production))
            return usage(context.err, *refusal);
    }
    const ApplyOutcome outcome = runApplier(context, baseline.value(), std::move(changes), options);
    if (outcome.error)
        return fail(context.err, *outcome.error);
    if (dryRun) {
        printRequests(context, outcome.plan);
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

// What a scale, park or unpark command line would have changed, for its --read-only refusal.
QString refusedChange(const QString &command, const QStringList &args)
{
    const QString dryRunHint = QStringLiteral(" (--dry-run shows what would be sent)");
    if (command == QLatin1String("scale"))
        return QStringLiteral("%1 was not scaled to %2").arg(args.value(0), args.value(1)) + dryRunHint;
    if (command == QLatin1String("park"))
        return QStringLiteral("%1 was not parked").arg(args.value(0)) + dryRunHint;
    return QStringLiteral("%1 was not unparked").arg(args.value(0)) + dryRunHint;
}

int statusCommand(CtlContext &context, bool json)
{
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return fail(context.err, snapshot.error());
    if (json)
        context.out << QString::fromStdString(statusJson(*snapshot.value()).dump(2)) << Qt::endl;
    else
        context.out << statusText(*snapshot.value()) << Qt::flush;
    return ExitDone;
}

int parkedCommand(CtlContext &context, bool json)
{
    auto parked = context.store->list(context.endpoint.clusterKey());
    if (!parked)
        return fail(context.err, parked.error());
    if (json) {
        OrderedJson list = OrderedJson::array();
        for (const ParkedApp &app : *parked) {
            list.push_back(OrderedJson{{"name", app.name.toStdString()},
                                       {"parked_at", app.parkedAt.toString(Qt::ISODateWithMs).toStdString()},
                                       {"summary", OrderedJson::parse(app.summaryJson.constBegin(),
                                                                      app.summaryJson.constEnd(), nullptr, false)},
                                       {"config", OrderedJson::parse(app.configJson.constBegin(),
                                                                     app.configJson.constEnd(), nullptr, false)}});
        }
        context.out << QString::fromStdString(list.dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (parked->empty()) {
        context.out << "No apps are parked on " << context.endpoint.clusterKey() << "." << Qt::endl;
        return ExitDone;
    }
    for (const ParkedApp &app : *parked)
        context.out << app.name << "   parked " << app.parkedAt.toLocalTime().toString(Qt::ISODate) << Qt::endl;
    return ExitDone;
}

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

// Drops a stored config the operator no longer needs, e.g. one kept after a park whose outcome was unknown
// while the app still runs: through the same check as the window's (discardKeptConfig). The only copy of a
// parked app's config goes only with --force.
int discardParkedCommand(CtlContext &context, const QString &name, bool force)
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

} // namespace

int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err)
{
    // schedule, override and audit parse options of their own (ctlschedulecommands.cpp).
    if (const std::optional<int> exitCode = runScheduleCommands(arguments, environment, out, err))
        return *exitCode;
    // token store (ctltokencommand.cpp).
    if (const std::optional<int> exitCode = runTokenCommand(arguments, out, err))
        return *exitCode;
    // cost, leases and prices likewise (ctlcostcommands.cpp).
    if (const std::optional<int> exitCode = runCostCommands(arguments, environment, out, err))
        return *exitCode;
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption addressOption(QStringLiteral("address"), QStringLiteral("dashboard URL"),
                                           QStringLiteral("URL"));
    const QCommandLineOption tokenFileOption(QStringLiteral("token-file"), QStringLiteral("token file"),
                                             QStringLiteral("FILE"));
    const QCommandLineOption storeOption(QStringLiteral("store"), QStringLiteral("database"), QStringLiteral("FILE"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"), QStringLiteral("seconds"),
                                           QStringLiteral("SECONDS"), QStringLiteral("180"));
    const QCommandLineOption jsonOption(QStringLiteral("json"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"));
    const QCommandLineOption noWaitOption(QStringLiteral("no-wait"));
    const QCommandLineOption forceOption(QStringLiteral("force"));
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption tickOption(QStringLiteral("tick"), QStringLiteral("seconds"), QStringLiteral("SECONDS"),
                                        QStringLiteral("10"));
    const QCommandLineOption onceOption(QStringLiteral("once"));
    const QCommandLineOption clockStartOption(QStringLiteral("clock-start"), QStringLiteral("instant"),
                                              QStringLiteral("ISO8601"));
    const QCommandLineOption readOnlyOption(QStringLiteral("read-only"));
    const QCommandLineOption caFileOption(QStringLiteral("ca-file"), QStringLiteral("CA file"), QStringLiteral("FILE"));
    const QCommandLineOption productionOption(QStringLiteral("production"));
    const QCommandLineOption tokenKeychainOption(QStringLiteral("token-keychain"), QStringLiteral("name"),
                                                 QStringLiteral("NAME"));
    const QCommandLineOption confirmOption(QStringLiteral("confirm"), QStringLiteral("app"), QStringLiteral("APP"));
    parser.addOptions({addressOption, tokenFileOption, storeOption, timeoutOption, jsonOption, dryRunOption,
                       noWaitOption, forceOption, helpOption, tickOption, onceOption, clockStartOption, readOnlyOption,
                       caFileOption, productionOption, confirmOption, tokenKeychainOption});
    // "-1" would otherwise read as an unknown option "1": name the real mistake.
    for (const QString &argument : arguments.mid(1)) {
        bool isNumber = false;
        if (argument.startsWith(QLatin1Char('-')) && (argument.toInt(&isNumber), isNumber))
            return usage(err, QStringLiteral("'%1' is not a replica count (a whole number, 0 or more)").arg(argument));
    }
    if (!parser.parse(arguments))
        return usage(err, parser.errorText());
    if (parser.isSet(helpOption)) {
        out << usageText;
        out.flush();
        return ExitDone;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(err, QStringLiteral("no command given"));
    const QString command = positional.first();
    const QStringList args = positional.mid(1);

    auto expectArgs = [&](int count, const QString &form) -> std::optional<int> {
        if (args.size() != count)
            return usage(err, QStringLiteral("'%1' takes %2").arg(command, form));
        return std::nullopt;
    };
    static const QStringList commands{QStringLiteral("status"), QStringLiteral("scale"),  QStringLiteral("park"),
                                      QStringLiteral("unpark"), QStringLiteral("parked"), QStringLiteral("run")};
    if (!commands.contains(command))
        return usage(err, QStringLiteral("unknown command '%1'").arg(command));
    const bool runOnly = parser.isSet(tickOption) || parser.isSet(onceOption) || parser.isSet(clockStartOption);
    if (runOnly && command != QStringLiteral("run"))
        return usage(err, QStringLiteral("--tick, --once and --clock-start are options of 'run'"));
    bool tickOk = false;
    const double tickSeconds = parser.value(tickOption).toDouble(&tickOk);
    if (!tickOk || tickSeconds < 0.1 || tickSeconds > 10)
        return usage(err, QStringLiteral("--tick takes 0.1 to 10 seconds (a tick is at most 10 s), not '%1'")
                              .arg(parser.value(tickOption)));
    std::optional<ShiftedClock> shiftedClock;
    if (parser.isSet(clockStartOption)) {
        const QDateTime start = QDateTime::fromString(parser.value(clockStartOption), Qt::ISODate);
        if (!start.isValid() || start.timeSpec() == Qt::LocalTime)
            return usage(err,
                         QStringLiteral("--clock-start takes an instant with its offset, e.g. 2026-11-30T06:55:00Z, "
                                        "not '%1'")
                             .arg(parser.value(clockStartOption)));
        shiftedClock.emplace(start.toUTC());
    }
    if ((command == QStringLiteral("status") || command == QStringLiteral("parked")) && (parser.isSet(dryRunOption)))
        return usage(err, QStringLiteral("'%1' takes no --dry-run").arg(command));
    if (parser.isSet(confirmOption) && command != QStringLiteral("park") && command != QStringLiteral("scale"))
        return usage(err,
                     QStringLiteral("'%1' takes no --confirm (it confirms parking, for park and scale)").arg(command));
    if (parser.isSet(jsonOption) && command != QStringLiteral("status") && command != QStringLiteral("parked"))
        return usage(err, QStringLiteral("'%1' takes no --json").arg(command));
    if (parser.isSet(forceOption) &&
        !(command == QStringLiteral("parked") && args.value(0) == QStringLiteral("discard")))
        return usage(err, QStringLiteral("--force is an option of 'parked discard'"));
    bool timeoutOk = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds <= 0)
        return usage(err, QStringLiteral("--timeout takes a positive number of seconds"));
    const WriteGuard guard(parser.isSet(readOnlyOption));

    // Every argument is checked before the store is opened (which creates its tables) or the cluster is
    // asked: a bad command line changes nothing.
    const bool change =
        command != QStringLiteral("run") && command != QStringLiteral("status") && command != QStringLiteral("parked");
    // `parked discard APP` drops a stored config: the one form of `parked` that takes arguments, and a write.
    const bool discard = command == QStringLiteral("parked") && args.value(0) == QStringLiteral("discard");
    if (discard && args.size() != 2)
        return usage(err, QStringLiteral("'parked discard' takes APP"));
    if (auto bad = discard                              ? std::nullopt
                   : !change                            ? expectArgs(0, command == QStringLiteral("parked")
                                                                            ? QStringLiteral("no arguments, or discard APP")
                                                                            : QStringLiteral("no arguments"))
                                              : command == QStringLiteral("scale") ? expectArgs(2, QStringLiteral("APP/DEPLOYMENT N"))
                                                        : expectArgs(1, QStringLiteral("APP")))
        return *bad;
    ChangeSet changes;
    if (command == QStringLiteral("scale")) {
        const QStringList target = args[0].split(QLatin1Char('/'));
        if (target.size() != 2 || target[0].isEmpty() || target[1].isEmpty())
            return usage(err, QStringLiteral("'%1' is not APP/DEPLOYMENT").arg(args[0]));
        bool isNumber = false;
        const int replicas = args[1].toInt(&isNumber);
        if (!isNumber || replicas < 0)
            return usage(err, QStringLiteral("'%1' is not a replica count (a whole number, 0 or more)").arg(args[1]));
        if (replicas > schedulerules::kMaxReplicas)
            return usage(err, QStringLiteral("'%1' is more replicas than ScaleDeck sets (at most %2)")
                                  .arg(args[1])
                                  .arg(schedulerules::kMaxReplicas));
        changes.setReplicas(target[0], target[1], replicas);
    } else if (command == QStringLiteral("park")) {
        changes.park(args[0]);
    } else if (command == QStringLiteral("unpark")) {
        changes.unpark(args[0]);
    }

    // A read-only command line is refused before the store is opened or the cluster is asked anything; the
    // applier (its endpoint is read-only) and the stores (their guard) would refuse too.
    const bool dryRun = parser.isSet(dryRunOption);
    if (command == QStringLiteral("run")) {
        // Even a dry run writes "dry-run" audit entries and the controller's memory of each target, which the real
        // controller reads back: a read-only command line runs no controller at all.
        if (auto allowed = guard.check(QStringLiteral(
                "the controller was not started: it changes the cluster, and even with --dry-run it writes the audit "
                "log (schedule show and schedule preview show what it would do)"));
            !allowed)
            return fail(err, allowed.error());
    } else if (change && !dryRun) {
        if (auto allowed = guard.check(refusedChange(command, args)); !allowed)
            return fail(err, allowed.error());
    } else if (discard) {
        if (auto allowed = guard.check(QStringLiteral("the stored config of %1 was not discarded").arg(args[1]));
            !allowed)
            return fail(err, allowed.error());
    }

    CtlContext context(out, err);
    auto url = resolveDashboardUrlOption(parser.isSet(addressOption), parser.value(addressOption), environment);
    if (!url)
        return usage(err, url.error().message);
    auto token = resolveCtlToken(parser.value(tokenFileOption), parser.value(tokenKeychainOption), environment);
    if (!token)
        return fail(err, token.error());
    context.endpoint = endpointFor(url.value(), token.value());
    if (!token->warning.isEmpty())
        err << "scaledeckctl: warning: " << token->warning << Qt::endl;
    context.endpoint.readOnly = guard.isReadOnly(); // the applier refuses too
    context.endpoint.caFile = parser.value(caFileOption);
    context.endpoint.production = parser.isSet(productionOption);
    context.client = std::make_unique<DashboardClient>(&context.network, context.endpoint);
    const QString storePath = resolveStorePath(parser.value(storeOption), environment);
    context.store = std::make_unique<ParkedStore>(storePath, guard);
    if (auto opened = context.store->open(); !opened)
        return fail(err, opened.error());

    const bool wait = !parser.isSet(noWaitOption);
    if (command == QStringLiteral("run")) {
        RunOptions options;
        options.dryRun = dryRun;
        options.once = parser.isSet(onceOption);
        options.tickMs = int(tickSeconds * 1000);
        options.clock = shiftedClock ? &*shiftedClock : nullptr;
        options.storePath = storePath;
        return runController(context.client.get(), context.store.get(), options, out, err);
    }
    if (command == QStringLiteral("status"))
        return statusCommand(context, parser.isSet(jsonOption));
    if (command == QStringLiteral("parked")) {
        if (discard)
            return discardParkedCommand(context, args[1], parser.isSet(forceOption));
        return parkedCommand(context, parser.isSet(jsonOption));
    }
    return applyChange(context, std::move(changes), dryRun, wait, timeoutSeconds, parser.values(confirmOption));
}

} // namespace scaledeck
