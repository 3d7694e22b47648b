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
    int calls = 2;
    // At local midnight (and the 1st's) a period has no length: the API refuses one, so a second is asked
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

// Whether the answer's cluster has GPU prices (its "prices" as GET prices gives them).
bool pricedAnswer(const nlohmann::json &body)
{
    std::map<QString, int> alwaysOn;
    auto prices = pricesFromApi(body.value("prices", nlohmann::json()), &alwaysOn);
    return prices && pricesSet(*prices);
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
    if (slot == &FleetCost::month)
        pending.cost.priced = pricedAnswer(answer->body);
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
    fetchPeriod(client, pending, startOfLocalDay(nowUtc), receiver, &FleetCost::today, QStringLiteral("today"));
}

void fetchControllerWindowCost(ControllerClient &client, CostWindow window, const QDateTime &nowUtc,
                               const QObject *receiver, std::function<void(FleetWindowCost)> done)
{
    FleetWindowCost cost = fleetWindowOf(window, nowUtc);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), isoText(cost.fromUtc));
    query.addQueryItem(QStringLiteral("to"), isoText(cost.readAtUtc));
    client.get(QStringLiteral("cost"), query, receiver,
               [cost = std::move(cost), done = std::move(done)](const Answer &answer) mutable {
                   const QString what = QStringLiteral("last %1").arg(costWindowName(cost.window));
                   if (!answer) {
                       cost.unavailable =
                           QStringLiteral("the controller's history (%1): %2").arg(what, answer.error().describe());
                   } else if (auto report = costReportFromJson(answer->body); !report) {
                       cost.unavailable = QStringLiteral("the controller's history (%1): %2").arg(what, report.error());
                   } else {
                       cost.report = std::move(*report);
                       cost.priced = pricedAnswer(answer->body);
                   }
                   done(std::move(cost));
               });
}

} // namespace scaledeck
