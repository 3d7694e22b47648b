// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// scaledeckctl as a client of a controller (--controller URL, --controller-token-file FILE): the commands the
// controller's API serves go through it instead of Ray and the local store; the others are refused. Internal to
// scaledeck_cli: the dispatcher (ctlcommands.cpp) calls runThroughController() before a command runs locally.

#include "controllerclient.h"
#include "ctlcommandline.h"

#include <QNetworkAccessManager>

#include <memory>
#include <optional>

namespace scaledeck {

// One command run through a controller: its client, and the calls waited for in a local event loop (the CLI has
// nothing else to do meanwhile; the client itself never waits).
struct ControllerCommand {
    CtlCommand &command;
    QNetworkAccessManager network;
    std::unique_ptr<ControllerClient> client;
    QString where; // the controller's URL, where a local command names its cluster

    explicit ControllerCommand(CtlCommand &c) : command(c) {}
    using Answer = Result<ControllerReply, ControllerError>;
    Answer call(const QByteArray &verb, const QString &path, const QUrlQuery &query = {}, const QByteArray &body = {});
    Answer get(const QString &path, const QUrlQuery &query = {}) { return call("GET", path, query); }
    // Prints "scaledeckctl: <what failed>"; ExitError.
    int fail(const ControllerError &error) const;
};

// The command line's controller: --controller, else $SCALEDECK_CONTROLLER; empty when neither names one.
QString controllerOption(const CtlCommand &command);
// When a controller is named: runs the command through it (or refuses a command it does not serve, exit 2) and
// returns the exit code. std::nullopt when no controller is named: the command runs locally.
std::optional<int> runThroughController(CtlCommand &command);

// `controller status`: the command table's entry; without --controller it says it needs one.
int controllerStatusCommand(CtlCommand &command);

// The commands served through a controller (ctlcontrollerschedules.cpp, ctlcontrollercluster.cpp);
// command.command.name says which.
int controllerClusterStatus(ControllerCommand &command); // status, from the controller's latest snapshot
int controllerScheduleList(ControllerCommand &command);
int controllerScheduleShow(ControllerCommand &command);
int controllerScheduleSet(ControllerCommand &command);
int controllerScheduleRemove(ControllerCommand &command);
int controllerOverride(ControllerCommand &command);
int controllerAudit(ControllerCommand &command);
int controllerResume(ControllerCommand &command);
int controllerParked(ControllerCommand &command);
int controllerParkedDiscard(ControllerCommand &command);
int controllerChange(ControllerCommand &command); // scale, park, unpark
int controllerPrices(ControllerCommand &command);
int controllerAlwaysOn(ControllerCommand &command);
int controllerStatus(ControllerCommand &command);
int controllerImport(ControllerCommand &command); // ctlcontrollerimport.cpp
int controllerCost(ControllerCommand &command);   // ctlcontrollercost.cpp

} // namespace scaledeck
