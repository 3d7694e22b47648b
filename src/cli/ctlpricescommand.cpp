// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The cost settings of a cluster: `prices` (what a GPU-hour costs, by accelerator type, and a CPU-hour) and
// `always-on` (the replica count a deployment's savings are measured against, instead of its peak).
#include "ctlcommands.h"
#include "ctlcostcommon.h"
#include "pricestore.h"
#include "schedulerules.h"

#include <QRegularExpression>

#include <cmath>

namespace scaledeck {

QString pricesText(const QString &clusterKey, const PriceList &prices)
{
    QString text =
        QStringLiteral("Prices on %1: %2 per GPU-hour").arg(clusterKey, moneyText(prices.currency, prices.gpuHour));
    if (!prices.gpuHourByAccelerator.empty()) {
        QStringList typed;
        for (const auto &[accelerator, price] : prices.gpuHourByAccelerator)
            typed.append(QStringLiteral("%1 %2").arg(accelerator, moneyText(prices.currency, price)));
        text += QStringLiteral(" (%1; other types at the default)").arg(typed.join(QStringLiteral(", ")));
    }
    text += prices.cpuHour ? QStringLiteral(", %1 per CPU-hour").arg(moneyText(prices.currency, *prices.cpuHour))
                           : QStringLiteral(", no CPU-hour price");
    return text + QLatin1Char('.');
}

void printAlwaysOn(QTextStream &out, const QString &clusterKey, const std::map<QString, int> &counts)
{
    if (counts.empty()) {
        out << "No always-on counts on " << clusterKey << ": every deployment is compared with its peak.\n";
    } else {
        out << "Always-on counts on " << clusterKey << " (others: their peak):\n";
        std::vector<QStringList> rows;
        for (const auto &[name, replicas] : counts)
            rows.push_back({QStringLiteral("  ") + name, QString::number(replicas)});
        for (const QString &line : tableRows(rows, QStringLiteral("LR")))
            out << line << "\n";
    }
    out.flush();
}

namespace {

// More than any hour of a GPU costs in any currency (an H100 hour is about 500,000 in VND): a bigger number is
// a typo, and would turn every cost into a meaningless or infinite sum.
constexpr double kMostPerHour = 1e9;

// A price as typed: a finite number, 0 or more.
std::optional<double> parsePrice(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

// "--gpu-hour takes a price of at most 1000000000, not '1e308'", or an empty string for a price in range.
QString tooHigh(const char *option, const QString &text, std::optional<double> price)
{
    if (!price || *price <= kMostPerHour)
        return QString();
    return QStringLiteral("%1 takes a price of at most %2 per hour, not '%3'")
        .arg(QString::fromLatin1(option), QString::number(kMostPerHour, 'f', 0), text);
}

// An accelerator type as Ray names them (A100, H100, L4, TPU-V4, AMD-Instinct-MI300X-OAM, ...).
bool isAcceleratorName(const QString &text)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return name.match(text).hasMatch();
}

} // namespace

// `prices [--gpu-hour N|default] [--accelerator TYPE] [--cpu-hour N|none] [--currency CODE]`: shows this
// cluster's prices, or changes the ones given and shows the result. With --accelerator, --gpu-hour is that
// type's price ("default": the type goes back to the default price). Prices are per cluster, in one currency.
int pricesCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    const QCommandLineParser &parser = command.parser;
    const QString accelerator = parser.value(QStringLiteral("accelerator"));
    const bool typed = parser.isSet(QStringLiteral("accelerator"));
    if (typed && !isAcceleratorName(accelerator))
        return command.usage(QStringLiteral("--accelerator takes a type as Ray names it, such as A100 or L4, not '%1'")
                                 .arg(accelerator));
    if (typed && !parser.isSet(QStringLiteral("gpu-hour")))
        return command.usage(
            QStringLiteral("--accelerator %1 needs --gpu-hour N (its price) or --gpu-hour default").arg(accelerator));
    std::optional<double> gpuHour;
    bool backToDefault = false;
    if (parser.isSet(QStringLiteral("gpu-hour"))) {
        const QString value = parser.value(QStringLiteral("gpu-hour"));
        backToDefault = typed && value == QLatin1String("default");
        gpuHour = parsePrice(value);
        if (!gpuHour && !backToDefault)
            return command.usage(
                typed ? QStringLiteral("--gpu-hour takes a price of 0 or more, such as 2.49, or"
                                       " 'default', not '%1'")
                            .arg(value)
                      : QStringLiteral("--gpu-hour takes a price of 0 or more, such as 2.49, not '%1'").arg(value));
        if (const QString high = tooHigh("--gpu-hour", value, gpuHour); !high.isEmpty())
            return command.usage(high);
    }
    std::optional<std::optional<double>> cpuHour; // set: change; inner nullopt: remove
    if (parser.isSet(QStringLiteral("cpu-hour"))) {
        const QString value = parser.value(QStringLiteral("cpu-hour"));
        if (value == QLatin1String("none")) {
            cpuHour.emplace(std::nullopt);
        } else if (auto price = parsePrice(value)) {
            if (const QString high = tooHigh("--cpu-hour", value, price); !high.isEmpty())
                return command.usage(high);
            cpuHour.emplace(price);
        } else {
            return command.usage(
                QStringLiteral("--cpu-hour takes a price of 0 or more, such as 0.04, or 'none', not '%1'").arg(value));
        }
    }
    std::optional<QString> currency;
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
    PriceStore store(command.storePath(), command.writeGuard());
    auto prices = store.prices(command.clusterKey);
    if (!prices)
        return command.fail(prices.error());
    PriceList list = prices.value();
    if (gpuHour || backToDefault || cpuHour || currency) {
        if (typed && backToDefault)
            list.gpuHourByAccelerator.erase(accelerator);
        else if (typed)
            list.gpuHourByAccelerator[accelerator] = *gpuHour;
        else if (gpuHour)
            list.gpuHour = *gpuHour;
        if (cpuHour)
            list.cpuHour = *cpuHour;
        if (currency)
            list.currency = *currency;
        if (auto saved = store.setPrices(command.clusterKey, list); !saved)
            return command.fail(saved.error());
    }
    command.out << pricesText(command.clusterKey, list) << "\n";
    if (list.gpuHour == 0 && list.gpuHourByAccelerator.empty())
        command.out << "Costs show as 0 until a GPU-hour price is set: scaledeckctl prices --gpu-hour N\n";
    command.out.flush();
    return ExitDone;
}

