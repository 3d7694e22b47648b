// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlschedulecommands.h"

#include "ctlcommands.h"
#include "ctlschedulecommon.h"

#include <QCommandLineParser>

namespace scaledeck {

namespace {

struct CommandSpec {
    const char *name;    // "schedule show", "override"
    const char *forms;   // usage lines, '\n' between them
    const char *options; // the command's own options, space separated (the global ones are always allowed)
    int (*run)(ScheduleCommand &);
};

const CommandSpec commandSpecs[] = {
    {"schedule list", "schedule list [--json]", "json", scheduleListCommand},
    {"schedule show", "schedule show TARGET", "", scheduleShowCommand},
    {"schedule set", "schedule set TARGET FILE", "", scheduleSetCommand},
    {"schedule preview", "schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]", "from to json",
     schedulePreviewCommand},
    {"schedule export", "schedule export TARGET [--json]", "json", scheduleExportCommand},
    {"schedule remove", "schedule remove TARGET", "", scheduleRemoveCommand},
    {"override", "override TARGET N --until ISO8601\noverride TARGET --clear", "until clear", overrideCommand},
    {"audit", "audit [--since ISO8601] [--json]", "since json", auditCommand},
};

const std::vector<OwnOption> ownOptions{{"json", nullptr},    {"from", "ISO8601"},  {"to", "ISO8601"},
                                        {"until", "ISO8601"}, {"since", "ISO8601"}, {"clear", nullptr}};

bool isOwnCommand(const QString &word)
{
    return word == QLatin1String("schedule") || word == QLatin1String("override") || word == QLatin1String("audit");
}

// The forms of every command whose name starts with `prefix` ("schedule", or "" for all).
QString formsOf(const QString &prefix)
{
    QStringList forms;
    for (const CommandSpec &spec : commandSpecs) {
        if (QString::fromLatin1(spec.name).startsWith(prefix))
            forms.append(QString::fromLatin1(spec.forms));
    }
    return forms.join(QLatin1Char('\n'));
}

const CommandSpec *findSpec(const QString &name)
{
    for (const CommandSpec &spec : commandSpecs) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

} // namespace

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err)
{
    if (!isOwnCommand(commandWord(arguments)))
        return std::nullopt;
    return runOnCommandClock(environment, err, [&](const Clock &clock) {
        return *runScheduleCommands(arguments, environment, out, err, clock);
    });
}

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err, const Clock &clock)
{
    const QString word = commandWord(arguments);
    if (!isOwnCommand(word))
        return std::nullopt;

    QCommandLineParser parser;
    addCommandOptions(parser, ownOptions);
    ScheduleCommand command{{out, err, clock, environment, parser, word, formsOf(word), {}, {}}, {}};
    // "-1" would otherwise read as an unknown option "1": name the real mistake.
    if (const std::optional<QString> negative = negativeNumberArgument(arguments))
        return command.usage(
            QStringLiteral("'%1' is not a replica count (a whole number from 0 to 1000)").arg(*negative));
    if (!parser.parse(arguments))
        return command.usage(parser.errorText());

    QStringList positional = parser.positionalArguments();
    positional.removeFirst(); // the command word
    const bool help = parser.isSet(QStringLiteral("help"));
    if (word == QLatin1String("schedule")) {
        if (positional.isEmpty() && help) {
            printUsageForms(out, command.forms);
            return int(ExitDone);
        }
        if (positional.isEmpty())
            return command.usage(QStringLiteral("'schedule' needs a subcommand"));
        command.name = word + QLatin1Char(' ') + positional.takeFirst();
    }
    const CommandSpec *spec = findSpec(command.name);
    if (!spec) {
        const QString unknown = command.name;
        command.name = word;
        return command.usage(QStringLiteral("unknown command '%1'").arg(unknown));
    }
    command.forms = QString::fromLatin1(spec->forms);
    command.args = positional;
    if (help) {
        printUsageForms(out, command.forms);
        return int(ExitDone);
    }
    if (const std::optional<QString> notTaken = optionNotTaken(parser, ownOptions, spec->options, command.name))
        return command.usage(*notTaken);
    return spec->run(command);
}

} // namespace scaledeck
