// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// What the tray icon shows of the cluster, most urgent first when several hold.
enum class TrayState {
    NotConnected, // no answer from the cluster yet
    Connected,    // the cluster answers and nothing is under way
    Changing,     // an apply of this window runs or is followed, or the controller sent a change this tick
    Error,        // the cluster stopped answering, or the controller's last tick or change failed
};

// What the window knows that the tray summarizes.
struct TrayFacts {
    QString cluster;       // the address shown in the header
    bool answered = false; // a snapshot arrived
    bool stale = false;    // the cluster stopped answering
    bool applying = false; // this window's apply runs or is followed
    bool controllerChanging = false;
    QString controllerError; // the controller's last tick failed, or a change in it did: why
    double gpusHeld = 0;
    double gpusTotal = 0;
};

TrayState trayStateOf(const TrayFacts &facts);
// "ScaleDeck — http://ray:8265\nGPUs held: 3 / 8\nA change is in progress", one fact a line.
QString trayToolTip(const TrayFacts &facts);

} // namespace scaledeck
