#include "ctlschedulecommands.h"

#include "ctlcommands.h"
#include "ctlschedulecommon.h"

#include <QCommandLineParser>

namespace scaledeck {

namespace {

struct CommandSpec {
    const char *name;     // "schedule show", "override"
    const char *forms;    // usage lines, '\n' between them
    const char *options;  // the command's own options, space separated (the global ones are always allowed)
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

const char *const ownOptions[] = {"json", "from", "to", "until", "since", "clear"};

bool isOwnCommand(const QString &word)
{
    return word == QLatin1String("schedule") || word == QLatin1String("override") || word == QLatin1String("audit");
}

// The command word: the first argument that is neither an option nor an option's value. Options that take a
// value as the next argument are the global ones and ours.
QString commandWord(const QStringList &arguments)
{
    static const QStringList withValue{QStringLiteral("--address"), QStringLiteral("--token-file"),
                                       QStringLiteral("--store"),   QStringLiteral("--timeout"),
                                       QStringLiteral("--from"),    QStringLiteral("--to"),
                                       QStringLiteral("--until"),   QStringLiteral("--since")};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == QLatin1String("--"))
            return i + 1 < arguments.size() ? arguments[i + 1] : QString();
        if (!argument.startsWith(QLatin1Char('-')))
            return argument;
        if (withValue.contains(argument))
            ++i;
    }
    return QString();
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

}  // namespace

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err)
{
    const QString fixedNow = environment.value(QStringLiteral("SCALEDECK_NOW"));
    if (fixedNow.isEmpty() || !isOwnCommand(commandWord(arguments))) {
        const SystemClock clock;
        return runScheduleCommands(arguments, environment, out, err, clock);
    }
    // Test only: see the header.
    const std::optional<TypedInstant> now = parseTypedInstant(fixedNow);
    if (!now) {
        err << "scaledeckctl: " << badInstantMessage(QStringLiteral("SCALEDECK_NOW"), fixedNow) << Qt::endl;
        return int(ExitUsage);
    }
    const ManualClock clock(now->toUtc(QTimeZone(QTimeZone::utc())));
    return runScheduleCommands(arguments, environment, out, err, clock);
}

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err, const Clock &clock)
{
    const QString word = commandWord(arguments);
    if (!isOwnCommand(word))
        return std::nullopt;

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    auto valueOption = [](const char *name, const char *valueName) {
        return QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(valueName));
    };
    parser.addOptions({valueOption("address", "URL"), valueOption("token-file", "FILE"), valueOption("store", "FILE"),
                       valueOption("from", "ISO8601"), valueOption("to", "ISO8601"), valueOption("until", "ISO8601"),
                       valueOption("since", "ISO8601"), QCommandLineOption(QStringLiteral("json")),
                       QCommandLineOption(QStringLiteral("clear")),
                       QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")})});

    ScheduleCommand command{out, err, clock, environment, parser, word, formsOf(word), {}, {}, {}};
    // "-1" would otherwise read as an unknown option "1": name the real mistake.
    for (const QString &argument : arguments.mid(1)) {
        bool isNumber = false;
        if (argument.startsWith(QLatin1Char('-')) && (argument.toInt(&isNumber), isNumber))
            return command.usage(
                QStringLiteral("'%1' is not a replica count (a whole number from 0 to 1000)").arg(argument));
    }
    if (!parser.parse(arguments))
        return command.usage(parser.errorText());

    QStringList positional = parser.positionalArguments();
    positional.removeFirst();  // the command word
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
    const QStringList allowed = QString::fromLatin1(spec->options).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const char *option : ownOptions) {
        const QString name = QString::fromLatin1(option);
        if (parser.isSet(name) && !allowed.contains(name))
            return command.usage(QStringLiteral("'%1' takes no --%2").arg(command.name, name));
    }
    return spec->run(command);
}

}  // namespace scaledeck