// `always-on [app/deployment COUNT|peak]`: lists the configured always-on counts, or sets one ("peak": none, so
// the deployment is compared with its own peak again). The count is what the deployment would run around the
// clock without ScaleDeck; `cost` and the Cost tab measure savings against it.
int alwaysOnCommand(CostCommand &command)
{
    if (!command.args.isEmpty() && command.args.size() != 2)
        return command.usage(QStringLiteral("'always-on' takes no arguments (to list) or a deployment and a count"));
    std::optional<QString> target;
    std::optional<int> count;
    if (command.args.size() == 2) {
        const QString &name = command.args[0];
        const qsizetype slash = name.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == name.size() - 1 || name.indexOf(QLatin1Char('/'), slash + 1) >= 0)
            return command.usage(QStringLiteral("expected a deployment as app/deployment, not '%1'").arg(name));
        target = name;
        if (command.args[1] != QLatin1String("peak")) {
            bool ok = false;
            const int value = command.args[1].toInt(&ok);
            if (!ok || value < 0)
                return command.usage(
                    QStringLiteral("expected a replica count of 0 or more, or 'peak', not '%1'").arg(command.args[1]));
            if (value > schedulerules::kMaxReplicas)
                return command.usage(QStringLiteral("expected a replica count of at most %1, or 'peak', not '%2'")
                                         .arg(schedulerules::kMaxReplicas)
                                         .arg(command.args[1]));
            count = value;
        }
    }
    if (auto bad = command.resolveCluster())
        return *bad;
    PriceStore store(command.storePath(), command.writeGuard());
    if (target) {
        if (auto saved = store.setAlwaysOnCount(command.clusterKey, *target, count); !saved)
            return command.fail(saved.error());
    }
    auto counts = store.alwaysOnCounts(command.clusterKey);
    if (!counts)
        return command.fail(counts.error());
    printAlwaysOn(command.out, command.clusterKey, *counts);
    return ExitDone;
}

} // namespace scaledeck
