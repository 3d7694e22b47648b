// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerfleetcost.h"

#include "controllerclient.h"
#include "controllercost.h"
#include "costperhour.h"
#include "costreportjson.h"
#include "localperiods.h"

#include <QUrlQuery>

#include <memory>
#include <vector>

namespace scaledeck {

namespace {
using Answer = Result<ControllerReply, ControllerError>;

struct Pending {
    FleetCost cost;
    int calls = 3;
    // At local midnight (Monday's, the 1st's) a period has no length: the API refuses one, so a second is asked
    std::vector<CostReport FleetCost::*> empty;
    std::function<void(FleetCost)> done;

    void fail(const QString &what, const QString &why)
    {
        if (cost.unavailable.isEmpty()) // the first failure says it: the second is most often the same
            cost.unavailable = QStringLiteral("the controller's history (%1): %2").arg(what, why);
    }
    void answered()
    {
        if (--calls > 0)
            return;
        PriceList prices; // and dropped: nothing was spent yet in it
        prices.currency = cost.month.currency;
        for (CostReport FleetCost::*slot : empty)
            cost.*slot = computeCost({}, RecordedUsage{}, cost.readAtUtc, cost.readAtUtc, prices);
        done(std::move(cost));
    }
};

QString isoText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

void adopt(Pending &pending, CostReport FleetCost::*slot, const QString &what, const Answer &answer)
{
    if (!answer) {
        pending.fail(what, answer.error().describe());
        return;
    }
    auto report = costReportFromJson(answer->body);
    if (!report) {
        pending.fail(what, report.error());
        return;
    }
    pending.cost.*slot = std::move(*report);
    if (slot == &FleetCost::month) {
        std::map<QString, int> alwaysOn;
        auto prices = pricesFromApi(answer->body.value("prices", nlohmann::json()), &alwaysOn);
        pending.cost.priced = prices && pricesSet(*prices);
    }
}

void fetchPeriod(ControllerClient &client, const std::shared_ptr<Pending> &pending, QDateTime from,
                 const QObject *receiver, CostReport FleetCost::*slot, const QString &what)
{
    const QDateTime now = pending->cost.readAtUtc;
    if (from >= now) {
        pending->empty.push_back(slot);
        from = now.addSecs(-1);
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(from));
    query.addQueryItem(QStringLiteral("to"), isoText(now));
    client.get(QStringLiteral("cost"), query, receiver, [pending, slot, what](const Answer &answer) {
        adopt(*pending, slot, what, answer);
        pending->answered();
    });
}
} // namespace

void fetchControllerFleetCost(ControllerClient &client, const QDateTime &nowUtc, const QObject *receiver,
                              std::function<void(FleetCost)> done)
{
    auto pending = std::make_shared<Pending>();
    pending->cost.readAtUtc = nowUtc.toUTC();
    pending->done = std::move(done);
    fetchPeriod(client, pending, startOfLocalMonth(nowUtc), receiver, &FleetCost::month, QStringLiteral("this month"));
    fetchPeriod(client, pending, startOfLocalWeek(nowUtc), receiver, &FleetCost::week, QStringLiteral("this week"));
    fetchPeriod(client, pending, startOfLocalDay(nowUtc), receiver, &FleetCost::today, QStringLiteral("today"));
}

} // namespace scaledeck
