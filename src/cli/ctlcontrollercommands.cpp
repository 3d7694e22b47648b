// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The commands the controller's API serves, run through it: the same arguments and, where the API gives the same
// facts, the same output as the local commands (their printing functions are shared), the controller's URL where
// a local command names its cluster.
#include "ctlcommands.h"
#include "ctlcontroller.h"
#include "ctlcostcommon.h"
#include "ctlschedulecommon.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace scaledeck {

namespace {

using Json = nlohmann::json;
constexpr int kMostReplicas = 1000;

QString textOf(const Json &object, const char *key)
{
    const auto found = object.is_object() ? object.find(key) : object.end();
    return found != object.end() && found->is_string() ? QString::fromStdString(found->get<std::string>()) : QString();
}

std::optional<qint64> integerOf(const Json &object, const char *key)
{
    const auto found = object.is_object() ? object.find(key) : object.end();
    if (found == object.end() || !found->is_number_integer())
        return std::nullopt;
    return found->get<qint64>();
}

bool flagOf(const Json &object, const char *key)
{
    const auto found = object.is_object() ? object.find(key) : object.end();
    return found != object.end() && found->is_boolean() && found->get<bool>();
}

QDateTime instantOf(const Json &object, const char *key)
{
    return QDateTime::fromString(textOf(object, key), Qt::ISODate).toUTC();
}

// The array `key` of an answer; nullptr after printing that the answer lacks it.
const Json *listOf(ControllerCommand &controller, const ControllerReply &reply, const char *key)
{
    const auto found = reply.body.is_object() ? reply.body.find(key) : reply.body.end();
    if (found != reply.body.end() && found->is_array())
        return &*found;
    controller.command.fail(QStringLiteral("the controller at %1 answered without the list '%2': is it a ScaleDeck "
                                           "controller of this version?")
                                .arg(controller.where, QString::fromLatin1(key)));
    return nullptr;
}

// A target in a URL path: its segments are encoded one by one by the client.
QString targetPath(const char *family, const ScheduleTarget &target)
{
    return QString::fromLatin1(family) + u'/' + target.toString();
}

std::optional<ScheduleTarget> targetArgument(const CtlCommand &command)
{
    QString why;
    std::optional<ScheduleTarget> target = ScheduleTarget::parse(command.args.value(0), &why);
    if (!target)
        command.usage(why);
    return target;
}

// --read-only forbids changes through a controller as it does locally (exit 2).
std::optional<int> refuseIfReadOnly(const CtlCommand &command, const QString &what)
{
    if (!command.writeGuard().isReadOnly())
        return std::nullopt;
    command.err << "scaledeckctl: --read-only: not changing anything (" << what << ")" << Qt::endl;
    return ExitUsage;
}

std::vector<ScheduleOverride> overridesOf(const Json &list)
{
    std::vector<ScheduleOverride> overrides;
    for (const Json &entry : list) {
        const std::optional<ScheduleTarget> target = ScheduleTarget::parse(textOf(entry, "target"));
        if (!target)
            continue;
        overrides.push_back(ScheduleOverride{*target, int(integerOf(entry, "replicas").value_or(0)),
                                             instantOf(entry, "until"), instantOf(entry, "createdAt"),
                                             textOf(entry, "by"), QString()});
    }
    return overrides;
}

// The active overrides (GET overrides); std::nullopt after printing why not.
std::optional<std::vector<ScheduleOverride>> readOverrides(ControllerCommand &controller)
{
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("overrides"));
    if (!answer) {
        controller.fail(answer.error());
        return std::nullopt;
    }
    const Json *list = listOf(controller, *answer, "overrides");
    if (!list)
        return std::nullopt;
    return overridesOf(*list);
}

