// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace scaledeck {

// The Content-Type of the Prometheus text exposition format this writer produces.
inline constexpr char expositionContentType[] = "text/plain; version=0.0.4; charset=utf-8";

using MetricLabels = std::vector<std::pair<QString, QString>>; // name -> value, in the order written

// A label value as the text format needs it: backslash, double quote and line feed escaped.
QString escapeLabelValue(const QString &value);
// A HELP text as the text format needs it: backslash and line feed escaped (a quote stays).
QString escapeHelp(const QString &text);
// A sample value: "3", "0.25", "+Inf", "-Inf", "NaN".
QString formatSampleValue(double value);

// Writes metric families in the Prometheus text exposition format, version 0.0.4: a family's HELP and TYPE
// lines, then its samples. The caller writes each family's samples together, right after family().
class ExpositionWriter {
public:
    enum class Type { Counter, Gauge, Histogram };

    void family(const QString &name, Type type, const QString &help);
    // `name` is the family's name, or for a histogram the family's name with _bucket, _sum or _count.
    void sample(const QString &name, const MetricLabels &labels, double value);
    QByteArray text() const { return m_text.toUtf8(); }

private:
    QString m_text;
};

} // namespace scaledeck
