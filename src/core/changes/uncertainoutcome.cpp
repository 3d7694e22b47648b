// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "uncertainoutcome.h"

namespace scaledeck {

bool answerMayBeLost(const RayError &error)
{
    switch (error.kind) {
    case RayErrorKind::Timeout:
    case RayErrorKind::Unreachable: // a reset after the request went out looks the same as a refused connection
    case RayErrorKind::ServerError: // Ray may have handed the config to its controller before failing
    case RayErrorKind::BadPayload:  // an answer that came garbled came after Ray handled the request
        return true;
    default:
        return false;
    }
}

bool putIsInEffect(const ApplyPlan &plan, const ServeState &state)
{
    if (!plan.putBody)
        return true;
    for (const ParkRecord &park : plan.parks) {
        const ApplicationSnapshot *app = state.findApplication(park.app);
        if (app && app->status != QStringLiteral("DELETING"))
            return false;
    }
    const OrderedJson &apps =
        plan.putBody->contains("applications") ? (*plan.putBody)["applications"] : OrderedJson::array();
    for (const OrderedJson &config : apps) {
        const ApplicationSnapshot *app =
            state.findApplication(QString::fromStdString(config.value("name", std::string())));
        // Compared by value: Ray echoes the submitted fields, in an order that carries no meaning here.
        if (!app || !app->deployedConfig || *app->deployedConfig != nlohmann::json::parse(config.dump()))
            return false;
    }
    return true;
}

bool scaleCallIsInEffect(const ScaleCall &call, const ServeState &state)
{
    const ApplicationSnapshot *app = state.findApplication(call.app);
    const DeploymentSnapshot *deployment = app ? app->findDeployment(call.deployment) : nullptr;
    return deployment && deployment->targetReplicas == call.replicas;
}

QString unknownOutcomeText(const QString &request, const ApplyPlan &plan, int watchedMs)
{
    QString text = QStringLiteral("the %1 got no clear answer: Ray may or may not have applied it (the cluster "
                                  "did not show it within %2 s), and ScaleDeck does not send it again")
                       .arg(request)
                       .arg(watchedMs / 1000.0, 0, 'g', 3);
    for (const ParkRecord &park : plan.parks)
        text += QStringLiteral("; the stored config of %1 is kept: it is restored by Unpark, or discarded by you "
                               "(scaledeckctl parked discard %1)")
                    .arg(park.app);
    for (const QString &name : plan.unparks)
        text += QStringLiteral("; the stored config of %1 is kept: it is dropped once Ray shows %1 with its config "
                               "again, else Unpark sends it again when you ask")
                    .arg(name);
    if (plan.parks.empty() && plan.unparks.isEmpty())
        text += QStringLiteral("; read the cluster and apply again if the change is not there");
    return text;
}

} // namespace scaledeck
