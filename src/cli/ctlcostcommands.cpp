// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcostcommands.h"

#include "ctlcommands.h"
#include "ctlcostcommon.h"

namespace scaledeck {

namespace {

struct CommandSpec {
    const char *name;
    const char *forms;   // the usage line
    const char *options; // the command's own options, space separated (the global ones are always allowed)
    int (*run)(CostCommand &);
};

const CommandSpec commandSpecs[] = {
    {"cost", "cost [--since ISO8601] [--until ISO8601] [--json]", "since until json", costCommand},
    {"leases", "leases [--json]", "json", leasesCommand},
    {"prices", "prices [--gpu-hour N|default] [--accelerator TYPE] [--cpu-hour N|none] [--currency CODE]",
     "gpu-hour accelerator cpu-hour currency", pricesCommand},
    {"always-on", "always-on [app/deployment COUNT|peak]", "", alwaysOnCommand},
};

const std::vector<OwnOption> ownOptions{{"since", "ISO8601"}, {"until", "ISO8601"},    {"json", nullptr},
                                        {"gpu-hour", "N"},    {"accelerator", "TYPE"}, {"cpu-hour", "N"},
                                        {"currency", "CODE"}};

const CommandSpec *findSpec(const QString &name)
{
    for (const CommandSpec &spec : commandSpecs) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

} // namespace

QString moneyText(const QString &currency, double amount)
{
    return currency + QLatin1Char(' ') + QString::number(amount, 'f', 2);
}

QString hoursText(double hours)
{
    return QString::number(hours, 'f', 2);
}

std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err)
{
    if (!findSpec(commandWord(arguments)))
        return std::nullopt;
    return runOnCommandClock(environment, err, [&](const Clock &clock) {
        return *runCostCommands(arguments, environment, out, err, clock);
    });
}

std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err, const Clock &clock)
{
    const CommandSpec *spec = findSpec(commandWord(arguments));
    if (!spec)
        return std::nullopt;

    QCommandLineParser parser;
    addCommandOptions(parser, ownOptions);
    CostCommand command{
        out, err, clock, environment, parser, QString::fromLatin1(spec->name), QString::fromLatin1(spec->forms),
        {},  {}};
    // A count is the only negative number these commands take as an argument (a negative price is an option's
    // value, which the price check words better).
    if (spec->run == alwaysOnCommand) {
        if (const std::optional<QString> negative = negativeNumberArgument(arguments))
            return command.usage(
                QStringLiteral("expected a replica count of 0 or more, or 'peak', not '%1'").arg(*negative));
    }
    if (!parser.parse(arguments))
        return command.usage(parser.errorText());
    command.args = parser.positionalArguments().mid(1); // after the command word
    if (parser.isSet(QStringLiteral("help"))) {
        printUsageForms(out, command.forms);
        return int(ExitDone);
    }
    if (const std::optional<QString> notTaken = optionNotTaken(parser, ownOptions, spec->options, command.name))
        return command.usage(*notTaken);
    return spec->run(command);
}

} // namespace scaledeck
