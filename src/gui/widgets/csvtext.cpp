// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "csvtext.h"

#include <QAbstractItemModel>
#include <QStringList>

namespace scaledeck {

QString csvField(const QString &text)
{
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                       text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')) ||
                       (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()));
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString toCsv(const QAbstractItemModel &model)
{
    QString out;
    const int columns = model.columnCount();
    QStringList fields;
    for (int column = 0; column < columns; ++column)
        fields.append(csvField(model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()));
    out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int row = 0; row < model.rowCount(); ++row) {
        fields.clear();
        for (int column = 0; column < columns; ++column)
            fields.append(csvField(model.data(model.index(row, column), Qt::DisplayRole).toString()));
        out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

} // namespace scaledeck
