// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctloptions.h"

namespace scaledeck {

namespace {

const char *const kRunOnly = "--tick, --once and --clock-start are options of 'run'";

const std::vector<CtlOption> options{
    {.name = "address", .valueName = "URL", .global = true},
    {.name = "token-file", .valueName = "FILE", .global = true},
    {.name = "token-keychain", .valueName = "NAME", .global = true},
    {.name = "ca-file", .valueName = "FILE", .global = true},
    {.name = "store", .valueName = "FILE", .global = true},
    {.name = "read-only", .global = true},
    {.name = "production", .global = true},
    // status, scale, park, unpark, parked, run
    {.name = "tick", .valueName = "SECONDS", .defaultValue = "10", .notTaken = kRunOnly},
    {.name = "once", .notTaken = kRunOnly},
    {.name = "clock-start", .valueName = "ISO8601", .notTaken = kRunOnly},
    {.name = "metrics-listen", .valueName = "HOST:PORT", .notTaken = "--metrics-listen is an option of 'run'"},
    {.name = "dry-run"},
    {.name = "confirm",
     .valueName = "APP",
     .notTaken = "'%1' takes no --confirm (it confirms parking, for park and scale)"},
    {.name = "json"},
    {.name = "force", .notTaken = "--force is an option of 'parked discard'"},
    {.name = "timeout", .valueName = "SECONDS", .defaultValue = "180"},
    {.name = "no-wait"},
    // schedule, override, audit, cost
    {.name = "from", .valueName = "ISO8601"},
    {.name = "to", .valueName = "ISO8601"},
    {.name = "since", .valueName = "ISO8601"},
    {.name = "until", .valueName = "ISO8601"},
    {.name = "clear"},
    // prices
    {.name = "gpu-hour", .valueName = "N"},
    {.name = "accelerator", .valueName = "TYPE"},
    {.name = "cpu-hour", .valueName = "N"},
    {.name = "currency", .valueName = "CODE"},
    // traffic
    {.name = "window", .valueName = "DURATION", .defaultValue = "1m"},
    {.name = "prometheus", .valueName = "URL"},
    // schedule suggest
    {.name = "weeks", .valueName = "N", .defaultValue = "4"},
    {.name = "threshold", .valueName = "REQ_PER_S"},
    {.name = "per-replica", .valueName = "REQ_PER_S"},
    {.name = "tz", .valueName = "ZONE"},
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
