// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "changeplanner.h"

#include "capacitycheck.h"

namespace scaledeck {

namespace {

const ApplicationSnapshot *findIn(const std::vector<ApplicationSnapshot> &apps, const QString &name)
{
    for (const auto &app : apps)
        if (app.name == name)
            return &app;
    return nullptr;
}

const ParkedApp *findParked(const std::vector<ParkedApp> &parked, const QString &name)
{
    for (const auto &app : parked)
        if (app.name == name)
            return &app;
    return nullptr;
}

QString jsonText(const nlohmann::json &value)
{
    return QString::fromStdString(value.dump());
}

void collectDifferences(const nlohmann::json &before, const nlohmann::json &after, const QString &path,
                        QStringList &out, int limit)
{
    if (out.size() >= limit || before == after)
        return;
    if (before.is_object() && after.is_object()) {
        for (auto it = before.begin(); it != before.end(); ++it) {
            const QString child = path.isEmpty() ? QString::fromStdString(it.key())
                                                 : path + QLatin1Char('.') + QString::fromStdString(it.key());
            auto other = after.find(it.key());
            if (other == after.end())
                out.append(QStringLiteral("%1: %2 → (removed)").arg(child, jsonText(it.value())));
            else
                collectDifferences(it.value(), *other, child, out, limit);
            if (out.size() >= limit)
                return;
        }
        for (auto it = after.begin(); it != after.end() && out.size() < limit; ++it) {
            if (!before.contains(it.key()))
                out.append(QStringLiteral("%1: (absent) → %2")
                               .arg(path.isEmpty() ? QString::fromStdString(it.key())
                                                   : path + QLatin1Char('.') + QString::fromStdString(it.key()),
                                    jsonText(it.value())));
        }
        return;
    }
    // Deployment lists are matched by name, so a reorder reads as what it is.
    if (before.is_array() && after.is_array() && before.size() == after.size()) {
        for (size_t i = 0; i < before.size() && out.size() < limit; ++i) {
            QString label = QString::number(i);
            if (before[i].is_object() && before[i].contains("name") && before[i]["name"].is_string())
                label = QString::fromStdString(before[i]["name"].get<std::string>());
            collectDifferences(before[i], after[i], path + QLatin1Char('[') + label + QLatin1Char(']'), out, limit);
        }
        return;
    }
    out.append(QStringLiteral("%1: %2 → %3").arg(path, jsonText(before), jsonText(after)));
}

// The entry of `deployment` in an app config's "deployments" list, created when the config has none.
OrderedJson &deploymentEntry(OrderedJson &appConfig, const QString &deployment)
{
    if (!appConfig.contains("deployments") || !appConfig["deployments"].is_array())
        appConfig["deployments"] = OrderedJson::array();
    OrderedJson &list = appConfig["deployments"];
    const std::string name = deployment.toStdString();
    for (auto &entry : list)
        if (entry.is_object() && entry.value("name", std::string()) == name)
            return entry;
    list.push_back(OrderedJson{{"name", name}});
    return list.back();
}

QString boundsText(const std::optional<AutoscalingBounds> &bounds)
{
    return bounds ? QStringLiteral("%1..%2").arg(bounds->minReplicas).arg(bounds->maxReplicas)
                  : QStringLiteral("(none)");
}

OrderedJson parkSummary(const ApplicationSnapshot &app)
{
    OrderedJson deployments = OrderedJson::array();
    for (const auto &deployment : app.deployments) {
        OrderedJson entry{{"name", deployment.name.toStdString()},
                          {"target_replicas", deployment.targetReplicas},
                          {"gpus_per_replica", deployment.gpusPerReplica},
                          {"cpus_per_replica", deployment.cpusPerReplica}};
        entry["autoscaling"] = deployment.autoscaling
                                   ? OrderedJson{{"min_replicas", deployment.autoscaling->minReplicas},
                                                 {"max_replicas", deployment.autoscaling->maxReplicas}}
                                   : OrderedJson();
        deployments.push_back(std::move(entry));
    }
    return OrderedJson{{"route_prefix", app.routePrefix.toStdString()},
                       {"status_before", app.status.toStdString()},
                       {"deployments", std::move(deployments)}};
}

RayError invalid(const QString &message)
{
    return makeError(RayErrorKind::InvalidChange, message);
}

// Why `app` has no deployment `name`: while Ray is still deploying an app it may list none of them yet.
QString noSuchDeployment(const QString &target, const ApplicationSnapshot &app, const QString &name)
{
    if (app.deployments.empty() && app.status == QStringLiteral("DEPLOYING"))
        return QStringLiteral("cannot scale %1: Ray lists no deployments of '%2' yet (it is DEPLOYING, and its "
                              "config does not name '%3'); try again once it has started")
            .arg(target, app.name, name);
    return QStringLiteral("cannot scale %1: '%2' has no deployment '%3'").arg(target, app.name, name);
}

} // namespace

QString FieldChange::describe() const
{
    const QString target = deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
    return QStringLiteral("%1 %2: %3 → %4").arg(target, field, before, after);
}

bool ApplyPlan::stopsServing() const
{
    for (const auto &change : preview)
        if (change.stopsServing)
            return true;
    return false;
}

QStringList carriedTopLevelFields()
{
    return {QStringLiteral("proxy_location"), QStringLiteral("http_options"), QStringLiteral("grpc_options"),
            QStringLiteral("logging_config"), QStringLiteral("target_capacity")};
}

QStringList describeDifferences(const nlohmann::json &before, const nlohmann::json &after, int limit)
{
    QStringList out;
    collectDifferences(before, after, QString(), out, limit);
    return out;
}

QStringList findConflicts(const PlanInput &input)
{
    QStringList conflicts;
    for (const QString &name : input.changes.touchedApps()) {
        const ApplicationSnapshot *fresh = findIn(input.fresh.applications, name);
        if (input.changes.unparkedApps().contains(name)) {
            // Not parked at all is an invalid edit (reported by planChanges); parked but live again is a conflict.
            const bool parkedHere = findParked(input.parked, name) != nullptr;
            const ApplicationSnapshot *before = input.baseline.findApplication(name);
            if (fresh && parkedHere)
                conflicts.append(QStringLiteral("'%1': an application of that name is in the cluster again "
                                                "(deployed by someone else); unparking would overwrite it")
                                     .arg(name));
            else if (!parkedHere && before && before->parked)
                conflicts.append(QStringLiteral("'%1' is no longer parked (unparked elsewhere)").arg(name));
            continue;
        }
        const ApplicationSnapshot *before = input.baseline.findApplication(name);
        if (!before || before->parked)
            continue; // not a conflict: planChanges reports the invalid edit
        if (!fresh) {
            conflicts.append(QStringLiteral("'%1' was removed from the cluster since the edit began").arg(name));
            continue;
        }
        if (fresh->source != before->source) {
            conflicts.append(QStringLiteral("'%1' changed from %2 to %3 since the edit began")
                                 .arg(name, before->source, fresh->source));
            continue;
        }
        const bool hadConfig = before->deployedConfig != nullptr;
        const bool hasConfig = fresh->deployedConfig != nullptr;
        if (hadConfig != hasConfig || (hadConfig && *before->deployedConfig != *fresh->deployedConfig)) {
            const QStringList what = (hadConfig && hasConfig)
                                         ? describeDifferences(*before->deployedConfig, *fresh->deployedConfig)
                                         : QStringList{QStringLiteral("deployed config appeared or vanished")};
            conflicts.append(QStringLiteral("'%1' was changed by someone else since the edit began: %2")
                                 .arg(name, what.join(QStringLiteral("; "))));
        }
    }
    return conflicts;
}

namespace {

// One deployment's edit of its app's config: a fixed count, or autoscaling bounds.
struct ConfigEdit {
    QString deployment;
    std::optional<int> replicas;
    std::optional<AutoscalingBounds> autoscaling;
};
using ConfigEdits = QMap<QString, std::vector<ConfigEdit>>; // by app

// What is being planned, built up change by change.
struct PlanDraft {
    ApplyPlan plan;
    QStringList parkApps; // parked by the operator, or scaled to 0
    ConfigEdits configEdits;
};

// A park needs a declaratively deployed app in the cluster; an unpark needs a stored config.
Result<Done> checkParksAndUnparks(const PlanInput &input)
{
    for (const QString &name : input.changes.parkedApps()) {
        const ApplicationSnapshot *app = findIn(input.fresh.applications, name);
        if (!app)
            return invalid(QStringLiteral("cannot park '%1': no such application in the cluster").arg(name));
        if (!app->isDeclarative() || !app->deployedConfig)
            return invalid(QStringLiteral("cannot park '%1': it was deployed with serve.run (%2), and ScaleDeck "
                                          "only changes declaratively deployed apps")
                               .arg(name, app->source));
    }
    for (const QString &name : input.changes.unparkedApps()) {
        if (!findParked(input.parked, name))
            return invalid(QStringLiteral("cannot unpark '%1': it is not parked on this cluster").arg(name));
    }
    return Done{};
}

// The deployment a change names, as the cluster lists it or, while Ray is still deploying its app, as its
// config names it (`fromConfig` holds that copy).
Result<const DeploymentSnapshot *> changedDeployment(const PlanInput &input, const DeploymentChange &change,
                                                     const QStringList &parkApps,
                                                     std::optional<DeploymentSnapshot> &fromConfig)
{
    const QString target = change.app + QLatin1Char('/') + change.deployment;
    const ApplicationSnapshot *app = findIn(input.fresh.applications, change.app);
    if (!app) {
        if (findParked(input.parked, change.app))
            return invalid(QStringLiteral("cannot scale %1: '%2' is parked; unpark it first").arg(target, change.app));
        return invalid(QStringLiteral("cannot scale %1: no application '%2' in the cluster").arg(target, change.app));
    }
    if (!app->isDeclarative())
        return invalid(QStringLiteral("cannot scale %1: '%2' was deployed with serve.run (imperative) and is "
                                      "read-only in ScaleDeck")
                           .arg(target, change.app));
    const DeploymentSnapshot *deployment = app->findDeployment(change.deployment);
    if (!deployment && (fromConfig = app->deploymentFromConfig(change.deployment)))
        deployment = &*fromConfig;
    if (!deployment)
        return invalid(noSuchDeployment(target, *app, change.deployment));
    if (parkApps.contains(change.app))
        return invalid(QStringLiteral("cannot both park '%1' and scale %2").arg(change.app, target));
    return deployment;
}

Result<Done> planAutoscaling(const DeploymentChange &change, const DeploymentSnapshot &deployment, PlanDraft &draft)
{
    const AutoscalingBounds &bounds = *change.autoscaling;
    if (bounds.minReplicas < 0 || bounds.maxReplicas < 1 || bounds.minReplicas > bounds.maxReplicas)
        return invalid(QStringLiteral("invalid autoscaling bounds for %1/%2: min %3, max %4 (need 0 <= min <= "
                                      "max and max >= 1)")
                           .arg(change.app, change.deployment)
                           .arg(bounds.minReplicas)
                           .arg(bounds.maxReplicas));
    draft.configEdits[change.app].push_back({change.deployment, std::nullopt, bounds});
    draft.plan.preview.push_back({change.app, change.deployment, QStringLiteral("autoscaling"),
                                  boundsText(deployment.autoscaling), boundsText(bounds), false});
    return Done{};
}

// A count: through the scale call for an external scaler's app, as parking for 0 (Ray's schema refuses
// num_replicas 0), as num_replicas in the config otherwise.
Result<Done> planReplicaCount(const PlanInput &input, const DeploymentChange &change,
                              const DeploymentSnapshot &deployment, PlanDraft &draft)
{
    const int replicas = *change.replicas;
    if (replicas < 0)
        return invalid(QStringLiteral("cannot scale %1/%2 to %3: the count must be 0 or more")
                           .arg(change.app, change.deployment)
                           .arg(replicas));
    const QString before = QString::number(deployment.targetReplicas);
    if (findIn(input.fresh.applications, change.app)->externalScalerEnabled) {
        draft.plan.scaleCalls.push_back({change.app, change.deployment, replicas});
        draft.plan.preview.push_back({change.app, change.deployment,
                                      QStringLiteral("target replicas (external scaler)"), before,
                                      QString::number(replicas), replicas == 0});
    } else if (replicas == 0) {
        if (!draft.parkApps.contains(change.app))
            draft.parkApps.append(change.app);
    } else {
        draft.configEdits[change.app].push_back({change.deployment, replicas, std::nullopt});
        draft.plan.preview.push_back(
            {change.app, change.deployment, QStringLiteral("num_replicas"),
             deployment.autoscaling ? QStringLiteral("autoscaling %1").arg(boundsText(deployment.autoscaling)) : before,
             QString::number(replicas), false});
    }
    return Done{};
}

Result<Done> planDeploymentChange(const PlanInput &input, const DeploymentChange &change, PlanDraft &draft)
{
    std::optional<DeploymentSnapshot> fromConfig;
    auto deployment = changedDeployment(input, change, draft.parkApps, fromConfig);
    if (!deployment)
        return deployment.error();
    if (change.autoscaling)
        return planAutoscaling(change, **deployment, draft);
    if (!change.replicas)
        return Done{};
    return planReplicaCount(input, change, **deployment, draft);
}

void previewParksAndUnparks(const PlanInput &input, PlanDraft &draft)
{
    for (const QString &name : draft.parkApps) {
        const ApplicationSnapshot *app = findIn(input.fresh.applications, name);
        draft.plan.preview.push_back({name, QString(), QStringLiteral("park"),
                                      QStringLiteral("%1, %2 held").arg(app->status, gpuCount(app->gpusHeld())),
                                      QStringLiteral("parked (all deployments to 0; config kept by ScaleDeck)"), true});
    }
    for (const QString &name : input.changes.unparkedApps())
        draft.plan.preview.push_back({name, QString(), QStringLiteral("unpark"), QStringLiteral("parked"),
                                      QStringLiteral("restored with its exact config"), false});
}

void applyConfigEdits(OrderedJson &config, const std::vector<ConfigEdit> &edits)
{
    for (const ConfigEdit &edit : edits) {
        OrderedJson &entry = deploymentEntry(config, edit.deployment);
        if (edit.replicas) {
            entry["num_replicas"] = *edit.replicas;
            entry.erase("autoscaling_config"); // Ray takes one or the other, never both
        } else if (edit.autoscaling) {
            if (!entry.contains("autoscaling_config") || !entry["autoscaling_config"].is_object())
                entry["autoscaling_config"] = OrderedJson::object();
            entry["autoscaling_config"]["min_replicas"] = edit.autoscaling->minReplicas;
            entry["autoscaling_config"]["max_replicas"] = edit.autoscaling->maxReplicas;
            entry.erase("num_replicas");
        }
    }
}

// The cluster's declarative apps as Ray echoed them, edited; parked apps go to plan.parks instead.
OrderedJson editedApplications(const PlanInput &input, PlanDraft &draft)
{
    OrderedJson applications = OrderedJson::array();
    const OrderedJson &freshApps =
        input.freshDocument.contains("applications") ? input.freshDocument["applications"] : OrderedJson::object();
    for (auto it = freshApps.begin(); it != freshApps.end(); ++it) {
        const QString name = QString::fromStdString(it.key());
        const OrderedJson &detail = it.value();
        if (!detail.is_object() || detail.value("source", std::string()) != "declarative")
            continue; // imperative apps are not part of the declarative config; a PUT leaves them alone
        if (detail.value("status", std::string()) == "DELETING")
            continue; // being deleted: putting it back would resurrect it
        if (!detail.contains("deployed_app_config") || !detail["deployed_app_config"].is_object())
            continue;
        if (draft.parkApps.contains(name)) {
            draft.plan.parks.push_back(
                {name, detail["deployed_app_config"], parkSummary(*findIn(input.fresh.applications, name))});
            continue;
        }
        OrderedJson config = detail["deployed_app_config"];
        applyConfigEdits(config, draft.configEdits.value(name));
        applications.push_back(std::move(config));
    }
    return applications;
}

// Each unparked app's stored config, byte for byte as it was parked.
Result<Done> appendUnparkedConfigs(const PlanInput &input, OrderedJson &applications, PlanDraft &draft)
{
    for (const QString &name : input.changes.unparkedApps()) {
        const ParkedApp *parked = findParked(input.parked, name);
        OrderedJson config =
            OrderedJson::parse(parked->configJson.constBegin(), parked->configJson.constEnd(), nullptr, false);
        if (config.is_discarded() || !config.is_object())
            return makeError(
                RayErrorKind::Storage,
                QStringLiteral("the stored config of parked app '%1' is damaged; it was not sent").arg(name));
        applications.push_back(std::move(config));
        draft.plan.unparks.append(name);
    }
    return Done{};
}

// The whole declarative config for the PUT: every field of every app as Ray echoed it, in its order.
Result<Done> rebuildDeclarativeConfig(const PlanInput &input, PlanDraft &draft)
{
    OrderedJson body = OrderedJson::object();
    const QStringList carried = carriedTopLevelFields();
    for (auto it = input.freshDocument.begin(); it != input.freshDocument.end(); ++it) {
        if (carried.contains(QString::fromStdString(it.key())) && !it.value().is_null())
            body[it.key()] = it.value();
    }
    OrderedJson applications = editedApplications(input, draft);
    if (auto appended = appendUnparkedConfigs(input, applications, draft); !appended)
        return appended;
    body["applications"] = std::move(applications);
    draft.plan.putBody = std::move(body);
    return Done{};
}

} // namespace

Result<ApplyPlan> planChanges(const PlanInput &input)
{
    if (const QStringList conflicts = findConflicts(input); !conflicts.isEmpty())
        return makeError(RayErrorKind::Conflict, conflicts.join(QLatin1Char('\n')));
    if (auto checked = checkParksAndUnparks(input); !checked)
        return checked.error();
    PlanDraft draft;
    draft.parkApps = input.changes.parkedApps();
    for (const DeploymentChange &change : input.changes.deploymentChanges()) {
        if (auto planned = planDeploymentChange(input, change, draft); !planned)
            return planned.error();
    }
    previewParksAndUnparks(input, draft);
    if (draft.configEdits.isEmpty() && draft.parkApps.isEmpty() && input.changes.unparkedApps().isEmpty())
        return std::move(draft.plan);
    if (auto rebuilt = rebuildDeclarativeConfig(input, draft); !rebuilt)
        return rebuilt.error();
    return std::move(draft.plan);
}

} // namespace scaledeck