// Follows a request of the manual queue (requests/ID) until the controller has sent or failed it, or --timeout.
ControllerCommand::Answer followRequest(ControllerCommand &controller, qint64 id, int timeoutSeconds)
{
    const QDateTime deadline = QDateTime::currentDateTimeUtc().addSecs(timeoutSeconds);
    for (;;) {
        ControllerCommand::Answer answer = controller.get(QStringLiteral("requests/%1").arg(id));
        if (!answer || textOf(answer->body, "state") != QStringLiteral("pending") ||
            QDateTime::currentDateTimeUtc() >= deadline)
            return answer;
        // The controller applies it in its next tick (10 s by default): ask again in a second.
        QEventLoop pause;
        QTimer::singleShot(1000, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

} // namespace

int controllerScheduleList(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("schedules"));
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "schedules");
    if (!list)
        return ExitError;
    const std::optional<std::vector<ScheduleOverride>> overrides = readOverrides(controller);
    if (!overrides)
        return ExitError;
    StoredSchedules stored;
    stored.overrides = *overrides;
    for (const Json &entry : *list) {
        if (const std::optional<ScheduleTarget> target = ScheduleTarget::parse(textOf(entry, "target")))
            stored.schedules.push_back(StoredSchedule{*target, textOf(entry, "text"), instantOf(entry, "updatedAt")});
    }
    return printScheduleList(command, stored, command.clock.nowUtc(), controller.where);
}

int controllerScheduleShow(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(1, QStringLiteral("TARGET")))
        return *bad;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return ExitUsage;
    const ControllerCommand::Answer answer = controller.get(targetPath("schedules", *target));
    if (!answer && answer.error().kind == ControllerError::Kind::NotFound)
        return command.fail(noScheduleMessage(*target));
    if (!answer)
        return controller.fail(answer.error());
    const std::optional<std::vector<ScheduleOverride>> overrides = readOverrides(controller);
    if (!overrides)
        return ExitError;
    const StoredSchedule stored{*target, textOf(answer->body, "text"), instantOf(answer->body, "updatedAt")};
    const ScheduleLoad load = effectiveSchedule(stored, *overrides);
    if (!load)
        return command.fail(QStringLiteral("the stored schedule of %1 cannot be read: %2")
                                .arg(target->toString(), load.error().describe()));
    printScheduleShow(command.out, *load, command.clock.nowUtc());
    return ExitDone;
}

int controllerScheduleSet(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(2, QStringLiteral("TARGET FILE")))
        return *bad;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return ExitUsage;
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("schedule set")))
        return *refused;
    const QString path = command.args[1];
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return command.fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    // The controller parses and checks it as `schedule set` does locally.
    const ControllerCommand::Answer answer =
        controller.call("PUT", targetPath("schedules", *target), {}, file.readAll());
    if (!answer && answer.error().kind == ControllerError::Kind::Rejected && answer.error().httpStatus == 400)
        return command.fail(path + QStringLiteral(": ") + answer.error().message);
    if (!answer)
        return controller.fail(answer.error());
    if (const auto warnings = answer->body.find("warnings"); warnings != answer->body.end() && warnings->is_array()) {
        for (const Json &warning : *warnings)
            if (warning.is_string())
                command.err << "warning: " << QString::fromStdString(warning.get<std::string>()) << "\n";
    }
    command.err.flush();
    const ScheduleParse stored = parseScheduleText(textOf(answer->body, "text"));
    command.out << "stored the schedule of " << target->toString() << " on " << controller.where;
    if (stored.ok())
        command.out << " (" << stored.schedule->timeZone << ")";
    command.out << "; the controller follows it within one tick\n";
    if (stored.ok())
        printNextTransitions(command.out, ScheduleEvaluator(*stored.schedule), command.clock.nowUtc(), 3);
    command.out.flush();
    return ExitDone;
}

