// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `cost` run through a controller: GET cost with the period of --since and --until, the answer read back into the
// core report and printed by the local command's printer (the same table, notes and --json). The controller's API
// serves no traffic figures: --prometheus is refused, and the traffic columns are unknown.
#include "costreportjson.h"
#include "ctlcommands.h"
#include "ctlcontrollercommon.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"

#include <QTimeZone>
#include <QUrlQuery>

namespace scaledeck {

using namespace ctlcontroller;

int controllerCost(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectNoArgs())
        return *bad;
    if (command.parser.isSet(QStringLiteral("prometheus")))
        return command.usage(QStringLiteral("--prometheus is not taken with --controller (the controller's API "
                                            "serves no traffic figures)"));
    const QTimeZone local = QTimeZone::systemTimeZone();
    CostOptions options;
    if (auto bad = readCostOptions(command, local, &options))
        return *bad;
    // Times go as UTC instants: the controller's zone need not be this one, which typed them.
    QUrlQuery query;
    if (options.since)
        query.addQueryItem(QStringLiteral("from"), isoUtc(*options.since));
    if (options.until)
        query.addQueryItem(QStringLiteral("to"), isoUtc(*options.until));
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("cost"), query);
    if (!answer)
        return controller.fail(answer.error());
    auto report = costReportFromJson(answer->body);
    if (!report)
        return command.fail(QStringLiteral("the controller at %1 answered cost without a report: %2")
                                .arg(controller.where, report.error()));
    CostReport read = std::move(report).value();
    read.askedFromUtc = instantAt(answer->body, "asked_from_utc");
    const QDateTime first = instantAt(answer->body, "first_record_utc");
    CostTraffic traffic;
    traffic.error = QStringLiteral("not served through a controller");
    traffic.unknownNote = QStringLiteral("Traffic unknown (the controller's API serves no traffic figures: run "
                                         "`scaledeckctl cost --prometheus URL` where its store is): no requests, "
                                         "cost per 1,000 requests or GPU-hours idle while held.");
    return printCost(command, controller.where, read, traffic,
                     first.isValid() ? std::optional<QDateTime>(first) : std::nullopt);
}

} // namespace scaledeck
