// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A range answer as Prometheus gives it for a deployment busy on office hours: `weeks` of 5-minute points ending at
// `endUtc`, `perS` requests/s while the step falls Mon-Fri 09:00-17:00 UTC and 0 otherwise, and a stray `strayPerS`
// on the last week's Saturday 03:00-04:00 (one week of several: what a suggestion parks and counts as missed). Typing
// 8,064 points by hand is no option; the shape is Prometheus' own (tests/fixtures/prometheus_llm_rate_matrix.json).
#include <QByteArray>
#include <QDateTime>

inline QByteArray officeHoursMatrix(const QDateTime &endUtc, int weeks, double perS, double strayPerS = 0)
{
    constexpr int kStepS = 300;
    QByteArray values;
    const qint64 end = endUtc.toSecsSinceEpoch();
    for (qint64 at = end - qint64(weeks) * 7 * 86400; at <= end; at += kStepS) {
        const QDateTime stepStart = QDateTime::fromSecsSinceEpoch(at - kStepS, Qt::UTC);
        const int day = stepStart.date().dayOfWeek();
        const int hour = stepStart.time().hour();
        double rate = 0;
        if (day <= 5 && hour >= 9 && hour < 17)
            rate = perS;
        else if (day == 6 && hour == 3 && at > end - 7 * 86400)
            rate = strayPerS;
        if (!values.isEmpty())
            values += ',';
        values += "[" + QByteArray::number(at) + ",\"" + QByteArray::number(rate) + "\"]";
    }
    return R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[)" + values + "]}]}}";
}

// An instant answer with one value (the cold-start query's, in ms).
inline QByteArray instantAnswer(double value)
{
    return R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1796388653,")" +
           QByteArray::number(value) + "\"]}]}}";
}
