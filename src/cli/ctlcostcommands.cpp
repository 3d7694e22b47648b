#include "ctlcostcommands.h"

#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"
#include "pricestore.h"

#include <QRegularExpression>

#include <cmath>

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
    {"prices", "prices [--gpu-hour N] [--cpu-hour N] [--currency CODE]", "gpu-hour cpu-hour currency", pricesCommand},
};

const char *const ownOptions[] = {"since", "until", "json", "gpu-hour", "cpu-hour", "currency"};

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
        QStringLiteral("--gpu-hour"), QStringLiteral("--cpu-hour"),   QStringLiteral("--currency")};
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

QString pricesText(const QString &clusterKey, const PriceList &prices)
{
    QString text =
        QStringLiteral("Prices on %1: %2 per GPU-hour").arg(clusterKey, moneyText(prices.currency, prices.gpuHour));
    text += prices.cpuHour ? QStringLiteral(", %1 per CPU-hour").arg(moneyText(prices.currency, *prices.cpuHour))
                           : QStringLiteral(", no CPU-hour price");
    return text + QLatin1Char('.');
}

// A price as typed: a finite number, 0 or more.
std::optional<double> parsePrice(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
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

// `prices [--gpu-hour N] [--cpu-hour N] [--currency CODE]`: shows this cluster's prices, or changes the ones
// given and shows the result. Prices are per cluster (its --address), in one currency.
int pricesCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    const QCommandLineParser &parser = command.parser;
    std::optional<double> gpuHour;
    std::optional<double> cpuHour;
    std::optional<QString> currency;
    if (parser.isSet(QStringLiteral("gpu-hour"))) {
        gpuHour = parsePrice(parser.value(QStringLiteral("gpu-hour")));
        if (!gpuHour)
            return command.usage(QStringLiteral("--gpu-hour takes a price of 0 or more, such as 2.49, not '%1'")
                                     .arg(parser.value(QStringLiteral("gpu-hour"))));
    }
    if (parser.isSet(QStringLiteral("cpu-hour"))) {
        cpuHour = parsePrice(parser.value(QStringLiteral("cpu-hour")));
        if (!cpuHour)
            return command.usage(QStringLiteral("--cpu-hour takes a price of 0 or more, such as 0.04, not '%1'")
                                     .arg(parser.value(QStringLiteral("cpu-hour"))));
    }
    if (parser.isSet(QStringLiteral("currency"))) {
        static const QRegularExpression code(QStringLiteral("^[A-Za-z]{3}$"));
        const QString value = parser.value(QStringLiteral("currency"));
        if (!code.match(value).hasMatch())
            return command.usage(
                QStringLiteral("--currency takes a three-letter code such as USD or EUR, not '%1'").arg(value));
        currency = value.toUpper();
    }
    if (auto bad = command.resolveCluster())
        return *bad;
    PriceStore store(command.storePath());
    auto prices = store.prices(command.clusterKey);
    if (!prices)
        return command.fail(prices.error());
    PriceList list = prices.value();
    if (gpuHour || cpuHour || currency) {
        if (gpuHour)
            list.gpuHour = *gpuHour;
        if (cpuHour)
            list.cpuHour = *cpuHour;
        if (currency)
            list.currency = *currency;
        if (auto saved = store.setPrices(command.clusterKey, list); !saved)
            return command.fail(saved.error());
    }
    command.out << pricesText(command.clusterKey, list) << "\n";
    if (list.gpuHour == 0)
        command.out << "Costs show as 0 until a GPU-hour price is set: scaledeckctl prices --gpu-hour N\n";
    command.out.flush();
    return ExitDone;
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
                       valueOption("cpu-hour", "N"), valueOption("currency", "CODE"),
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
