// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotwire.h"

#include <stdexcept>

namespace scaledeck {

using OrderedJson = nlohmann::ordered_json;

namespace {

std::string text(const QString &value)
{
    return value.toStdString();
}

std::string isoUtc(const QDateTime &utc)
{
    return utc.isValid() ? utc.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'")).toStdString()
                         : std::string();
}

OrderedJson replicaToWire(const ReplicaSnapshot &replica)
{
    return OrderedJson{{"id", text(replica.id)},
                       {"state", text(replica.state)},
                       {"nodeId", text(replica.nodeId)},
                       {"startTimeS", replica.startTimeS},
                       {"placed", replica.placed}};
}

OrderedJson deploymentToWire(const DeploymentSnapshot &deployment)
{
    OrderedJson byState = OrderedJson::object();
    for (auto it = deployment.replicasByState.cbegin(); it != deployment.replicasByState.cend(); ++it)
        byState[text(it.key())] = it.value();
    OrderedJson replicas = OrderedJson::array();
    for (const ReplicaSnapshot &replica : deployment.replicas)
        replicas.push_back(replicaToWire(replica));
    OrderedJson json{{"name", text(deployment.name)},
                     {"status", text(deployment.status)},
                     {"message", text(deployment.message)},
                     {"targetReplicas", deployment.targetReplicas},
                     {"runningReplicas", deployment.runningReplicas},
                     {"replicasByState", std::move(byState)}};
    json["configuredReplicas"] =
        deployment.configuredReplicas ? OrderedJson(*deployment.configuredReplicas) : OrderedJson(nullptr);
    json["autoscaling"] = deployment.autoscaling ? OrderedJson{{"min", deployment.autoscaling->minReplicas},
                                                               {"max", deployment.autoscaling->maxReplicas}}
                                                 : OrderedJson(nullptr);
    json["gpusPerReplica"] = deployment.gpusPerReplica;
    json["cpusPerReplica"] = deployment.cpusPerReplica;
    json["acceleratorType"] = text(deployment.acceleratorType);
    json["replicas"] = std::move(replicas);
    json["statusTrigger"] = text(deployment.statusTrigger);
    json["gpusHeld"] = deployment.gpusHeld;
    return json;
}

OrderedJson applicationToWire(const ApplicationSnapshot &app)
{
    OrderedJson deployments = OrderedJson::array();
    for (const DeploymentSnapshot &deployment : app.deployments)
        deployments.push_back(deploymentToWire(deployment));
    return OrderedJson{{"name", text(app.name)},
                       {"status", text(app.status)},
                       {"message", text(app.message)},
                       {"routePrefix", text(app.routePrefix)},
                       {"source", text(app.source)},
                       {"parked", app.parked},
                       {"deployments", std::move(deployments)},
                       {"externalScalerEnabled", app.externalScalerEnabled},
                       {"keptConfig", app.keptConfig},
                       {"keptConfigAt", isoUtc(app.keptConfigAt)}};
}

template <typename Value> OrderedJson mapToWire(const std::map<QString, Value> &map)
{
    OrderedJson json = OrderedJson::object();
    for (const auto &[key, value] : map) {
        if constexpr (std::is_same_v<Value, QString>)
            json[text(key)] = text(value);
        else
            json[text(key)] = value;
    }
    return json;
}

// Reading: every failure is a WireError naming the field by its path; snapshotFromWire turns it into the
// Result's error. An exception, because the first bad field ends the read wherever it is nested.
struct WireError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class WireObject {
public:
    WireObject(const nlohmann::json &json, std::string path) : m_json(json), m_path(std::move(path))
    {
        if (!m_json.is_object())
            fail(m_path.empty() ? "the snapshot is not a JSON object" : m_path + " is not an object");
    }

    const nlohmann::json &field(const char *key) const
    {
        const auto it = m_json.find(key);
        if (it == m_json.end())
            fail(pathOf(key) + " is missing");
        return *it;
    }
    bool has(const char *key) const { return m_json.contains(key) && !m_json[key].is_null(); }
    std::string pathOf(const char *key) const { return m_path.empty() ? key : m_path + "." + key; }

