// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheusresponse.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace scaledeck {

namespace {
using Json = nlohmann::json;

struct BadShape {
    QString what;
};

const Json &member(const Json &object, const char *key, const char *where)
{
    if (!object.is_object() || !object.contains(key))
        throw BadShape{QStringLiteral("%1 has no \"%2\"").arg(QLatin1String(where), QLatin1String(key))};
    return object[key];
}

PromLabels labelsOf(const Json &metric)
{
    if (!metric.is_object())
        throw BadShape{QStringLiteral("a result's \"metric\" is not an object")};
    PromLabels labels;
    for (const auto &[name, value] : metric.items()) {
        if (!value.is_string())
            throw BadShape{QStringLiteral("label %1 is not a string").arg(QString::fromStdString(name))};
        labels.emplace(QString::fromStdString(name), QString::fromStdString(value.get<std::string>()));
    }
    return labels;
}

// [1796388367.255, "12.86"]: Prometheus writes sample values as strings so that NaN and ±Inf survive JSON.
std::pair<double, std::optional<double>> pointOf(const Json &pair)
{
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_string())
        throw BadShape{QStringLiteral("a sample is not [time, \"value\"]")};
    bool ok = false;
    const double value = QString::fromStdString(pair[1].get<std::string>()).toDouble(&ok);
    const QString text = QString::fromStdString(pair[1].get<std::string>());
    const bool special = text == QLatin1String("NaN") || text.endsWith(QLatin1String("Inf"));
    if (!ok && !special)
        throw BadShape{QStringLiteral("sample value '%1' is no number").arg(text.left(40))};
    std::optional<double> known;
    if (ok && std::isfinite(value))
        known = value;
    return {pair[0].get<double>(), known};
}

// The "data" of a successful answer whose resultType is one of `types`.
const Json &dataOf(const Json &document, std::initializer_list<const char *> types)
{
    const Json &data = member(document, "data", "the answer");
    const Json &type = member(data, "resultType", "\"data\"");
    bool expected = false;
    for (const char *name : types)
        expected = expected || (type.is_string() && type.get<std::string>() == name);
    if (!expected)
        throw BadShape{QStringLiteral("unexpected resultType %1").arg(QString::fromStdString(type.dump()))};
    return data;
}

template <typename T, typename Read> Result<T> parseAnswer(const QByteArray &body, const QString &server, Read read)
{
    const Json document = Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (document.is_discarded())
        return makeError(RayErrorKind::BadPayload, QStringLiteral("%1 answered with no JSON").arg(server));
    try {
        const Json &status = member(document, "status", "the answer");
        if (status.is_string() && status.get<std::string>() == "error") {
            const Json *said = document.contains("error") ? &document["error"] : nullptr;
            return makeError(RayErrorKind::Rejected,
                             QStringLiteral("%1 refused the query: %2")
                                 .arg(server, said && said->is_string()
                                                  ? QString::fromStdString(said->get<std::string>())
                                                  : QStringLiteral("(no reason given)")));
        }
        return read(document);
    } catch (const BadShape &bad) {
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("%1 answered in an unexpected shape: %2").arg(server, bad.what));
    } catch (const Json::exception &bad) {
        return makeError(
            RayErrorKind::BadPayload,
            QStringLiteral("%1 answered in an unexpected shape: %2").arg(server, QString::fromUtf8(bad.what())));
    }
}
} // namespace

Result<std::vector<PromSample>> parseInstantVector(const QByteArray &body, const QString &server)
{
    return parseAnswer<std::vector<PromSample>>(body, server, [](const Json &document) {
        const Json &data = dataOf(document, {"vector", "scalar"});
        const Json &result = member(data, "result", "\"data\"");
        std::vector<PromSample> samples;
        if (data["resultType"] == "scalar") {
            auto [at, value] = pointOf(result);
            samples.push_back({{}, at, value});
            return samples;
        }
        if (!result.is_array())
            throw BadShape{QStringLiteral("\"result\" is not a list")};
        for (const Json &element : result) {
            auto [at, value] = pointOf(member(element, "value", "a result"));
            samples.push_back({labelsOf(member(element, "metric", "a result")), at, value});
        }
        return samples;
    });
}

Result<std::vector<PromSeries>> parseRangeMatrix(const QByteArray &body, const QString &server)
{
    return parseAnswer<std::vector<PromSeries>>(body, server, [](const Json &document) {
        const Json &result = member(dataOf(document, {"matrix"}), "result", "\"data\"");
        if (!result.is_array())
            throw BadShape{QStringLiteral("\"result\" is not a list")};
        std::vector<PromSeries> series;
        for (const Json &element : result) {
            PromSeries one{labelsOf(member(element, "metric", "a result")), {}};
            const Json &values = member(element, "values", "a result");
            if (!values.is_array())
                throw BadShape{QStringLiteral("\"values\" is not a list")};
            for (const Json &pair : values)
                one.points.push_back(pointOf(pair));
            series.push_back(std::move(one));
        }
        return series;
    });
}

} // namespace scaledeck
