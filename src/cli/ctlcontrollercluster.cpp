// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The cluster and cost commands run through a controller: parked, scale, park, unpark and parked discard (queued
// for the controller's next tick, then followed), prices, always-on, controller status, and status from the
// controller's latest snapshot.
#include "apihealth.h"
#include "ctlcommands.h"
#include "ctlcontrollercommon.h"
#include "ctlcostcommon.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "snapshotwire.h"
#include "statusreport.h"

#include <QEventLoop>
#include <QTimer>

namespace scaledeck {

using namespace ctlcontroller;

namespace {

ControllerCommand::Answer followRequest(ControllerCommand &controller, qint64 id, int timeoutSeconds)
{
    const QDateTime deadline = QDateTime::currentDateTimeUtc().addSecs(timeoutSeconds);
    for (;;) {
        ControllerCommand::Answer answer = controller.get(QStringLiteral("requests/%1").arg(id));
        if (!answer || textAt(answer->body, "state") != QStringLiteral("pending") ||
            QDateTime::currentDateTimeUtc() >= deadline)
            return answer;
        // The controller applies it in its next tick (10 s by default): ask again in a second.
        QEventLoop pause;
        QTimer::singleShot(1000, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

// How the lines of a request's way name it.
struct RequestWords {
    QString what;     // "scale llm/LLM to 3", "discard llm"
    QString doneLine; // printed once it is sent; empty: "WHAT: done (request N)" and the detail
    QString failHint; // after a failure's detail
};

// A change the controller accepted (202 and a request id), followed until it is sent or failed, or reported queued
// with --no-wait: the exit status and what the operator reads.
int awaitRequest(ControllerCommand &controller, const ControllerCommand::Answer &answer, const RequestWords &words,
                 int timeout)
{
    CtlCommand &command = controller.command;
    if (!answer)
        return controller.fail(answer.error());
    const std::optional<qint64> id = integerAt(answer->body, "id");
    if (!id)
        return command.fail(QStringLiteral("the controller at %1 accepted '%2' without a request id")
                                .arg(controller.where, words.what));
    if (command.parser.isSet(QStringLiteral("no-wait"))) {
        command.out << "request " << *id << " queued: " << words.what
                    << "; the controller applies it in its next tick (/api/v1/requests/" << *id << ")" << Qt::endl;
        return ExitDone;
    }
    const ControllerCommand::Answer done = followRequest(controller, *id, timeout);
    if (!done)
        return controller.fail(done.error());
    const QString state = textAt(done->body, "state");
    const QString detail = textAt(done->body, "detail");
    if (state == QStringLiteral("sent")) {
        if (!words.doneLine.isEmpty())
            command.out << words.doneLine << Qt::endl;
        else
            command.out << words.what << ": done (request " << *id << ")"
                        << (detail.isEmpty() ? QString() : QStringLiteral(": ")) << detail << Qt::endl;
        return ExitDone;
    }
    if (state == QStringLiteral("pending"))
        return command.fail(QStringLiteral("%1: request %2 is still pending after %3 s: %4")
                                .arg(words.what)
                                .arg(*id)
                                .arg(timeout)
                                .arg(detail));
    return command.fail(
        QStringLiteral("%1 failed (request %2): %3%4").arg(words.what).arg(*id).arg(detail, words.failHint));
}

} // namespace

// `status` as the controller saw the cluster at its last tick (GET snapshot): no call reaches Ray, however many
// operators ask.
int controllerClusterStatus(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectNoArgs())
        return *bad;
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("snapshot"));
    if (!answer)
        return controller.fail(answer.error());
    auto snapshot = snapshotFromWire(answer->body);
    if (!snapshot) {
        command.err << "scaledeckctl: " << snapshot.error().message << Qt::endl;
        return ExitError;
    }
    // The controller's last tick could not read the cluster: what follows is the last snapshot it did read. A
    // warning, not a failure: the status is still the best the controller knows.
    if (const QString error = textAt(answer->body, "error"); !error.isEmpty()) {
        const QDateTime checkedAt = instantAt(answer->body, "checkedAt");
        command.err << "scaledeckctl: warning: the controller at " << controller.where
                    << " could not read the cluster at its last tick: " << error
                    << "; showing the cluster as it read it"
                    << (checkedAt.isValid() ? QStringLiteral(" at %1").arg(shownUtc(checkedAt)) : QString())
                    << Qt::endl;
    }
    if (command.parser.isSet(QStringLiteral("json")))
        command.out << QString::fromStdString(statusJson(*snapshot).dump(2)) << Qt::endl;
    else
        command.out << statusText(*snapshot) << Qt::flush;
    return ExitDone;
}

int controllerParked(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments, or discard APP")))
        return *bad;
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("parked"));
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "parked");
    if (!list)
        return ExitError;
    if (command.parser.isSet(QStringLiteral("json"))) {
        // The API does not hand out the stored configs: name and time only.
        OrderedJson apps = OrderedJson::array();
        for (const Json &app : *list)
            apps.push_back(OrderedJson{{"name", textAt(app, "name").toStdString()},
                                       {"parked_at", textAt(app, "parkedAt").toStdString()}});
        command.out << QString::fromStdString(apps.dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (list->empty())
        command.out << "No apps are parked on " << controller.where << "." << Qt::endl;
    for (const Json &app : *list)
        command.out << textAt(app, "name") << "   parked "
                    << instantAt(app, "parkedAt").toLocalTime().toString(Qt::ISODate) << Qt::endl;
    return ExitDone;
}

// `parked discard APP [--force]`: the controller drops the copy GET parked lists at its next tick, once its read
// of the cluster shows APP running with a config of its own beside it (--force: even when it is the only copy).
int controllerParkedDiscard(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(1, QStringLiteral("APP")))
        return *bad;
    const int timeout = command.parser.value(QStringLiteral("timeout")).toInt();
    if (timeout <= 0)
        return command.usage(QStringLiteral("--timeout takes a positive number of seconds"));
    const QString app = command.args[0];
    const bool force = command.parser.isSet(QStringLiteral("force"));
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("parked discard")))
        return *refused;
    const ControllerCommand::Answer listed = controller.get(QStringLiteral("parked"));
    if (!listed)
        return controller.fail(listed.error());
    const Json *list = listOf(controller, *listed, "parked");
    if (!list)
        return ExitError;
    const auto stored =
        std::find_if(list->begin(), list->end(), [&](const Json &entry) { return textAt(entry, "name") == app; });
    if (stored == list->end())
        return command.fail(
            QStringLiteral("no stored config of '%1' on %2: nothing was discarded").arg(app, controller.where));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("storedAt"), textAt(*stored, "storedAt"));
    if (force)
        query.addQueryItem(QStringLiteral("force"), QStringLiteral("1"));
    const ControllerCommand::Answer answer = controller.call("DELETE", QStringLiteral("parked/") + app, query);
    const QString done = QStringLiteral("discarded the stored config of %1 on %2").arg(app, controller.where);
    const QString hint = force ? QString() : QStringLiteral(" (unpark it, or discard it for good with --force)");
    return awaitRequest(controller, answer, {QStringLiteral("discard %1").arg(app), done, hint}, timeout);
}