    QString string(const char *key) const
    {
        const nlohmann::json &value = field(key);
        if (!value.is_string())
            fail(pathOf(key) + " is not a string");
        return QString::fromStdString(value.get<std::string>());
    }
    // Fields a newer wire format added: their default when an older controller sent none.
    QString optionalString(const char *key) const { return has(key) ? string(key) : QString(); }
    double number(const char *key) const
    {
        const nlohmann::json &value = field(key);
        if (!value.is_number())
            fail(pathOf(key) + " is not a number");
        return value.get<double>();
    }
    double optionalNumber(const char *key) const { return has(key) ? number(key) : 0.0; }
    int whole(const char *key) const
    {
        const nlohmann::json &value = field(key);
        if (!value.is_number_integer())
            fail(pathOf(key) + " is not a whole number");
        return value.get<int>();
    }
    bool flag(const char *key) const
    {
        const nlohmann::json &value = field(key);
        if (!value.is_boolean())
            fail(pathOf(key) + " is not true or false");
        return value.get<bool>();
    }
    bool optionalFlag(const char *key) const { return has(key) && flag(key); }
    QDateTime time(const char *key) const
    {
        const QString value = optionalString(key);
        if (value.isEmpty())
            return {};
        QDateTime parsed = QDateTime::fromString(value, Qt::ISODateWithMs);
        if (!parsed.isValid())
            fail(pathOf(key) + " is not an ISO 8601 time: " + value.toStdString());
        return parsed.toUTC();
    }
    const nlohmann::json &array(const char *key) const
    {
        const nlohmann::json &value = field(key);
        if (!value.is_array())
            fail(pathOf(key) + " is not an array");
        return value;
    }