int controllerScheduleRemove(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(1, QStringLiteral("TARGET")))
        return *bad;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return ExitUsage;
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("schedule remove")))
        return *refused;
    const ControllerCommand::Answer answer = controller.call("DELETE", targetPath("schedules", *target));
    if (!answer && answer.error().kind == ControllerError::Kind::NotFound)
        return command.fail(QStringLiteral("no schedule for %1 on %2").arg(target->toString(), controller.where));
    if (!answer)
        return controller.fail(answer.error());
    // As the local command: an override only makes sense against a schedule.
    const ControllerCommand::Answer cleared = controller.call("DELETE", targetPath("overrides", *target));
    const bool hadOverride = cleared && flagOf(cleared->body, "cleared");
    command.out << "removed the schedule of " << target->toString() << (hadOverride ? " and its override" : "")
                << " on " << controller.where
                << "; the controller stops scaling it within one tick and leaves its current count" << Qt::endl;
    return ExitDone;
}

int controllerOverride(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const bool clear = command.parser.isSet(QStringLiteral("clear"));
    const QString untilText = command.parser.value(QStringLiteral("until"));
    if (clear && !untilText.isEmpty())
        return command.usage(QStringLiteral("'override' takes --until or --clear, not both"));
    if (auto bad = command.expectArgs(clear ? 1 : 2, clear ? QStringLiteral("TARGET --clear")
                                                           : QStringLiteral("TARGET N --until ISO8601")))
        return *bad;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return ExitUsage;
    const QString name = target->toString();
    if (clear) {
        if (auto refused = refuseIfReadOnly(command, QStringLiteral("override --clear")))
            return *refused;
        const ControllerCommand::Answer answer = controller.call("DELETE", targetPath("overrides", *target));
        if (!answer)
            return controller.fail(answer.error());
        if (flagOf(answer->body, "cleared"))
            command.out << name << ": override cleared; back to the schedule now" << Qt::endl;
        else
            command.out << name << " has no override; nothing to clear" << Qt::endl;
        return ExitDone;
    }
    bool isNumber = false;
    const int replicas = command.args[1].toInt(&isNumber);
    if (!isNumber || replicas < 0 || replicas > kMostReplicas)
        return command.usage(QStringLiteral("'%1' is not a replica count (a whole number from 0 to %2)")
                                 .arg(command.args[1])
                                 .arg(kMostReplicas));
    if (untilText.isEmpty())
        return command.usage(QStringLiteral("'override' needs --until ISO8601 (or --clear)"));
    const std::optional<TypedInstant> until = parseTypedInstant(untilText);
    if (!until)
        return command.usage(badInstantMessage(QStringLiteral("--until"), untilText));
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("override")))
        return *refused;
    // Without an offset the time is this machine's (the local command reads it in the schedule's zone).
    const QTimeZone local = QTimeZone::systemTimeZone();
    const QDateTime untilUtc = until->toUtc(local);
    const Json body{{"replicas", replicas}, {"until", isoUtc(untilUtc).toStdString()}};
    const ControllerCommand::Answer answer =
        controller.call("PUT", targetPath("overrides", *target), {}, QByteArray::fromStdString(body.dump()));
    if (!answer)
        return controller.fail(answer.error());
    const std::vector<ScheduleOverride> set = overridesOf(Json::array({answer->body}));
    if (set.empty())
        return command.fail(
            QStringLiteral("the controller at %1 answered the override without its target").arg(controller.where));
    command.out << name << ": " << describeOverride(set.front(), local) << Qt::endl;
    return ExitDone;
}

