#include "snapshotparser.h"

#include <algorithm>
#include <stdexcept>

namespace scaledeck {

namespace {

using Json = nlohmann::json;

// Thrown inside this file only; turned into a BadPayload error at the public boundary.
struct ShapeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void wrongType(const std::string &where, const char *expected, const Json &value)
{
    throw ShapeError(where + " should be " + expected + ", got " + value.type_name());
}

const Json *member(const Json &object, const char *key)
{
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return nullptr;
    return &*it;
}

QString stringAt(const Json &object, const char *key, const std::string &where)
{
    const Json *value = member(object, key);
    if (!value)
        return {};
    if (!value->is_string())
        wrongType(where + "." + key, "a string", *value);
    return QString::fromStdString(value->get_ref<const std::string &>());
}

std::optional<double> numberAt(const Json &object, const char *key, const std::string &where)
{
    const Json *value = member(object, key);
    if (!value)
        return std::nullopt;
    if (!value->is_number())
        wrongType(where + "." + key, "a number", *value);
    return value->get<double>();
}

const Json &objectOr(const Json &object, const char *key, const std::string &where)
{
    static const Json empty = Json::object();
    const Json *value = member(object, key);
    if (!value)
        return empty;
    if (!value->is_object())
        wrongType(where + "." + key, "an object", *value);
    return *value;
}

std::optional<AutoscalingBounds> autoscalingFrom(const Json &config, const std::string &where)
{
    const Json *autoscaling = member(config, "autoscaling_config");
    if (!autoscaling)
        return std::nullopt;
    if (!autoscaling->is_object())
        wrongType(where + ".autoscaling_config", "an object", *autoscaling);
    AutoscalingBounds bounds;
    bounds.minReplicas = static_cast<int>(numberAt(*autoscaling, "min_replicas", where).value_or(1));
    bounds.maxReplicas = static_cast<int>(numberAt(*autoscaling, "max_replicas", where).value_or(1));
    return bounds;
}

DeploymentSnapshot parseDeployment(const std::string &name, const Json &detail, const std::string &where)
{
    if (!detail.is_object())
        wrongType(where, "an object", detail);
    DeploymentSnapshot deployment;
    deployment.name = QString::fromStdString(name);
    deployment.status = stringAt(detail, "status", where);
    deployment.statusTrigger = stringAt(detail, "status_trigger", where);
    deployment.message = stringAt(detail, "message", where);
    deployment.targetReplicas = static_cast<int>(numberAt(detail, "target_num_replicas", where).value_or(0));

    const Json &resources = objectOr(detail, "required_resources", where);
    deployment.gpusPerReplica = numberAt(resources, "GPU", where + ".required_resources").value_or(0);
    deployment.cpusPerReplica = numberAt(resources, "CPU", where + ".required_resources").value_or(0);

    const Json &config = objectOr(detail, "deployment_config", where);
    deployment.autoscaling = autoscalingFrom(config, where + ".deployment_config");
    if (!deployment.autoscaling) {
        if (auto fixed = numberAt(config, "num_replicas", where + ".deployment_config"))
            deployment.configuredReplicas = static_cast<int>(*fixed);
    }

    int holding = 0;
    if (const Json *replicas = member(detail, "replicas")) {
        if (!replicas->is_array())
            wrongType(where + ".replicas", "an array", *replicas);
        for (const Json &replica : *replicas) {
            if (!replica.is_object())
                wrongType(where + ".replicas[]", "an object", replica);
            const QString state = stringAt(replica, "state", where + ".replicas[]");
            deployment.replicasByState[state.isEmpty() ? QStringLiteral("UNKNOWN") : state] += 1;
            // A STARTING replica holds its resources once it has been placed on a node.
            const bool placed = !stringAt(replica, "node_id", where + ".replicas[]").isEmpty();
            if (replicaStateHoldsResources(state) || (state == QStringLiteral("STARTING") && placed))
                ++holding;
        }
    }
    deployment.runningReplicas = deployment.replicasByState.value(QStringLiteral("RUNNING"));
    deployment.gpusHeld = holding * deployment.gpusPerReplica;
    return deployment;
}

ApplicationSnapshot parseApplication(const std::string &name, const Json &detail)
{
    const std::string where = "applications." + name;
    if (!detail.is_object())
        wrongType(where, "an object", detail);
    ApplicationSnapshot app;
    app.name = QString::fromStdString(name);
    app.status = stringAt(detail, "status", where);
    app.message = stringAt(detail, "message", where);
    app.source = stringAt(detail, "source", where);
    app.routePrefix = stringAt(detail, "route_prefix", where);
    if (const Json *config = member(detail, "deployed_app_config")) {
        if (!config->is_object())
            wrongType(where + ".deployed_app_config", "an object", *config);
        app.deployedConfig = std::make_shared<const Json>(*config);
        if (const Json *external = member(*config, "external_scaler_enabled"))
            app.externalScalerEnabled = external->is_boolean() && external->get<bool>();
    }
    const Json &deployments = objectOr(detail, "deployments", where);
    app.deployments.reserve(deployments.size());
    for (auto it = deployments.begin(); it != deployments.end(); ++it)
        app.deployments.push_back(parseDeployment(it.key(), it.value(), where + ".deployments." + it.key()));
    return app;
}

Result<Json> parseDocument(const QByteArray &body, const char *what)
{
    Json document = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (document.is_discarded())
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("%1: the body is not JSON (starts with \"%2\")")
                             .arg(QLatin1String(what), QString::fromUtf8(body.left(60)).simplified()));
    if (!document.is_object())
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("%1: expected a JSON object, got %2")
                             .arg(QLatin1String(what), QLatin1String(document.type_name())));
    return document;
}

