// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcommands.h"

#include "ctlcommandline.h"
#include "ctlcommandtable.h"
#include "ctlcompletion.h"
#include "ctlcontroller.h"
#include "ctlhelp.h"
#include "versiontext.h"

#include <QCommandLineParser>

namespace scaledeck {

namespace {

// The usage error of a command line that names no command: the message and a hint at --help (the whole help
// would bury the message).
int usageOfAll(QTextStream &err, const QString &message)
{
    err << "scaledeckctl: " << message << "\n" << ctlUsageHint(QString());
    err.flush();
    return ExitUsage;
}

// A command line whose command word is no command's: --help, --version, no command at all, or an unknown one.
// Every option is known here, so a misspelt command is named as such whatever options surround it.
int runWithoutCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    // Named before the options are parsed: in "bogus -1" the mistake is the command, not an option "1".
    const QString word = commandWord(arguments);
    const bool help = arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"));
    if (!word.isEmpty() && !help)
        return usageOfAll(err, QStringLiteral("unknown command '%1'").arg(word));
    QCommandLineParser parser;
    std::vector<const CtlOption *> every;
    for (const CtlOption &option : ctlOptions()) {
        if (!option.global)
            every.push_back(&option);
    }
    addCommandOptions(parser, every);
    parser.addOption(QCommandLineOption(QStringLiteral("version")));
    if (!parser.parse(arguments))
        return usageOfAll(err, parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        out << (parser.isSet(QStringLiteral("help")) ? ctlHelpText()
                                                     : versionText(QStringLiteral("scaledeckctl")) + QLatin1Char('\n'));
        out.flush();
        return ExitDone;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageOfAll(err, QStringLiteral("no command given"));
    return usageOfAll(err, QStringLiteral("unknown command '%1'").arg(positional.first()));
}

// Parses the command line with the options of `family`, leaving the arguments after the command word in
// command.args. An exit code after a usage error.
std::optional<int> parseCommandLine(CtlCommand &command, QCommandLineParser &parser, const CtlCommandSpec &first,
                                    const QStringList &arguments)
{
    addCommandOptions(parser, familyOptions(first.family));
    // "-1" would otherwise read as an unknown option "1": name the real mistake.
    if (const std::optional<QString> negative = negativeNumberArgument(arguments); negative && first.negativeCount)
        return command.usage(QString::fromLatin1(first.negativeCount).arg(*negative));
    if (!parser.parse(arguments))
        return command.usage(parser.errorText());
    command.args = parser.positionalArguments().mid(1);
    return std::nullopt;
}

int printCommandHelp(CtlCommand &command)
{
    command.out << ctlCommandHelp(command.name);
    command.out.flush();
    return ExitDone;
}

// The command the words name: "parked discard" before "parked", "schedule list" for the word "schedule". When
// there is none it prints why (or, for "schedule --help", the help of the schedule commands), sets *exitCode
// and returns nullptr.
const CtlCommandSpec *findSubcommand(CtlCommand &command, int *exitCode)
{
    const QString word = command.name;
    if (!command.args.isEmpty()) {
        if (const CtlCommandSpec *spec = findCtlCommand(word + QLatin1Char(' ') + command.args.first())) {
            command.args.removeFirst();
            return spec;
        }
    }
    if (const CtlCommandSpec *spec = findCtlCommand(word))
        return spec;
    if (command.args.isEmpty() && command.parser.isSet(QStringLiteral("help")))
        *exitCode = printCommandHelp(command);
    else if (command.args.isEmpty())
        *exitCode = command.usage(QStringLiteral("'%1' needs a subcommand").arg(word));
    else
        *exitCode = command.usage(QStringLiteral("unknown command '%1 %2'").arg(word, command.args.first()));
    return nullptr;
}

// --help, or the options the command does not take, or the command itself.
int runSpec(CtlCommand &command, const CtlCommandSpec &spec)
{
    command.name = QString::fromLatin1(spec.name);
    if (command.parser.isSet(QStringLiteral("help")))
        return printCommandHelp(command); // "parked": its own and that of "parked discard"
    if (auto notTaken = optionNotTaken(command.parser, familyOptions(spec.family), spec.options, command.name))
        return command.usage(*notTaken);
    // With --controller (or $SCALEDECK_CONTROLLER) the command goes through the controller's API, or is refused.
    if (const std::optional<int> done = runThroughController(command))
        return *done;
    return spec.run(command);
}

// A Words command reads its words itself, but "token --help" and "token store --help" are help: no name or
// argument of such a command starts with a dash.
bool asksWordsHelp(const QStringList &words)
{
    return words.size() <= 3 && (words.last() == QLatin1String("--help") || words.last() == QLatin1String("-h"));
}

} // namespace

int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err)
{
    return runOnCommandClock(
        environment, err, [&](const Clock &clock) { return runScaledeckCtl(arguments, environment, out, err, clock); });
}

int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err, const Clock &clock)
{
    const QString word = commandWord(arguments);
    // The bash completion's questions (ctlcompletion.h): hidden, so not in the command table.
    if (word == QLatin1String("__complete") && arguments.value(1) == word)
        return runCompletionQuery(arguments.mid(2), out);
    const CtlCommandSpec *first = firstCtlCommandOf(word);
    if (!first)
        return runWithoutCommand(arguments, out, err);
    QCommandLineParser parser;
    CtlCommand command{out, err, clock, environment, parser, word, {}, {}};
    if (first->family == CtlFamily::Words) {
        command.args = arguments.mid(1);
        return asksWordsHelp(command.args) ? printCommandHelp(command) : first->run(command);
    }
    if (const std::optional<int> bad = parseCommandLine(command, parser, *first, arguments))
        return *bad;
    int exitCode = ExitUsage;
    const CtlCommandSpec *spec = findSubcommand(command, &exitCode);
    return spec ? runSpec(command, *spec) : exitCode;
}

} // namespace scaledeck
