// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllerclient.h"

#include <QDateTime>
#include <QString>

namespace scaledeck {

// What a controller's GET health says of it: the one reading of that answer for the window's status line, the Fleet
// page's controller column and `scaledeckctl --controller URL cluster`.
struct ControllerHealth {
    bool answered = false;  // the body was the API's health JSON (a 200, or a 503 whose body says why)
    bool healthy = false;   // its last tick went through
    bool holdsLock = false; // it is the one acting on the cluster
    QString lockHolder;     // who holds the cluster's lock ("host:pid"), empty when nobody does
    QDateTime lastTickAt;   // invalid before its first tick
    // Its last tick's error, or before the first tick what it is waiting for; when it did not answer, why.
    QString error;
};

// GET health answers 503 with the same fields when the last tick failed or none has run yet: both are the
// controller's state. Any other failure (refused, timed out, not the API's JSON) leaves answered false.
ControllerHealth healthFromApi(const Result<ControllerReply, ControllerError> &answer);

} // namespace scaledeck
