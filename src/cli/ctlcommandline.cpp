// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcommandline.h"

#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlhelp.h"
#include "ctlschedulecommon.h"
#include "dashboardclient.h"

#include <QDir>
#include <QTimeZone>

namespace scaledeck {

int CtlCommand::usage(const QString &message) const
{
    // One message and where to read more: the whole usage would bury the message.
    err << "scaledeckctl: " << message << "\n" << ctlUsageHint(name);
    err.flush();
    return ExitUsage;
}

int CtlCommand::fail(const RayError &error) const
{
    return scaledeck::fail(err, error);
}

int CtlCommand::fail(const QString &message) const
{
    err << "scaledeckctl: " << message << Qt::endl;
    return ExitError;
}

std::optional<int> CtlCommand::expectNoArgs() const
{
    if (!args.isEmpty())
        return usage(QStringLiteral("'%1' takes no arguments").arg(name));
    return std::nullopt;
}

std::optional<int> CtlCommand::expectArgs(qsizetype count, const QString &what) const
{
    if (args.size() != count)
        return usage(QStringLiteral("'%1' takes %2").arg(name, what));
    return std::nullopt;
}

std::optional<int> CtlCommand::resolveCluster()
{
    auto url = resolveDashboardUrlOption(parser.isSet(QStringLiteral("address")),
                                         parser.value(QStringLiteral("address")), environment);
    if (!url)
        return usage(url.error().message);
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = url.value();
    clusterKey = endpoint.clusterKey();
    return std::nullopt;
}

QString CtlCommand::storePath() const
{
    return resolveStorePath(parser.value(QStringLiteral("store")), environment);
}

WriteGuard CtlCommand::writeGuard() const
{
    return WriteGuard(parser.isSet(QStringLiteral("read-only")));
}

std::optional<int> CtlCommand::connect(CtlContext &context)
{
    auto url = resolveDashboardUrlOption(parser.isSet(QStringLiteral("address")),
                                         parser.value(QStringLiteral("address")), environment);
    if (!url)
        return usage(url.error().message);
    auto token = resolveCtlToken(parser.value(QStringLiteral("token-file")),
                                 parser.value(QStringLiteral("token-keychain")), environment);
    if (!token)
        return fail(token.error());
    context.endpoint = endpointFor(url.value(), token.value());
    if (!token->warning.isEmpty())
        err << "scaledeckctl: warning: " << token->warning << Qt::endl;
    context.endpoint.readOnly = writeGuard().isReadOnly();
    context.endpoint.caFile = parser.value(QStringLiteral("ca-file"));
    context.endpoint.production = parser.isSet(QStringLiteral("production")); // parking then needs --confirm
    context.client = std::make_unique<DashboardClient>(&context.network, context.endpoint);
    clusterKey = context.endpoint.clusterKey();
    context.store = std::make_unique<ParkedStore>(storePath(), writeGuard());
    if (auto opened = context.store->open(); !opened)
        return fail(opened.error());
    return std::nullopt;
}

int runOnCommandClock(const QProcessEnvironment &environment, QTextStream &err,
                      const std::function<int(const Clock &)> &run)
{
    const QString fixedNow = environment.value(QStringLiteral("SCALEDECK_NOW"));
    if (fixedNow.isEmpty()) {
        const SystemClock clock;
        return run(clock);
    }
    const std::optional<TypedInstant> now = parseTypedInstant(fixedNow);
    if (!now) {
        err << "scaledeckctl: " << badInstantMessage(QStringLiteral("SCALEDECK_NOW"), fixedNow) << Qt::endl;
        return ExitUsage;
    }
    const ManualClock clock(now->toUtc(QTimeZone(QTimeZone::utc())));
    return run(clock);
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

} // namespace scaledeck
