// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUrl>

#include "clock.h"
#include "clusterclient.h"
#include "ctlcommandline.h"
#include "listenaddress.h"
#include "parkedstore.h"

#include <QTextStream>

namespace scaledeck {

struct RunOptions {
    bool dryRun = false;
    bool once = false; // one tick, then exit (cron, tests)
    int tickMs = 10000;
    const Clock *clock = nullptr;
    QString storePath;
    // Where a park-when-idle rule reads the target's recent requests (empty: no traffic source; such a park
    // waits for the rule's max).
    QUrl prometheus;
    // Where /metrics and /healthz are served (--metrics-listen, else SCALEDECK_METRICS_LISTEN); unset: nowhere.
    std::optional<ListenAddress> metricsListen;
    // Where the controller's JSON API is served (--listen); unset: nowhere. usersFile: --users, empty: none
    // (then only a loopback address, read only).
    std::optional<ListenAddress> apiListen;
    QString usersFile;
};

// `scaledeckctl run`: the schedule controller without a GUI, until SIGTERM or SIGINT, which stop it
// cleanly (the action in flight finishes, the lock is released). Prints every decision that is not
// "in step" and every change of the lock's holder. With `metricsListen`, it first listens there (or fails, exit 1,
// before the controller starts) and prints "metrics on HOST:PORT".
int runController(ClusterClient *client, ParkedStore *parkedStore, const RunOptions &options, QTextStream &out,
                  QTextStream &err);

// The `run` command of the command table: checks its options (and refuses under --read-only), connects, and
// runs runController().
int runCommand(CtlCommand &command);

} // namespace scaledeck
