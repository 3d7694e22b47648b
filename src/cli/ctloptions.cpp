// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctloptions.h"

namespace scaledeck {

namespace {

const char *const kRunOnly = "--tick, --once and --clock-start are options of 'run'";

const std::vector<CtlOption> options{
    {.name = "address",
     .valueName = "URL",
     .global = true,
     .description = "the Ray dashboard (default: $RAY_DASHBOARD_ADDRESS, else http://127.0.0.1:8265)"},
    {.name = "token-file",
     .valueName = "FILE",
     .global = true,
     .description = "the file holding the Ray auth token (default: $RAY_AUTH_TOKEN, $RAY_AUTH_TOKEN_PATH,\n"
                    "~/.ray/auth_token)"},
    {.name = "token-keychain",
     .valueName = "NAME",
     .global = true,
     .description = "the token stored in the OS keychain as NAME (scaledeckctl token store NAME)"},
    {.name = "ca-file",
     .valueName = "FILE",
     .global = true,
     .description = "https: trust only the CA certificates in this PEM file"},
    {.name = "store",
     .valueName = "FILE",
     .global = true,
     .description = "ScaleDeck's database (default: $SCALEDECK_STORE, else\n"
                    "~/.local/share/scaledeck/scaledeck.sqlite); a postgresql://USER@HOST/DB\n"
                    "URL for a store shared by several hosts (password: ~/.pgpass)"},
    {.name = "read-only",
     .global = true,
     .description = "only read: a command that would change anything is refused (exit 2)"},
    {.name = "production", .global = true, .description = "a change that parks an app needs --confirm APP"},
    {.name = "controller",
     .valueName = "URL",
     .global = true,
     .description = "go through the controller's API at URL (scaledeckctl run --listen) instead of\n"
                    "Ray and the local store (default: $SCALEDECK_CONTROLLER)"},
    {.name = "controller-token-file",
     .valueName = "FILE",
     .global = true,
     .description = "the file holding your token for --controller, mode 0600\n"
                    "(default: $SCALEDECK_CONTROLLER_TOKEN_FILE)"},
    // status, scale, park, unpark, parked, run
    {.name = "tick",
     .valueName = "SECONDS",
     .defaultValue = "10",
     .notTaken = kRunOnly,
     .description = "how often the controller looks at the cluster (default 10)"},
    {.name = "once", .notTaken = kRunOnly, .description = "one tick, then exit"},
    {.name = "clock-start",
     .valueName = "ISO8601",
     .notTaken = kRunOnly,
     .description = "run the controller's clock from this instant (trials)"},
    {.name = "metrics-listen",
     .valueName = "HOST:PORT",
     .notTaken = "--metrics-listen is an option of 'run'",
     .description = "serve /metrics and /healthz for Prometheus here (default: $SCALEDECK_METRICS_LISTEN)"},
    {.name = "listen",
     .valueName = "HOST:PORT",
     .notTaken = "--listen is an option of 'run'",
     .description = "serve the controller's JSON API here (/api/v1/; loopback only without --users)"},
    {.name = "users",
     .valueName = "FILE",
     .notTaken = "--users is an option of 'run'",
     .description = "who may call the API: NAME ROLE TOKEN a line, ROLE viewer or operator (mode 0600)"},
    {.name = "dry-run", .description = "show what would be sent; send nothing"},
    {.name = "replace", .description = "controller import: what the controller holds differently is replaced"},
    {.name = "confirm",
     .valueName = "APP",
     .notTaken = "'%1' takes no --confirm (it confirms parking, for park and scale)",
     .description = "with --production: the name of the app the change parks"},
    {.name = "json", .description = "print JSON instead of text"},
    {.name = "force",
     .notTaken = "--force is an option of 'parked discard'",
     .description = "discard even the only copy of the config"},
    {.name = "timeout",
     .valueName = "SECONDS",
     .defaultValue = "180",
     .description = "how long to follow a change in the cluster (default 180)"},
    {.name = "no-wait", .description = "return once Ray accepted the change"},
    // schedule, override, audit, cost
    {.name = "from", .valueName = "ISO8601", .description = "the first instant"},
    {.name = "to", .valueName = "ISO8601", .description = "the last instant"},
    {.name = "since", .valueName = "ISO8601", .description = "from this instant on"},
    {.name = "until", .valueName = "ISO8601", .description = "up to this instant"},
    {.name = "clear", .description = "drop the override: back to the schedule now"},
    // prices
    {.name = "gpu-hour", .valueName = "N", .description = "the price of a GPU-hour ('default': of the type, none)"},
    {.name = "accelerator", .valueName = "TYPE", .description = "the GPU type --gpu-hour prices (A100, L4, ...)"},
    {.name = "cpu-hour", .valueName = "N", .description = "the price of a CPU-hour ('none': no CPU price)"},
    {.name = "currency", .valueName = "CODE", .description = "a three-letter currency code (USD, EUR, ...)"},
    // traffic
    {.name = "window",
     .valueName = "DURATION",
     .defaultValue = "1m",
     .description = "the window rates are taken over (default 1m)"},
    {.name = "prometheus",
     .valueName = "URL",
     .description = "Prometheus with Ray's metrics (default: $RAY_PROMETHEUS_HOST)"},
    // fleet
    {.name = "clusters",
     .valueName = "FILE",
     .notTaken = "--clusters is an option of 'fleet'",
     .description = "the fleet: one cluster a line, NAME ADDRESS [TOKEN_FILE] ('#' comments);\n"
                    "ADDRESS a Ray dashboard, or controller+URL for a ScaleDeck controller\n"
                    "(default: the window's saved profiles)"},
    // schedule suggest
    {.name = "weeks", .valueName = "N", .defaultValue = "4", .description = "weeks of traffic to read (default 4)"},
    {.name = "threshold",
     .valueName = "REQ_PER_S",
     .description = "a slot is busy above this rate (default 0: any request)"},
    {.name = "per-replica", .valueName = "REQ_PER_S", .description = "the rate one replica serves"},
    {.name = "tz",
     .valueName = "ZONE",
     .description = "the schedule's time zone (default: the stored schedule's, else this machine's)"},
};

QCommandLineOption parserOption(const CtlOption &option)
{
    const QString name = QString::fromLatin1(option.name);
    if (!option.valueName)
        return QCommandLineOption(name);
    return QCommandLineOption(name, QString(), QString::fromLatin1(option.valueName),
                              QString::fromLatin1(option.defaultValue));
}

} // namespace

const std::vector<CtlOption> &ctlOptions()
{
    return options;
}

const CtlOption *findCtlOption(const QString &name)
{
    for (const CtlOption &option : options) {
        if (name == QLatin1String(option.name))
            return &option;
    }
    return nullptr;
}

void addCommandOptions(QCommandLineParser &parser, const std::vector<const CtlOption *> &own)
{
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    for (const CtlOption &option : options) {
        if (option.global)
            parser.addOption(parserOption(option));
    }
    for (const CtlOption *option : own)
        parser.addOption(parserOption(*option));
}

QString commandWord(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == QLatin1String("--"))
            return i + 1 < arguments.size() ? arguments[i + 1] : QString();
        if (!argument.startsWith(QLatin1Char('-')))
            return argument;
        // "--store FILE": FILE is no command. ("--store=FILE" is one argument, and no option's name.)
        const CtlOption *option = findCtlOption(argument.mid(2));
        if (argument.startsWith(QLatin1String("--")) && option && option->valueName)
            ++i;
    }
    return QString();
}

std::optional<QString> negativeNumberArgument(const QStringList &arguments)
{
    for (const QString &argument : arguments.mid(1)) {
        bool isNumber = false;
        if (argument.startsWith(QLatin1Char('-')) && (argument.toInt(&isNumber), isNumber))
            return argument;
    }
    return std::nullopt;
}

std::optional<QString> optionNotTaken(const QCommandLineParser &parser, const std::vector<const CtlOption *> &known,
                                      const char *taken, const QString &commandName)
{
    const QStringList takenNames = QString::fromLatin1(taken).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const CtlOption *option : known) {
        const QString name = QString::fromLatin1(option->name);
        if (!parser.isSet(name) || takenNames.contains(name))
            continue;
        if (!option->notTaken)
            return QStringLiteral("'%1' takes no --%2").arg(commandName, name);
        const QString message = QString::fromLatin1(option->notTaken);
        // Not every message names the command, and arg() warns about a missing %1.
        return message.contains(QLatin1String("%1")) ? message.arg(commandName) : message;
    }
    return std::nullopt;
}

} // namespace scaledeck
