// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerreading.h"

#include "apihealth.h"
#include "apijson.h"
#include "controllercost.h"
#include "snapshotwire.h"

namespace scaledeck {

namespace {

FleetControllerState controllerStateOf(const Result<ControllerReply, ControllerError> &answer)
{
    const ControllerHealth health = healthFromApi(answer);
    FleetControllerState state;
    state.healthy = health.healthy;
    state.holdsLock = health.holdsLock;
    state.lockHolder = health.lockHolder;
    state.lastTickAt = health.lastTickAt;
    state.error = health.error;
    return state;
}

std::optional<int> overridesCountOf(const Result<ControllerReply, ControllerError> &overrides)
{
    if (!overrides || !overrides->body.is_object())
        return std::nullopt;
    const auto list = overrides->body.find("overrides");
    if (list == overrides->body.end() || !list->is_array())
        return std::nullopt;
    return static_cast<int>(list->size());
}

std::optional<PriceList> pricesOf(const Result<ControllerReply, ControllerError> &prices)
{
    if (!prices)
        return std::nullopt;
    auto list = pricesFromApi(prices->body, nullptr);
    if (!list)
        return std::nullopt;
    return list.value();
}

} // namespace

Result<FleetReading> controllerReadingOf(const ControllerAnswers &answers)
{
    const auto &snapshotAnswer = *answers.snapshot;
    if (!snapshotAnswer)
        return asRayError(snapshotAnswer.error());
    const nlohmann::json &body = snapshotAnswer->body;
    if (const QString error = textAt(body, "error"); !error.isEmpty())
        return makeError(RayErrorKind::Unreachable,
                         QStringLiteral("the controller cannot read the cluster: %1").arg(error));
    Result<ClusterSnapshot> snapshot = snapshotFromWire(body);
    if (!snapshot)
        return makeError(
            RayErrorKind::BadPayload,
            QStringLiteral("the controller's snapshot cannot be read: %1").arg(snapshot.error().describe()));
    FleetReading reading;
    reading.figures = fleetFiguresOf(snapshot.value(), pricesOf(*answers.prices));
    reading.snapshot = std::make_shared<const ClusterSnapshot>(std::move(snapshot.value()));
    FleetControllerState state = controllerStateOf(*answers.health);
    state.activeOverrides = overridesCountOf(*answers.overrides);
    reading.controller = state;
    return reading;
}

} // namespace scaledeck