    [[noreturn]] static void fail(const std::string &what) { throw WireError(what); }

private:
    const nlohmann::json &m_json;
    std::string m_path;
};

std::string indexed(const std::string &path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

ReplicaSnapshot replicaFromWire(const WireObject &in)
{
    ReplicaSnapshot replica;
    replica.id = in.string("id");
    replica.state = in.string("state");
    replica.nodeId = in.optionalString("nodeId");
    replica.startTimeS = in.optionalNumber("startTimeS");
    // An older controller did not send "placed": a node id means the replica was placed.
    replica.placed = in.has("placed") ? in.flag("placed") : !replica.nodeId.isEmpty();
    return replica;
}

DeploymentSnapshot deploymentFromWire(const WireObject &in)
{
    DeploymentSnapshot deployment;
    deployment.name = in.string("name");
    deployment.status = in.string("status");
    deployment.message = in.optionalString("message");
    deployment.statusTrigger = in.optionalString("statusTrigger");
    deployment.targetReplicas = in.whole("targetReplicas");
    deployment.runningReplicas = in.whole("runningReplicas");
    [[maybe_unused]] const WireObject byState(in.field("replicasByState"), in.pathOf("replicasByState"));
    for (const auto &[state, count] : in.field("replicasByState").items()) {
        if (!count.is_number_integer())
            WireObject::fail(in.pathOf("replicasByState") + "." + state + " is not a whole number");
        deployment.replicasByState.insert(QString::fromStdString(state), count.get<int>());
    }
    if (in.has("configuredReplicas"))
        deployment.configuredReplicas = in.whole("configuredReplicas");
    if (in.has("autoscaling")) {
        const WireObject bounds(in.field("autoscaling"), in.pathOf("autoscaling"));
        deployment.autoscaling = AutoscalingBounds{bounds.whole("min"), bounds.whole("max")};
    }
    deployment.gpusPerReplica = in.number("gpusPerReplica");
    deployment.cpusPerReplica = in.number("cpusPerReplica");
    deployment.acceleratorType = in.optionalString("acceleratorType");
    const nlohmann::json &replicas = in.array("replicas");
    for (size_t i = 0; i < replicas.size(); ++i)
        deployment.replicas.push_back(replicaFromWire(WireObject(replicas[i], indexed(in.pathOf("replicas"), i))));
    // An older controller did not send what the deployment holds: its replicas that hold resources say it.
    if (in.has("gpusHeld")) {
        deployment.gpusHeld = in.number("gpusHeld");
    } else {
        const auto holding =
            std::count_if(deployment.replicas.begin(), deployment.replicas.end(),
                          [](const ReplicaSnapshot &replica) { return replicaHoldsResources(replica); });
        deployment.gpusHeld = double(holding) * deployment.gpusPerReplica;
    }
    return deployment;
}

ApplicationSnapshot applicationFromWire(const WireObject &in)
{
    ApplicationSnapshot app;
    app.name = in.string("name");
    app.status = in.string("status");
    app.message = in.optionalString("message");
    app.routePrefix = in.optionalString("routePrefix");
    app.source = in.optionalString("source");
    app.parked = in.flag("parked");
    app.externalScalerEnabled = in.optionalFlag("externalScalerEnabled");
    app.keptConfig = in.optionalFlag("keptConfig");
    app.keptConfigAt = in.time("keptConfigAt");
    const nlohmann::json &deployments = in.array("deployments");
    for (size_t i = 0; i < deployments.size(); ++i)
        app.deployments.push_back(deploymentFromWire(WireObject(deployments[i], indexed(in.pathOf("deployments"), i))));
    return app;
}

template <typename Value> std::map<QString, Value> mapFromWire(const WireObject &in, const char *key)
{
    std::map<QString, Value> map;
    if (!in.has(key))
        return map;
    [[maybe_unused]] const WireObject object(in.field(key), in.pathOf(key)); // an object, or the error says so
    for (const auto &[name, value] : in.field(key).items()) {
        if constexpr (std::is_same_v<Value, QString>) {
            if (!value.is_string())
                WireObject::fail(in.pathOf(key) + "." + name + " is not a string");
            map.emplace(QString::fromStdString(name), QString::fromStdString(value.template get<std::string>()));
        } else {
            if (!value.is_number())
                WireObject::fail(in.pathOf(key) + "." + name + " is not a number");
            map.emplace(QString::fromStdString(name), value.template get<double>());
        }
    }
    return map;
}

ClusterSnapshot clusterFromWire(const WireObject &in)
{
    ClusterSnapshot snapshot;
    snapshot.takenAt = in.time("takenAt");
    snapshot.rayVersion = in.optionalString("rayVersion");
    snapshot.nodesAlive = in.whole("nodesAlive");
    snapshot.gpusTotal = in.number("gpusTotal");
    snapshot.cpusTotal = in.number("cpusTotal");
    if (in.has("targetCapacity"))
        snapshot.targetCapacity = in.number("targetCapacity");
    const nlohmann::json &applications = in.array("applications");
    for (size_t i = 0; i < applications.size(); ++i)
        snapshot.applications.push_back(applicationFromWire(WireObject(applications[i], indexed("applications", i))));
    snapshot.gpusByAccelerator = mapFromWire<double>(in, "gpusByAccelerator");
    snapshot.acceleratorByNode = mapFromWire<QString>(in, "acceleratorByNode");
    snapshot.gpusByNode = mapFromWire<double>(in, "gpusByNode");
    return snapshot;
}

} // namespace

OrderedJson snapshotToWire(const ClusterSnapshot &snapshot)
{
    OrderedJson applications = OrderedJson::array();
    for (const ApplicationSnapshot &app : snapshot.applications)
        applications.push_back(applicationToWire(app));
    OrderedJson json{{"takenAt", isoUtc(snapshot.takenAt)}, {"rayVersion", text(snapshot.rayVersion)},
                     {"nodesAlive", snapshot.nodesAlive},   {"gpusTotal", snapshot.gpusTotal},
                     {"cpusTotal", snapshot.cpusTotal},     {"gpusHeld", snapshot.gpusHeld()}};
    json["targetCapacity"] = snapshot.targetCapacity ? OrderedJson(*snapshot.targetCapacity) : OrderedJson(nullptr);
    json["applications"] = std::move(applications);
    json["gpusByAccelerator"] = mapToWire(snapshot.gpusByAccelerator);
    json["acceleratorByNode"] = mapToWire(snapshot.acceleratorByNode);
    json["gpusByNode"] = mapToWire(snapshot.gpusByNode);
    return json;
}

Result<ClusterSnapshot> snapshotFromWire(const nlohmann::json &wire)
{
    try {
        return clusterFromWire(WireObject(wire, std::string()));
    } catch (const WireError &error) {
        return makeError(
            RayErrorKind::BadPayload,
            QStringLiteral("the controller's snapshot cannot be read: %1").arg(QString::fromStdString(error.what())));
    } catch (const nlohmann::json::exception &error) { // a number out of int's range
        return makeError(
            RayErrorKind::BadPayload,
            QStringLiteral("the controller's snapshot cannot be read: %1").arg(QString::fromStdString(error.what())));
    }
}

} // namespace scaledeck
