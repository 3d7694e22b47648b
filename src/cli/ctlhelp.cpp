// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlhelp.h"

#include "ctlcommandtable.h"
#include "ctloptions.h"

#include <algorithm>

namespace scaledeck {

namespace {

const char *const kHelpHead =
    "Usage: scaledeckctl [--address URL] [--token-file FILE | --token-keychain NAME] [--ca-file FILE]\n"
    "                    [--production] [--read-only] COMMAND\n";

const char *const kHelpTail =
    "TARGET is APP or APP/DEPLOYMENT. ISO8601 is 2026-11-30T07:00:00+01:00 or ...Z; without an offset it is\n"
    "in the schedule's time zone (for audit, the local one).\n"
    "Options: --store FILE (ScaleDeck's database), --timeout SECONDS (wait for the cluster, default 180),\n"
    "         --no-wait (return once Ray accepted the change), --read-only (every command reads; one that would\n"
    "         change the cluster, a schedule, an override, prices or always-on counts is refused with exit 2,\n"
    "         as is run: even run --dry-run writes the audit log)\n"
    "--address defaults to $RAY_DASHBOARD_ADDRESS, then http://127.0.0.1:8265. For https://, --ca-file names\n"
    "the PEM file of the CAs to trust instead of the system's; a certificate that fails verification is an error.\n"
    "--production: a change that parks an application needs --confirm APP naming it.\n"
    "--controller URL (else $SCALEDECK_CONTROLLER) goes through that controller's API instead of Ray and the\n"
    "local store, with your token from --controller-token-file FILE (else $SCALEDECK_CONTROLLER_TOKEN_FILE).\n"
    "'scaledeckctl COMMAND --help' explains one command and its options; --version names this build.\n"
    "Exit codes: 0 done, 1 error, 2 usage, 3 conflict.\n";

// Where --help's descriptions start: two spaces, a form of up to 36 characters, a space.
constexpr qsizetype kDescriptionColumn = 39;
// Where the global options' short list wraps.
constexpr qsizetype kLineWidth = 100;

// "  label   description", further lines of the description under it; a label too wide for the column has
// its description start on the next line.
QString describedLines(const QString &label, const QString &description, qsizetype column)
{
    QStringList lines = description.split(QLatin1Char('\n'));
    const QString tag = QStringLiteral("  ") + label;
    QString text = tag + QLatin1Char('\n');
    if (tag.size() < column)
        text = tag.leftJustified(column) + lines.takeFirst() + QLatin1Char('\n');
    for (const QString &line : std::as_const(lines))
        text += QString(column, QLatin1Char(' ')) + line + QLatin1Char('\n');
    return text;
}

bool startsWithWord(const char *name, const QString &word)
{
    const QString text = QString::fromLatin1(name);
    return !word.isEmpty() && (text == word || text.startsWith(word + QLatin1Char(' ')));
}

QStringList optionNames(const CtlCommandSpec &spec)
{
    return QString::fromLatin1(spec.options).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// "--since ISO8601", "--json".
QString optionLabel(const CtlOption &option)
{
    QString label = QStringLiteral("--") + QLatin1String(option.name);
    if (option.valueName)
        label += QLatin1Char(' ') + QLatin1String(option.valueName);
    return label;
}

// The options any of `specs` takes, in the order ctlOptions() declares them, each with what it does.
QString optionsSection(const std::vector<const CtlCommandSpec *> &specs)
{
    QStringList taken;
    for (const CtlCommandSpec *spec : specs)
        taken += optionNames(*spec);
    std::vector<const CtlOption *> shown;
    qsizetype width = 0;
    for (const CtlOption &option : ctlOptions()) {
        if (!option.global && taken.contains(QLatin1String(option.name))) {
            shown.push_back(&option);
            width = std::max(width, optionLabel(option).size());
        }
    }
    if (shown.empty())
        return QString();
    QString text = QStringLiteral("\nOptions:\n");
    for (const CtlOption *option : shown)
        text += describedLines(optionLabel(*option), QString::fromUtf8(option->description), width + 5);
    return text;
}

// The options every command takes, names only: the whole help and the man page say what they do.
QString globalOptionsSection()
{
    QString text = QStringLiteral("\nGlobal options (see 'scaledeckctl --help'):\n");
    QString line = QStringLiteral(" ");
    for (const CtlOption &option : ctlOptions()) {
        if (!option.global)
            continue;
        const QString item = QStringLiteral(" [") + optionLabel(option) + QLatin1Char(']');
        if (line.size() + item.size() > kLineWidth) {
            text += line + QLatin1Char('\n');
            line = QStringLiteral(" ");
        }
        line += item;
    }
    return text + line + QLatin1Char('\n');
}

} // namespace

QString ctlHelpText()
{
    QString text = QString::fromUtf8(kHelpHead);
    for (const CtlCommandSpec &spec : ctlCommands()) {
        for (const CtlForm &form : spec.forms)
            text +=
                describedLines(QString::fromUtf8(form.form), QString::fromUtf8(form.description), kDescriptionColumn);
    }
    return text + QString::fromUtf8(kHelpTail);
}

QString ctlCommandHelp(const QString &word)
{
    std::vector<const CtlCommandSpec *> specs;
    std::vector<const CtlForm *> forms;
    for (const CtlCommandSpec &spec : ctlCommands()) {
        if (!startsWithWord(spec.name, word))
            continue;
        specs.push_back(&spec);
        for (const CtlForm &form : spec.forms)
            forms.push_back(&form);
    }
    QString usage;
    for (const CtlForm *form : forms)
        usage += (usage.isEmpty() ? QStringLiteral("Usage: ") : QStringLiteral("       ")) +
                 QStringLiteral("scaledeckctl ") + QString::fromUtf8(form->form) + QLatin1Char('\n');
    // One form: what it does under it. Several: each form beside what it does, as in --help.
    QString descriptions;
    for (const CtlForm *form : forms) {
        const QString description = QString::fromUtf8(form->description);
        descriptions += forms.size() == 1
                            ? QStringLiteral("  ") + description.split(QLatin1Char('\n')).join(QStringLiteral("\n  ")) +
                                  QLatin1Char('\n')
                            : describedLines(QString::fromUtf8(form->form), description, kDescriptionColumn);
    }
    // A Words command (token store) takes no option at all.
    const bool takesGlobals = std::any_of(specs.begin(), specs.end(),
                                          [](const CtlCommandSpec *spec) { return spec->family != CtlFamily::Words; });
    return usage + QLatin1Char('\n') + descriptions + optionsSection(specs) +
           (takesGlobals ? globalOptionsSection() : QString());
}

QString ctlUsageHint(const QString &word)
{
    if (word.isEmpty())
        return QStringLiteral("Try 'scaledeckctl --help' for more information.\n");
    return QStringLiteral("Try 'scaledeckctl %1 --help'.\n").arg(word);
}

} // namespace scaledeck