RayError shapeError(const char *what, const std::exception &error)
{
    return makeError(RayErrorKind::BadPayload,
                     QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromUtf8(error.what())));
}

}  // namespace

Result<QString> SnapshotParser::parseRayVersion(const QByteArray &body)
{
    auto document = parseDocument(body, "Ray version");
    if (!document)
        return document.error();
    try {
        QString version = stringAt(*document, "ray_version", "version");
        if (version.isEmpty())
            version = stringAt(*document, "version", "version");
        if (version.isEmpty())
            throw ShapeError("neither ray_version nor version is present");
        return version;
    } catch (const std::exception &error) {
        return shapeError("Ray version", error);
    }
}

Result<ServeState> SnapshotParser::parseServeState(const nlohmann::json &document)
{
    try {
        ServeState state;
        state.targetCapacity = numberAt(document, "target_capacity", "serve");
        const Json &applications = objectOr(document, "applications", "serve");
        state.applications.reserve(applications.size());
        for (auto it = applications.begin(); it != applications.end(); ++it)
            state.applications.push_back(parseApplication(it.key(), it.value()));
        std::sort(state.applications.begin(), state.applications.end(),
                  [](const ApplicationSnapshot &a, const ApplicationSnapshot &b) { return a.name < b.name; });
        return state;
    } catch (const std::exception &error) {
        return shapeError("Serve applications", error);
    }
}

Result<ServeState> SnapshotParser::parseServeState(const QByteArray &body)
{
    // Most of a large cluster's payload is per-replica detail and controller metrics that a snapshot never
    // reads; dropping them while parsing keeps the document small, which is most of the cost of parsing.
    // Depths are nlohmann's: top-level keys at 1, a replica's keys at 7 (applications.APP.deployments.DEP.
    // replicas[i].KEY); the "last depth-5 key" tells replica objects apart from config objects at depth 7.
    bool inReplicas = false;
    auto keepOnlyWhatSnapshotsUse = [&inReplicas](int depth, Json::parse_event_t event, Json &parsed) {
        if (event != Json::parse_event_t::key)
            return true;
        const auto &key = parsed.get_ref<const std::string &>();
        if (depth == 1)
            return key != "controller_health_metrics" && key != "target_groups" && key != "proxies" &&
                   key != "controller_info";
        if (depth == 5)
            inReplicas = key == "replicas";
        else if (depth == 7 && inReplicas)
            return key == "state" || key == "node_id" || key == "replica_id" || key == "start_time_s";
        return true;
    };
    Json document = Json::parse(body.constBegin(), body.constEnd(), keepOnlyWhatSnapshotsUse, false);
    if (document.is_discarded())
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("Serve applications: the body is not JSON (starts with \"%1\")")
                             .arg(QString::fromUtf8(body.left(60)).simplified()));
    if (!document.is_object())
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("Serve applications: expected a JSON object, got %1")
                             .arg(QLatin1String(document.type_name())));
    return parseServeState(document);
}

Result<NodeTotals> SnapshotParser::parseNodeTotals(const QByteArray &body)
{
    auto document = parseDocument(body, "nodes");
    if (!document)
        return document.error();
    try {
        // /api/v0/nodes answers {result, msg, data: {result: {result: [...]}}} (the state API's wrapper);
        // accept the list at any of those depths so a changed wrapper is not fatal.
        const Json *list = &*document;
        for (const char *key : {"data", "result", "result"}) {
            if (list->is_object() && member(*list, key))
                list = member(*list, key);
        }
        if (!list->is_array())
            throw ShapeError("no node list found (expected data.result.result to be an array)");
        NodeTotals totals;
        for (const Json &node : *list) {
            if (!node.is_object())
                wrongType("nodes[]", "an object", node);
            if (stringAt(node, "state", "nodes[]") != QStringLiteral("ALIVE"))
                continue;
            ++totals.nodesAlive;
            const Json &resources = objectOr(node, "resources_total", "nodes[]");
            totals.gpusTotal += numberAt(resources, "GPU", "nodes[].resources_total").value_or(0);
            totals.cpusTotal += numberAt(resources, "CPU", "nodes[].resources_total").value_or(0);
        }
        return totals;
    } catch (const std::exception &error) {
        return shapeError("nodes", error);
    }
}

}  // namespace scaledeck
