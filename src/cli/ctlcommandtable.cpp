// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcommandtable.h"

#include "ctlclustercommands.h"
#include "ctlcontroller.h"
#include "ctlcontrollerimport.h"
#include "ctlcostcommon.h"
#include "ctlfleetcommand.h"
#include "ctlruncommand.h"
#include "ctlschedulecommon.h"
#include "ctltokencommand.h"

#include <algorithm>

namespace scaledeck {

namespace {

// A schedule command runs on a ScheduleCommand: this command with the schedule store it opens.
template <int (*run)(ScheduleCommand &)> int withScheduleStore(CtlCommand &command)
{
    ScheduleCommand scheduleCommand{command, {}};
    return run(scheduleCommand);
}

// What a negative number is taken for in each family (QCommandLineParser would call "-1" an unknown option "1").
const char *const kReplicaCount = "'%1' is not a replica count (a whole number, 0 or more)";
const char *const kScheduledCount = "'%1' is not a replica count (a whole number from 0 to 1000)";
const char *const kAlwaysOnCount = "expected a replica count of 0 or more, or 'peak', not '%1'";

// The commands, in the order --help lists them. Every cluster command but targets takes --timeout and --no-wait,
// as it did when one parser read all of their options.
const std::vector<CtlCommandSpec> commands{
    {"status",
     CtlFamily::Cluster,
     {{"status [--json]", "applications, deployments, replicas and GPUs"}},
     "json timeout no-wait",
     kReplicaCount,
     statusCommand},
    {"scale",
     CtlFamily::Cluster,
     {{"scale APP/DEPLOYMENT N [--dry-run]", "N >= 0; 0 uses the external scaler or parks the app"}},
     "dry-run confirm timeout no-wait",
     kReplicaCount,
     scaleCommand},
    {"park",
     CtlFamily::Cluster,
     {{"park APP [--dry-run] [--confirm APP]", "take APP out of the cluster, keeping its exact config\n"
                                               "(with --production, --confirm must repeat APP)"}},
     "dry-run confirm timeout no-wait",
     kReplicaCount,
     parkCommand},
    {"unpark",
     CtlFamily::Cluster,
     {{"unpark APP [--dry-run]", "put a parked APP back exactly as it was"}},
     "dry-run timeout no-wait",
     kReplicaCount,
     unparkCommand},
    {"parked",
     CtlFamily::Cluster,
     {{"parked [--json]", "apps parked on this cluster"}},
     "json timeout no-wait",
     kReplicaCount,
     parkedCommand},
    {"parked discard",
     CtlFamily::Cluster,
     {{"parked discard APP [--force]", "drop the stored config of APP; refused while it is the only copy\n"
                                       "(APP not in the cluster) unless --force"}},
     "force json timeout no-wait", // --json is taken (and ignored) as when `parked` was one command
     kReplicaCount,
     parkedDiscardCommand},
    // No --timeout: it follows no change, and its requests have a short timeout of their own (shell completion).
    {"targets",
     CtlFamily::Cluster,
     {{"targets", "every application and deployment, one a line (APP, APP/DEPLOYMENT),\n"
                  "parked ones too: for shell completion and scripts"}},
     "",
     kReplicaCount,
     targetsCommand},
    {"schedule list",
     CtlFamily::Schedule,
     {{"schedule list [--json]", "scheduled targets, their count now and their next change"}},
     "json",
     kScheduledCount,
     withScheduleStore<scheduleListCommand>},
    {"schedule show",
     CtlFamily::Schedule,
     {{"schedule show TARGET", "the stored schedule, its override, the next 10 transitions"}},
     "",
     kScheduledCount,
     withScheduleStore<scheduleShowCommand>},
    {"schedule set",
     CtlFamily::Schedule,
     {{"schedule set TARGET FILE", "store a schedule (text or JSON form) for a TARGET that exists"}},
     "",
     kScheduledCount,
     withScheduleStore<scheduleSetCommand>},
    {"schedule preview",
     CtlFamily::Schedule,
     {{"schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]", "the transitions between two instants"}},
     "from to json",
     kScheduledCount,
     withScheduleStore<schedulePreviewCommand>},
    {"schedule export",
     CtlFamily::Schedule,
     {{"schedule export TARGET [--json]", "the stored schedule in text (or JSON) form"}},
     "json",
     kScheduledCount,
     withScheduleStore<scheduleExportCommand>},
    {"schedule suggest",
     CtlFamily::Schedule,
     {{"schedule suggest TARGET [--weeks N] [--threshold REQ_PER_S] [--per-replica REQ_PER_S] [--tz ZONE] [--json]",
       "a schedule from the last N weeks (default 4) of TARGET's traffic in\n"
       "Prometheus, in the text form schedule set reads, with its GPU-hours,\n"
       "always-on GPU-hours and the requests it would have parked"}},
     "weeks threshold per-replica tz prometheus json",
     kScheduledCount,
     withScheduleStore<scheduleSuggestCommand>},
    {"schedule remove",
     CtlFamily::Schedule,
     {{"schedule remove TARGET", "stop scheduling TARGET (and drop its override)"}},
     "",
     kScheduledCount,
     withScheduleStore<scheduleRemoveCommand>},
    {"override",
     CtlFamily::Schedule,
     {{"override TARGET N --until ISO8601", "hold N replicas until then instead of the schedule"},
      {"override TARGET --clear", "back to the schedule now"}},
     "until clear",
     kScheduledCount,
     withScheduleStore<overrideCommand>},
    {"resume",
     CtlFamily::Schedule,
     {{"resume [TARGET]", "correct TARGET again after the controller stopped because another\n"
                          "controller or tool kept changing it (no TARGET: list them)"}},
     "",
     kScheduledCount,
     withScheduleStore<resumeCommand>},
    {"audit",
     CtlFamily::Schedule,
     {{"audit [--since ISO8601] [--json]", "what the schedule controller did (default: the last 24 h)"}},
     "since json",
     kScheduledCount,
     withScheduleStore<auditCommand>},
    {"controller import",
     CtlFamily::Schedule,
     {{"controller import FILE [--replace] [--dry-run]",
       "move a single-user store (FILE: its SQLite file; schedules, overrides,\n"
       "parked configs, prices, history, audit log) into the controller that\n"
       "--controller names, all or nothing; what differs there is refused\n"
       "unless --replace; --dry-run shows what would move"}},
     "replace dry-run",
     kScheduledCount,
     controllerImportCommand},
    // A cost command's negative numbers are option values (prices), which its own checks word better.
    {"cost",
     CtlFamily::Cost,
     {{"cost [--since ISO8601] [--until ISO8601] [--prometheus URL] [--json]",
       "per deployment GPU-hours, cost, always-on GPU-hours and reduction\n"
       "factor; cluster capacity and idle GPU-hours. From the recorded\n"
       "history (default: the last 7 days; times without an offset are local).\n"
       "With Prometheus (--prometheus, else RAY_PROMETHEUS_HOST) also each\n"
       "deployment's requests, cost per 1,000 requests and GPU-hours held\n"
       "while no request arrived"}},
     "since until prometheus json",
     nullptr,
     costCommand},
    {"leases",
     CtlFamily::Cost,
     {{"leases [--json]", "active leases: replicas holding GPUs now, since when, cost so far"}},
     "json",
     nullptr,
     leasesCommand},
    {"traffic",
     CtlFamily::Cost,
     {{"traffic [--window DURATION] [--prometheus URL] [--json]",
       "per deployment: requests/s and error rate over the window (default 1m),\n"
       "p95 latency and replicas running, from Ray's metrics in Prometheus\n"
       "(--prometheus, else RAY_PROMETHEUS_HOST; neither: the nodes' own\n"
       "metrics, read twice a window apart)"}},
     "window prometheus json",
     nullptr,
     trafficCommand},
    {"prices",
     CtlFamily::Cost,
     {{"prices [--gpu-hour N|default] [--accelerator TYPE] [--cpu-hour N|none] [--currency CODE]",
       "this cluster's prices (no options: show them); with --accelerator,\n"
       "the GPU-hour price of that type (A100, L4, ...)"}},
     "gpu-hour accelerator cpu-hour currency",
     nullptr,
     pricesCommand},
    {"always-on",
     CtlFamily::Cost,
     {{"always-on [app/deployment COUNT|peak]", "the count savings are measured against (default: the peak)"}},
     "",
     kAlwaysOnCount,
     alwaysOnCommand},
    {"run",
     CtlFamily::Cluster,
     {{"run [--dry-run] [--tick SECONDS] [--once] [--prometheus URL] [--metrics-listen HOST:PORT]",
       "the schedule controller without a GUI (SIGTERM stops it);\n"
       "--clock-start ISO8601 runs its clock from that instant (trials);\n"
       "park-when-idle rules read traffic from --prometheus (else RAY_PROMETHEUS_HOST);\n"
       "serves /metrics and /healthz at --metrics-listen (else SCALEDECK_METRICS_LISTEN);\n"
       "serves its JSON API at --listen HOST:PORT, to the people of --users FILE"}},
     "dry-run tick once clock-start timeout no-wait prometheus metrics-listen listen users",
     kReplicaCount,
     runCommand},
    // No --timeout: it follows no change; each cluster's requests have the usual 10 s timeout.
    {"fleet",
     CtlFamily::Cluster,
     {{"fleet [--clusters FILE] [--json]", "every cluster of the fleet at once, one row each: state, Ray version,\n"
                                           "deployments, replicas running of target, GPUs held of present, pending\n"
                                           "and unplaceable deployments, parked apps, cost per hour now; the\n"
                                           "clusters of FILE (NAME ADDRESS [TOKEN_FILE] a line; controller+URL for\n"
                                           "a controller), else the saved profiles. Exit 1 unless all answered"}},
     "clusters json",
     kReplicaCount,
     fleetCommand},
    {"controller status",
     CtlFamily::Cluster,
     {{"controller status", "with --controller: the controller's URL, who you are there (name and\n"
                            "role), its health and which controller holds the lock"}},
     "",
     kReplicaCount,
     controllerStatusCommand},
    {"token store",
     CtlFamily::Words,
     {{"token store NAME", "read a token from stdin into the OS keychain (service scaledeck,\n"
                           "key NAME) for --token-keychain NAME and the profile NAME"}},
     "",
     nullptr,
     tokenStoreCommand},
};

bool startsWithWord(const char *name, const QString &word)
{
    const QString text = QString::fromLatin1(name);
    return !word.isEmpty() && (text == word || text.startsWith(word + QLatin1Char(' ')));
}

bool takesOption(const CtlCommandSpec &spec, const char *option)
{
    return QString::fromLatin1(spec.options)
        .split(QLatin1Char(' '), Qt::SkipEmptyParts)
        .contains(QString::fromLatin1(option));
}

} // namespace

const std::vector<CtlCommandSpec> &ctlCommands()
{
    return commands;
}

const CtlCommandSpec *findCtlCommand(const QString &name)
{
    for (const CtlCommandSpec &spec : commands) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

const CtlCommandSpec *firstCtlCommandOf(const QString &word)
{
    for (const CtlCommandSpec &spec : commands) {
        if (startsWithWord(spec.name, word))
            return &spec;
    }
    return nullptr;
}

std::vector<const CtlOption *> familyOptions(CtlFamily family)
{
    std::vector<const CtlOption *> known;
    for (const CtlOption &option : ctlOptions()) {
        const bool taken = std::any_of(commands.begin(), commands.end(), [&](const CtlCommandSpec &spec) {
            return spec.family == family && takesOption(spec, option.name);
        });
        if (taken && !option.global)
            known.push_back(&option);
    }
    return known;
}

} // namespace scaledeck
