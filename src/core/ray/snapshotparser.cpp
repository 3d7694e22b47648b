// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotparser.h"

#include "servestatereader.h"

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

Result<Json> parseDocument(const QByteArray &body, const char *what)
{
    Json document = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (document.is_discarded())
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("%1: the body is not JSON (starts with \"%2\")")
                             .arg(QLatin1String(what), QString::fromUtf8(body.left(60)).simplified()));
    if (!document.is_object())
        return makeError(RayErrorKind::BadPayload, QStringLiteral("%1: expected a JSON object, got %2")
                                                       .arg(QLatin1String(what), QLatin1String(document.type_name())));
    return document;
}

RayError shapeError(const char *what, const std::exception &error)
{
    return makeError(RayErrorKind::BadPayload,
                     QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromUtf8(error.what())));
}

} // namespace

const ApplicationSnapshot *ServeState::findApplication(const QString &name) const
{
    for (const ApplicationSnapshot &app : applications)
        if (app.name == name)
            return &app;
    return nullptr;
}

Result<QString> parseRayVersion(const QByteArray &body)
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

namespace {
// A node's accelerator type: the "ray.io/accelerator-type" label (Ray 2.4x+), else the "accelerator_type:X"
// resource Ray adds for a detected GPU model. Nodes with logical GPUs only have neither.
QString acceleratorTypeOf(const Json &node, const Json &resources)
{
    if (const Json *labels = member(node, "labels"); labels && labels->is_object()) {
        const auto label = labels->find("ray.io/accelerator-type");
        if (label != labels->end() && label->is_string() && !label->get<std::string>().empty())
            return QString::fromStdString(label->get<std::string>());
    }
    static const std::string prefix = "accelerator_type:";
    for (auto it = resources.begin(); it != resources.end(); ++it) {
        if (it.key().size() > prefix.size() && it.key().compare(0, prefix.size(), prefix) == 0)
            return QString::fromStdString(it.key().substr(prefix.size()));
    }
    return QString();
}
} // namespace

Result<NodeTotals> parseNodeTotals(const QByteArray &body)
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
            const double gpus = numberAt(resources, "GPU", "nodes[].resources_total").value_or(0);
            totals.gpusTotal += gpus;
            totals.cpusTotal += numberAt(resources, "CPU", "nodes[].resources_total").value_or(0);
            if (gpus > 0)
                totals.gpusByNode[stringAt(node, "node_id", "nodes[]")] += gpus;
            const QString type = acceleratorTypeOf(node, resources);
            if (!type.isEmpty() && gpus > 0) {
                totals.gpusByAccelerator[type] += gpus;
                totals.acceleratorByNode[stringAt(node, "node_id", "nodes[]")] = type;
            }
        }
        return totals;
    } catch (const std::exception &error) {
        return shapeError("nodes", error);
    }
}

} // namespace scaledeck