int controllerChange(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const bool scale = command.name == QLatin1String("scale");
    if (auto bad =
            command.expectArgs(scale ? 2 : 1, scale ? QStringLiteral("APP/DEPLOYMENT N") : QStringLiteral("APP")))
        return *bad;
    const int timeout = command.parser.value(QStringLiteral("timeout")).toInt();
    if (timeout <= 0)
        return command.usage(QStringLiteral("--timeout takes a positive number of seconds"));
    Json body;
    QString what;
    if (scale) {
        bool isNumber = false;
        const int replicas = command.args[1].toInt(&isNumber);
        if (!isNumber || replicas < 0)
            return command.usage(
                QStringLiteral("'%1' is not a replica count (a whole number, 0 or more)").arg(command.args[1]));
        body = Json{{"target", command.args[0].toStdString()}, {"replicas", replicas}};
        what = QStringLiteral("scale %1 to %2").arg(command.args[0]).arg(replicas);
    } else {
        const QString app = command.args[0];
        const QString confirm = command.parser.value(QStringLiteral("confirm"));
        if (command.name == QLatin1String("park") && command.parser.isSet(QStringLiteral("production")) &&
            confirm != app)
            return command.usage(QStringLiteral("with --production, parking needs --confirm %1").arg(app));
        body = Json{{"app", app.toStdString()}};
        what = QStringLiteral("%1 %2").arg(command.name, app);
    }
    if (auto refused = refuseIfReadOnly(command, what))
        return *refused;
    const ControllerCommand::Answer answer =
        controller.call("POST", command.name, {}, QByteArray::fromStdString(body.dump()));
    return awaitRequest(controller, answer, {what, {}, {}}, timeout);
}

namespace {

// GET prices: the price list and the always-on counts; std::nullopt after printing why not.
std::optional<Json> readPrices(ControllerCommand &controller)
{
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("prices"));
    if (!answer) {
        controller.fail(answer.error());
        return std::nullopt;
    }
    if (!answer->body.is_object()) {
        controller.command.fail(
            QStringLiteral("the controller at %1 answered prices without them").arg(controller.where));
        return std::nullopt;
    }
    return answer->body;
}

} // namespace

