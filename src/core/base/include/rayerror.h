// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// Every way a call to Ray (or a change ScaleDeck refuses to make) can fail, each with its own kind so
// callers can react specifically (e.g. exit code 3 for a conflict) and users read the real cause.
enum class RayErrorKind {
    Unreachable,      // connection refused, host not found, network down
    Tls,              // https: the server's certificate could not be verified (never ignored)
    Timeout,          // no answer within the call's timeout
    Unauthorized,     // 401: token auth is on and no token was sent
    Forbidden,        // 403: the token was wrong
    MethodNotAllowed, // 405: e.g. the request looked like a browser's
    Rejected,         // 400/404/409/412/422: Ray refused the request and said why
    ServerError,      // 5xx
    BadPayload,       // a body that is not JSON or not the expected shape
    Conflict,         // someone else changed what the operator was editing
    ReadOnly,         // the profile forbids changes
    InvalidChange,    // the change itself makes no sense (unknown app, N < 0, ...)
    BadSetting,       // an address or token source ScaleDeck was given cannot be used
    Storage,          // ScaleDeck's own store failed
    Controller,       // the team's controller answered with an HTTP error (its status and words kept)
};

struct RayError {
    RayErrorKind kind = RayErrorKind::ServerError;
    int httpStatus = 0; // 0 when no HTTP answer came
    QString message;    // what Ray (or ScaleDeck) said, verbatim where possible

    // One line naming the cause, for banners, stderr and logs. Never contains a token.
    QString describe() const;
    static QString kindName(RayErrorKind kind);
};

} // namespace scaledeck
