// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "exposition.h"

#include <QStringList>

#include <cmath>

namespace scaledeck {

namespace {
QString typeName(ExpositionWriter::Type type)
{
    switch (type) {
    case ExpositionWriter::Type::Counter:
        return QStringLiteral("counter");
    case ExpositionWriter::Type::Gauge:
        return QStringLiteral("gauge");
    case ExpositionWriter::Type::Histogram:
        return QStringLiteral("histogram");
    }
    return QStringLiteral("untyped");
}
} // namespace

QString escapeLabelValue(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\\\");
        else if (c == QLatin1Char('"'))
            escaped += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else
            escaped += c;
    }
    return escaped;
}

QString escapeHelp(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return escaped;
}

QString formatSampleValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    // Up to 15 significant digits: whole counts print as integers, and a double's noise is not shown.
    return QString::number(value, 'g', 15);
}

void ExpositionWriter::family(const QString &name, Type type, const QString &help)
{
    m_text += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(name, escapeHelp(help), typeName(type));
}

void ExpositionWriter::sample(const QString &name, const MetricLabels &labels, double value)
{
    m_text += name;
    if (!labels.empty()) {
        QStringList pairs;
        for (const auto &[label, labelValue] : labels)
            pairs.append(QStringLiteral("%1=\"%2\"").arg(label, escapeLabelValue(labelValue)));
        m_text += QLatin1Char('{') + pairs.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    m_text += QLatin1Char(' ') + formatSampleValue(value) + QLatin1Char('\n');
}

} // namespace scaledeck
