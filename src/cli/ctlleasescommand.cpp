// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `leases [--json]`: the replicas holding GPUs now, from one snapshot of the live cluster, with how long they
// have held them and what that cost so far at the cluster's price.
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"
#include "historystore.h"
#include "leasetracker.h"
#include "pricestore.h"

#include <QDir>
#include <QTimeZone>

#include <algorithm>

namespace scaledeck {

namespace {
// "2d 3h 04m", "3h 04m", "4m"
QString durationText(qint64 seconds)
{
    const qint64 minutes = std::max<qint64>(0, seconds) / 60;
    const qint64 days = minutes / (24 * 60);
    const qint64 hours = minutes / 60 % 24;
    const QString mins = QStringLiteral("%1m").arg(minutes % 60, 2, 10, QLatin1Char('0'));
    if (days > 0)
        return QStringLiteral("%1d %2h %3").arg(days).arg(hours).arg(mins);
    if (hours > 0)
        return QStringLiteral("%1h %2").arg(hours).arg(mins);
    return QStringLiteral("%1m").arg(minutes);
}

double hoursSince(const GpuLease &lease, const QDateTime &now)
{
    return double(std::max<qint64>(0, lease.startUtc.msecsTo(now))) / 3600000.0;
}
} // namespace

int leasesCommand(CostCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    CtlContext context(command.out, command.err);
    if (auto bad = command.connect(context))
        return *bad;
    PriceStore priceStore(command.storePath());
    auto prices = priceStore.prices(command.clusterKey);
    if (!prices)
        return command.fail(prices.error());
    // The history knows when a replica was first seen; that is its start when Ray gives none.
    HistoryStore history(command.storePath());
    if (auto opened = history.open(); !opened)
        return command.fail(opened.error());
    auto recorded = history.activeLeases(command.clusterKey);
    if (!recorded)
        return command.fail(recorded.error());

    auto snapshot = fetchNow(context);
    if (!snapshot)
        return command.fail(snapshot.error());
    LeaseTracker tracker;
    tracker.restore(*recorded);
    tracker.observe(*snapshot.value());
    const QDateTime now = snapshot.value()->takenAt.isValid() ? snapshot.value()->takenAt : command.clock.nowUtc();
    std::vector<GpuLease> leases;
    for (const auto &entry : tracker.active())
        leases.push_back(entry.second);
    std::sort(leases.begin(), leases.end(), [](const GpuLease &a, const GpuLease &b) {
        if (a.app != b.app)
            return a.app < b.app;
        if (a.deployment != b.deployment)
            return a.deployment < b.deployment;
        if (a.startUtc != b.startUtc)
            return a.startUtc < b.startUtc;
        return a.replicaId < b.replicaId;
    });

    if (command.parser.isSet(QStringLiteral("json"))) {
        OrderedJson list = OrderedJson::array();
        for (const GpuLease &lease : leases) {
            const double hours = hoursSince(lease, now);
            list.push_back(OrderedJson{{"app", lease.app.toStdString()},
                                       {"deployment", lease.deployment.toStdString()},
                                       {"replica_id", lease.replicaId.toStdString()},
                                       {"gpus", lease.gpus},
                                       {"cpus", lease.cpus},
                                       {"accelerator", lease.accelerator.toStdString()},
                                       {"since_utc", isoUtc(lease.startUtc).toStdString()},
                                       {"start_from_ray", lease.startFromRay},
                                       {"gpu_hours", hours * lease.gpus},
                                       {"cost", prices->costOf(lease, hours)}});
        }
        command.out << QString::fromStdString(list.dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (leases.empty()) {
        command.out << "No replica holds GPUs on " << command.clusterKey << "." << Qt::endl;
        return ExitDone;
    }
    const QTimeZone local = QTimeZone::systemTimeZone();
    std::vector<QStringList> rows;
    rows.push_back({QStringLiteral("REPLICA"), QStringLiteral("APP/DEPLOYMENT"), QStringLiteral("GPUS"),
                    QStringLiteral("TYPE"), QStringLiteral("SINCE (LOCAL)"), QStringLiteral("SINCE (UTC)"),
                    QStringLiteral("FOR"), QStringLiteral("COST ") + prices->currency});
    double gpus = 0;
    double gpuHours = 0;
    double cost = 0;
    bool firstSeen = false;
    for (const GpuLease &lease : leases) {
        const double hours = hoursSince(lease, now);
        gpus += lease.gpus;
        gpuHours += hours * lease.gpus;
        cost += prices->costOf(lease, hours);
        firstSeen = firstSeen || !lease.startFromRay;
        rows.push_back({lease.replicaId, lease.app + QLatin1Char('/') + lease.deployment,
                        QString::number(lease.gpus, 'g', 4),
                        lease.accelerator.isEmpty() ? QStringLiteral("-") : lease.accelerator,
                        shownLocal(lease.startUtc, local) + (lease.startFromRay ? QString() : QStringLiteral(" *")),
                        shownUtc(lease.startUtc), durationText(lease.startUtc.secsTo(now)),
                        QString::number(prices->costOf(lease, hours), 'f', 2)});
    }
    for (const QString &line : tableRows(rows, QStringLiteral("LLRLLLRR")))
        command.out << line << "\n";
    command.out << "\n"
                << leases.size() << (leases.size() == 1 ? " replica holds " : " replicas hold ")
                << QString::number(gpus, 'g', 6) << " GPUs on " << command.clusterKey << ": " << hoursText(gpuHours)
                << " GPU-h so far, " << moneyText(prices->currency, cost) << ".\n";
    if (firstSeen)
        command.out << "* Ray gave no start time: since when ScaleDeck first saw the replica.\n";
    command.out.flush();
    return ExitDone;
}

} // namespace scaledeck
