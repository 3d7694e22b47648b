// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "apihealth.h"

#include "apijson.h"

namespace scaledeck {

ControllerHealth healthFromApi(const Result<ControllerReply, ControllerError> &answer)
{
    ControllerHealth health;
    const nlohmann::json &body = answer ? answer->body : answer.error().body;
    const bool healthAnswer = answer || answer.error().httpStatus == 503;
    if (!healthAnswer || !body.is_object()) {
        health.error = answer ? QStringLiteral("its health is not the API's JSON") : answer.error().describe();
        return health;
    }
    health.answered = true;
    health.healthy = flagAt(body, "healthy");
    health.holdsLock = flagAt(body, "holdsLock");
    health.lockHolder = textAt(body, "lockHolder");
    health.lastTickAt = instantAt(body, "lastTickAt");
    health.error = textAt(body, "error");
    if (health.error.isEmpty())
        health.error = textAt(body, "detail"); // before the first tick
    return health;
}

} // namespace scaledeck