int controllerAudit(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    const std::optional<QDateTime> since = auditSince(command);
    if (!since)
        return ExitUsage;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), isoUtc(*since));
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("audit"), query);
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "entries");
    if (!list)
        return ExitError;
    std::vector<AuditEntry> entries;
    for (const Json &row : *list) {
        AuditEntry entry{.id = integerOf(row, "id").value_or(0),
                         .atUtc = instantOf(row, "at"),
                         .target = textOf(row, "target"),
                         .cause = auditCauseFromName(textOf(row, "cause")).value_or(AuditCause::Schedule),
                         .before = textOf(row, "before"),
                         .after = textOf(row, "after"),
                         .result = auditResultFromName(textOf(row, "result")),
                         .detail = textOf(row, "detail"),
                         .holder = textOf(row, "by")};
        if (entry.result == AuditResult::Unrecognized)
            entry.unrecognizedResult = textOf(row, "result");
        entries.push_back(std::move(entry));
    }
    printAudit(command, entries, *since, controller.where, true);
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
            apps.push_back(OrderedJson{{"name", textOf(app, "name").toStdString()},
                                       {"parked_at", textOf(app, "parkedAt").toStdString()}});
        command.out << QString::fromStdString(apps.dump(2)) << Qt::endl;
        return ExitDone;
    }
    if (list->empty())
        command.out << "No apps are parked on " << controller.where << "." << Qt::endl;
    for (const Json &app : *list)
        command.out << textOf(app, "name") << "   parked "
                    << instantOf(app, "parkedAt").toLocalTime().toString(Qt::ISODate) << Qt::endl;
    return ExitDone;
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
    if (!answer)
        return controller.fail(answer.error());
    const std::optional<qint64> id = integerOf(answer->body, "id");
    if (!id)
        return command.fail(
            QStringLiteral("the controller at %1 accepted '%2' without a request id").arg(controller.where, what));
    if (command.parser.isSet(QStringLiteral("no-wait"))) {
        command.out << "request " << *id << " queued: " << what
                    << "; the controller applies it in its next tick (/api/v1/requests/" << *id << ")" << Qt::endl;
        return ExitDone;
    }
    const ControllerCommand::Answer done = followRequest(controller, *id, timeout);
    if (!done)
        return controller.fail(done.error());
    const QString state = textOf(done->body, "state");
    const QString detail = textOf(done->body, "detail");
    if (state == QStringLiteral("sent")) {
        command.out << what << ": done (request " << *id << ")" << (detail.isEmpty() ? QString() : QStringLiteral(": "))
                    << detail << Qt::endl;
        return ExitDone;
    }
    if (state == QStringLiteral("pending"))
        return command.fail(QStringLiteral("%1: request %2 is still pending after %3 s: %4")
                                .arg(what)
                                .arg(*id)
                                .arg(timeout)
                                .arg(detail));
    return command.fail(QStringLiteral("%1 failed (request %2): %3").arg(what).arg(*id).arg(detail));
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
    prices.currency = textOf(*json, "currency");
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
         QStringLiteral("%1 (%2)").arg(textOf(whoami->body, "name"), textOf(whoami->body, "role"))}};
    // 503 is an answer too: the controller has not ticked yet, or its last tick failed.
    const ControllerCommand::Answer health = controller.get(QStringLiteral("health"));
    if (!health && health.error().httpStatus != 503)
        return controller.fail(health.error());
    const Json &body = health ? health->body : health.error().body;
    const bool healthy = flagOf(body, "healthy");
    QString healthText = healthy ? QStringLiteral("healthy") : QStringLiteral("unhealthy");
    if (const QString error = textOf(body, "error"); !error.isEmpty())
        healthText += QStringLiteral(": ") + error;
    else if (const QString detail = textOf(body, "detail"); !detail.isEmpty())
        healthText += QStringLiteral(": ") + detail;
    if (const QDateTime tick = instantOf(body, "lastTickAt"); tick.isValid())
        healthText += QStringLiteral(" (last tick %1)").arg(shownUtc(tick));
    rows.push_back({QStringLiteral("health:"), healthText});
    if (const QString holder = textOf(body, "lockHolder"); !holder.isEmpty()) {
        const bool holds = flagOf(body, "holdsLock");
        rows.push_back({QStringLiteral("lock:"), holds
                                                     ? QStringLiteral("held by this controller (%1)").arg(holder)
                                                     : QStringLiteral("held by %1, not this controller").arg(holder)});
    }
    for (const QString &line : tableRows(rows, QString()))
        command.out << line << "\n";
    command.out.flush();
    return healthy ? ExitDone : ExitError;
}

} // namespace scaledeck
