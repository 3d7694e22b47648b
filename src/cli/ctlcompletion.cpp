// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcompletion.h"

#include "ctlcommands.h"
#include "ctlcommandtable.h"
#include "ctloptions.h"

namespace scaledeck {

namespace {

QStringList nameWords(const CtlCommandSpec &spec)
{
    return QString::fromLatin1(spec.name).split(QLatin1Char(' '));
}

QStringList commandWords()
{
    QStringList words;
    for (const CtlCommandSpec &spec : ctlCommands()) {
        if (const QString first = nameWords(spec).constFirst(); !words.contains(first))
            words.append(first);
    }
    return words;
}

QStringList subcommandWords(const QString &word)
{
    QStringList words;
    for (const CtlCommandSpec &spec : ctlCommands()) {
        const QStringList name = nameWords(spec);
        if (name.size() == 2 && name[0] == word)
            words.append(name[1]);
    }
    return words;
}

// The command "WORD SUB", else "WORD" (as the dispatcher finds it), else nullptr.
const CtlCommandSpec *commandOf(const QStringList &words)
{
    if (words.size() >= 2) {
        if (const CtlCommandSpec *spec = findCtlCommand(words[0] + QLatin1Char(' ') + words[1]))
            return spec;
    }
    return words.isEmpty() ? nullptr : findCtlCommand(words[0]);
}

QStringList optionWords(const CtlCommandSpec *spec)
{
    QStringList words;
    if (spec) {
        for (const QString &name : QString::fromLatin1(spec->options).split(QLatin1Char(' '), Qt::SkipEmptyParts))
            words.append(QStringLiteral("--") + name);
    }
    for (const CtlOption &option : ctlOptions()) {
        if (option.global)
            words.append(QStringLiteral("--") + QLatin1String(option.name));
    }
    words.append(QStringLiteral("--help"));
    if (!spec)
        words.append(QStringLiteral("--version"));
    return words;
}

QStringList valuedOptions()
{
    QStringList lines;
    for (const CtlOption &option : ctlOptions()) {
        if (option.valueName)
            lines.append(QStringLiteral("--%1 %2").arg(QLatin1String(option.name), QLatin1String(option.valueName)));
    }
    return lines;
}

// The placeholders of the first usage form after the command's name: "scale APP/DEPLOYMENT N [--dry-run]" gives
// APP/DEPLOYMENT and N. Options and their values are left out; "[app/deployment COUNT|peak]" loses its brackets.
QStringList argumentPlaceholders(const CtlCommandSpec &spec)
{
    QStringList tokens = QString::fromUtf8(spec.forms.front().form).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    tokens = tokens.mid(nameWords(spec).size());
    QStringList placeholders;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        QString token = tokens[i];
        token.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
        if (!token.startsWith(QLatin1String("--"))) {
            placeholders.append(token);
            continue;
        }
        const CtlOption *option = findCtlOption(token.mid(2).section(QLatin1Char('|'), 0, 0));
        if (option && option->valueName && !tokens[i].endsWith(QLatin1Char(']')))
            ++i; // its value: "--until ISO8601"
    }
    return placeholders;
}

void printLines(QTextStream &out, const QStringList &lines)
{
    for (const QString &line : lines)
        out << line << '\n';
    out.flush();
}

} // namespace

int runCompletionQuery(const QStringList &arguments, QTextStream &out)
{
    const QString query = arguments.value(0);
    const QStringList words = arguments.mid(1);
    if (query == QLatin1String("commands") && words.isEmpty()) {
        printLines(out, commandWords());
    } else if (query == QLatin1String("subcommands") && words.size() == 1) {
        printLines(out, subcommandWords(words[0]));
    } else if (query == QLatin1String("options") && words.size() <= 2) {
        const CtlCommandSpec *spec = commandOf(words);
        if (!words.isEmpty() && !spec)
            return ExitUsage;
        printLines(out, optionWords(spec));
    } else if (query == QLatin1String("valued") && words.isEmpty()) {
        printLines(out, valuedOptions());
    } else if (query == QLatin1String("arguments") && !words.isEmpty() && words.size() <= 2) {
        const CtlCommandSpec *spec = commandOf(words);
        if (!spec)
            return ExitUsage;
        printLines(out, argumentPlaceholders(*spec));
    } else {
        return ExitUsage;
    }
    return ExitDone;
}

} // namespace scaledeck
