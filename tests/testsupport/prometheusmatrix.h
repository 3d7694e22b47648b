// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A Prometheus range answer (resultType matrix) of request rates by application and deployment, in the shape
// /api/v1/query_range answers requestRatesByDeploymentQuery: for a ScriptedHttpServer playing Prometheus.

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <utility>
#include <vector>

struct MatrixSeries {
    QString app;
    QString deployment;
    std::vector<std::pair<QDateTime, double>> points; // time, requests/s
};

// `perSecond` every minute from `first` to `last`, both included.
inline std::vector<std::pair<QDateTime, double>> everyMinute(const QDateTime &first, const QDateTime &last,
                                                             double perSecond)
{
    std::vector<std::pair<QDateTime, double>> points;
    for (QDateTime at = first; at <= last; at = at.addSecs(60))
        points.emplace_back(at, perSecond);
    return points;
}

inline QByteArray prometheusMatrix(const std::vector<MatrixSeries> &series)
{
    QByteArray result;
    for (const MatrixSeries &one : series) {
        QByteArray values;
        for (const auto &[at, perSecond] : one.points)
            values += (values.isEmpty() ? "" : ",") + ("[" + QByteArray::number(at.toSecsSinceEpoch()) + ",\"" +
                                                       QByteArray::number(perSecond, 'g', 17) + "\"]");
        result += (result.isEmpty() ? "" : ",") +
                  (R"({"metric":{"application":")" + one.app.toUtf8() + R"(","deployment":")" +
                   one.deployment.toUtf8() + R"("},"values":[)" + values + "]}");
    }
    return R"({"status":"success","data":{"resultType":"matrix","result":[)" + result + "]}}";
}