int controllerPrices(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    for (const char *option : {"gpu-hour", "accelerator", "cpu-hour", "currency"}) {
        if (command.parser.isSet(QString::fromLatin1(option))) {
            command.err << "scaledeckctl: changing prices is not served through a controller yet; run it without "
                           "--controller"
                        << Qt::endl;
            return ExitUsage;
        }
    }
    const std::optional<Json> json = readPrices(controller);
    if (!json)
        return ExitError;
    PriceList prices;
    prices.currency = textAt(*json, "currency");
    if (const auto gpuHour = json->find("gpuHour"); gpuHour != json->end() && gpuHour->is_number())
        prices.gpuHour = gpuHour->get<double>();
    if (const auto cpuHour = json->find("cpuHour"); cpuHour != json->end() && cpuHour->is_number())
        prices.cpuHour = cpuHour->get<double>();
    if (const auto byType = json->find("gpuHourByAccelerator"); byType != json->end() && byType->is_object()) {
        for (auto it = byType->begin(); it != byType->end(); ++it) {
            if (it.value().is_number())
                prices.gpuHourByAccelerator[QString::fromStdString(it.key())] = it.value().get<double>();
        }
    }
    command.out << pricesText(controller.where, prices) << "\n";
    if (prices.gpuHour == 0)
        command.out << "Costs show as 0 until a GPU-hour price is set: scaledeckctl prices --gpu-hour N\n";
    command.out.flush();
    return ExitDone;
}

int controllerAlwaysOn(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (!command.args.isEmpty() && command.args.size() != 2)
        return command.usage(QStringLiteral("'always-on' takes no arguments (to list) or a deployment and a count"));
    if (command.args.size() == 2) {
        const std::optional<ScheduleTarget> target = targetArgument(command);
        if (!target || target->isApplication())
            return command.usage(
                QStringLiteral("expected a deployment as app/deployment, not '%1'").arg(command.args[0]));
        Json replicas; // null: back to the peak
        if (command.args[1] != QLatin1String("peak")) {
            bool ok = false;
            const int value = command.args[1].toInt(&ok);
            if (!ok || value < 0)
                return command.usage(
                    QStringLiteral("expected a replica count of 0 or more, or 'peak', not '%1'").arg(command.args[1]));
            replicas = value;
        }
        if (auto refused = refuseIfReadOnly(command, QStringLiteral("always-on")))
            return *refused;
        const ControllerCommand::Answer set =
            controller.call("PUT", targetPath("always-on", *target), {},
                            QByteArray::fromStdString(Json{{"replicas", replicas}}.dump()));
        if (!set)
            return controller.fail(set.error());
    }
    const std::optional<Json> json = readPrices(controller);
    if (!json)
        return ExitError;
    std::map<QString, int> counts;
    if (const auto alwaysOn = json->find("alwaysOn"); alwaysOn != json->end() && alwaysOn->is_object()) {
        for (auto it = alwaysOn->begin(); it != alwaysOn->end(); ++it) {
            if (it.value().is_number_integer())
                counts[QString::fromStdString(it.key())] = it.value().get<int>();
        }
    }
    printAlwaysOn(command.out, controller.where, counts);
    return ExitDone;
}

int controllerStatus(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectNoArgs())
        return *bad;
    const ControllerCommand::Answer whoami = controller.get(QStringLiteral("whoami"));
    if (!whoami)
        return controller.fail(whoami.error());
    std::vector<QStringList> rows{
        {QStringLiteral("controller:"), controller.where},
        {QStringLiteral("you:"),
         QStringLiteral("%1 (%2)").arg(textAt(whoami->body, "name"), textAt(whoami->body, "role"))}};
    // 503 is an answer too: the controller has not ticked yet, or its last tick failed.
    const ControllerCommand::Answer health = controller.get(QStringLiteral("health"));
    if (!health && health.error().httpStatus != 503)
        return controller.fail(health.error());
    const ControllerHealth reading = healthFromApi(health);
    QString healthText = reading.healthy ? QStringLiteral("healthy") : QStringLiteral("unhealthy");
    if (!reading.error.isEmpty())
        healthText += QStringLiteral(": ") + reading.error;
    if (reading.lastTickAt.isValid())
        healthText += QStringLiteral(" (last tick %1)").arg(shownUtc(reading.lastTickAt));
    rows.push_back({QStringLiteral("health:"), healthText});
    if (const QString &holder = reading.lockHolder; !holder.isEmpty()) {
        const bool holds = reading.holdsLock;
        rows.push_back({QStringLiteral("lock:"), holds
                                                     ? QStringLiteral("held by this controller (%1)").arg(holder)
                                                     : QStringLiteral("held by %1, not this controller").arg(holder)});
    }
    for (const QString &line : tableRows(rows, QString()))
        command.out << line << "\n";
    command.out.flush();
    return reading.healthy ? ExitDone : ExitError;
}

} // namespace scaledeck
