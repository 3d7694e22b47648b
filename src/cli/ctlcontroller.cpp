// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcontroller.h"

#include "controllertoken.h"
#include "ctlcommands.h"

#include <QEventLoop>

#include <optional>

namespace scaledeck {

namespace {

struct ServedCommand {
    const char *name;
    int (*run)(ControllerCommand &);
    // Takes --dry-run and --address itself: `controller import` reads FILE's cluster (--address picks one) and
    // asks the controller for a dry run.
    bool ownDryRunAndAddress = false;
};

// What the controller's API serves, by command name (ctlcommandtable.cpp); every other command is refused.
const ServedCommand served[] = {
    {"status", controllerClusterStatus},
    {"schedule list", controllerScheduleList},
    {"schedule show", controllerScheduleShow},
    {"schedule set", controllerScheduleSet},
    {"schedule remove", controllerScheduleRemove},
    {"override", controllerOverride},
    {"audit", controllerAudit},
    {"resume", controllerResume},
    {"parked", controllerParked},
    {"parked discard", controllerParkedDiscard},
    {"scale", controllerChange},
    {"park", controllerChange},
    {"unpark", controllerChange},
    {"prices", controllerPrices},
    {"always-on", controllerAlwaysOn},
    {"cost", controllerCost},
    {"controller status", controllerStatus},
    {"controller import", controllerImport, true},
};

QString optionOrEnvironment(const CtlCommand &command, const char *option, const char *variable)
{
    const QString name = QString::fromLatin1(option);
    if (command.parser.isSet(name))
        return command.parser.value(name);
    return command.environment.value(QString::fromLatin1(variable));
}

// The client for the command line's controller and token: an exit code when either is unusable.
std::optional<int> connectController(ControllerCommand &controller, const QString &urlText)
{
    CtlCommand &command = controller.command;
    auto url = parseControllerUrl(urlText, QStringLiteral("--controller"));
    if (!url)
        return command.usage(url.error().message);
    const QString tokenFile = optionOrEnvironment(command, "controller-token-file", "SCALEDECK_CONTROLLER_TOKEN_FILE");
    QByteArray token;
    if (!tokenFile.isEmpty()) {
        auto read = readControllerToken(tokenFile);
        if (!read)
            return command.fail(read.error().message);
        token = read.value();
    }
    if (const QString warning = clearTextWarning(*url); !warning.isEmpty() && !token.isEmpty())
        command.err << "scaledeckctl: warning: " << warning << Qt::endl;
    controller.where = url->toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    controller.client = std::make_unique<ControllerClient>(&controller.network, *url, token, tokenFile);
    return std::nullopt;
}

} // namespace

ControllerCommand::Answer ControllerCommand::call(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                                                  const QByteArray &body)
{
    std::optional<Answer> answer;
    QEventLoop loop;
    client->call(verb, path, query, body, &loop, [&](Answer value) {
        answer = std::move(value);
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

int ControllerCommand::fail(const ControllerError &error) const
{
    return command.fail(error.describe());
}

QString controllerOption(const CtlCommand &command)
{
    return optionOrEnvironment(command, "controller", "SCALEDECK_CONTROLLER");
}

std::optional<int> runThroughController(CtlCommand &command)
{
    const QString url = controllerOption(command);
    // A fleet names its own controllers (controller+URL): $SCALEDECK_CONTROLLER is not one of them.
    if (url.isEmpty() || command.name == QLatin1String("fleet"))
        return std::nullopt;
    const ServedCommand *found = nullptr;
    for (const ServedCommand &entry : served) {
        if (command.name == QLatin1String(entry.name))
            found = &entry;
    }
    if (!found) {
        command.err << "scaledeckctl: " << command.name
                    << " is not served through a controller yet; run it without --controller" << Qt::endl;
        return ExitUsage;
    }
    // What only makes sense against Ray or the local store. (optionNames(): isSet() warns of an option this
    // command's parser does not know.)
    const QStringList given = command.parser.optionNames();
    for (const char *local : {"dry-run", "store", "address", "token-file", "token-keychain", "ca-file"}) {
        const bool own =
            found->ownDryRunAndAddress && (qstrcmp(local, "dry-run") == 0 || qstrcmp(local, "address") == 0);
        if (!own && given.contains(QString::fromLatin1(local)))
            return command.usage(
                QStringLiteral("--%1 is not taken with --controller (the controller acts on its own cluster and "
                               "store)")
                    .arg(QString::fromLatin1(local)));
    }
    ControllerCommand controller(command);
    if (auto failed = connectController(controller, url))
        return failed;
    return found->run(controller);
}

int controllerStatusCommand(CtlCommand &command)
{
    // Reached only without a controller: with one, runThroughController() ran it.
    return command.usage(QStringLiteral("'controller status' needs --controller URL (or $SCALEDECK_CONTROLLER)"));
}

} // namespace scaledeck
