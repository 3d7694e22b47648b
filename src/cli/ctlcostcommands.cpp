#include "ctlcostcommands.h"

#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"

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

const char *const ownOptions[] = {"since", "until", "json", "gpu-hour", "accelerator", "cpu-hour", "currency"};

const CommandSpec *findSpec(const QString &name)
{
    for (const CommandSpec &spec : commandSpecs) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

// The command word: the first argument that is neither an option nor an option's value.
QString commandWord(const QStringList &arguments)
{
    static const QStringList withValue{
        QStringLiteral("--address"),  QStringLiteral("--token-file"), QStringLiteral("--store"),
        QStringLiteral("--timeout"),  QStringLiteral("--since"),      QStringLiteral("--until"),
        QStringLiteral("--gpu-hour"), QStringLiteral("--cpu-hour"),   QStringLiteral("--currency"),
        QStringLiteral("--accelerator")};
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

} // namespace

int CostCommand::usage(const QString &message) const
{
    err << "scaledeckctl: " << message << "\n";
    printUsageForms(err, forms);
    err << "Run 'scaledeckctl --help' for every command and the options they all take.\n";
    err.flush();
    return ExitUsage;
}

int CostCommand::fail(const RayError &error) const
{
    return scaledeck::fail(err, error);
}

std::optional<int> CostCommand::expectNoArgs() const
{
    if (!args.isEmpty())
        return usage(QStringLiteral("'%1' takes no arguments").arg(name));
    return std::nullopt;
}

std::optional<int> CostCommand::resolveCluster()
{
    auto url = resolveDashboardUrl(parser.value(QStringLiteral("address")), environment);
    if (!url)
        return usage(url.error().message);
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = url.value();
    clusterKey = endpoint.clusterKey();
    return std::nullopt;
}

QString CostCommand::storePath() const
{
    return resolveStorePath(parser.value(QStringLiteral("store")), environment);
}

QString moneyText(const QString &currency, double amount)
{
    return currency + QLatin1Char(' ') + QString::number(amount, 'f', 2);
}

QString hoursText(double hours)
{
    return QString::number(hours, 'f', 2);
}

QStringList tableRows(const std::vector<QStringList> &rows, const QString &alignment)
{
    std::vector<qsizetype> widths;
    for (const QStringList &row : rows) {
        widths.resize(std::max(widths.size(), size_t(row.size())));
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[size_t(i)] = std::max(widths[size_t(i)], row[i].size());
    }
    QStringList lines;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const qsizetype width = widths[size_t(i)];
            if (i > 0)
                line += QStringLiteral("  ");
            if (i < alignment.size() && alignment[i] == QLatin1Char('R'))
                line += row[i].rightJustified(width);
            else if (i + 1 < row.size())
                line += row[i].leftJustified(width);
            else
                line += row[i];
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        lines.append(line);
    }
    return lines;
}

std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err)
{
    const QString fixedNow = environment.value(QStringLiteral("SCALEDECK_NOW"));
    if (fixedNow.isEmpty() || !findSpec(commandWord(arguments))) {
        const SystemClock clock;
        return runCostCommands(arguments, environment, out, err, clock);
    }
    // Test only: see the header.
    const std::optional<TypedInstant> now = parseTypedInstant(fixedNow);
    if (!now) {
        err << "scaledeckctl: " << badInstantMessage(QStringLiteral("SCALEDECK_NOW"), fixedNow) << Qt::endl;
        return int(ExitUsage);
    }
    const ManualClock clock(now->toUtc(QTimeZone(QTimeZone::utc())));
    return runCostCommands(arguments, environment, out, err, clock);
}

std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err, const Clock &clock)
{
    const CommandSpec *spec = findSpec(commandWord(arguments));
    if (!spec)
        return std::nullopt;

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    auto valueOption = [](const char *name, const char *valueName) {
        return QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(valueName));
    };
    parser.addOptions({valueOption("address", "URL"), valueOption("token-file", "FILE"), valueOption("store", "FILE"),
                       valueOption("since", "ISO8601"), valueOption("until", "ISO8601"), valueOption("gpu-hour", "N"),
                       valueOption("accelerator", "TYPE"), valueOption("cpu-hour", "N"), valueOption("currency", "CODE"),
                       QCommandLineOption(QStringLiteral("json")),
                       QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")})});

    CostCommand command{
        out, err, clock, environment, parser, QString::fromLatin1(spec->name), QString::fromLatin1(spec->forms),
        {},  {}};
    if (!parser.parse(arguments))
        return command.usage(parser.errorText());
    command.args = parser.positionalArguments().mid(1); // after the command word
    if (parser.isSet(QStringLiteral("help"))) {
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

} // namespace scaledeck
