// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "texttablemodel.h"

namespace scaledeck {

TextTableModel::TextTableModel(QStringList headers, QString alignment, QObject *parent)
    : QAbstractTableModel(parent), m_headers(std::move(headers)), m_alignment(std::move(alignment))
{
}

void TextTableModel::setRows(std::vector<QStringList> rows, std::vector<QStringList> toolTips)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_toolTips = std::move(toolTips);
    endResetModel();
}

void TextTableModel::insertRowsAt(int row, std::vector<QStringList> rows, std::vector<QStringList> toolTips)
{
    if (rows.empty() || row < 0 || row > rowCount())
        return;
    // The tooltips, kept as long as the rows, are shorter when the table was filled without them.
    m_toolTips.resize(m_rows.size());
    toolTips.resize(rows.size());
    beginInsertRows(QModelIndex(), row, row + int(rows.size()) - 1);
    m_rows.insert(m_rows.begin() + row, std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    m_toolTips.insert(m_toolTips.begin() + row, std::make_move_iterator(toolTips.begin()),
                      std::make_move_iterator(toolTips.end()));
    endInsertRows();
}

void TextTableModel::replaceRow(int row, QStringList texts, QStringList toolTips)
{
    if (row < 0 || row >= rowCount())
        return;
    m_toolTips.resize(m_rows.size());
    m_rows[size_t(row)] = std::move(texts);
    m_toolTips[size_t(row)] = std::move(toolTips);
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void TextTableModel::removeRowsFrom(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows(QModelIndex(), row, rowCount() - 1);
    m_rows.resize(size_t(row));
    if (m_toolTips.size() > m_rows.size())
        m_toolTips.resize(m_rows.size());
    endRemoveRows();
}

int TextTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TextTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant TextTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()) || index.column() >= m_headers.size())
        return QVariant();
    const QStringList &row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() < row.size() ? row[index.column()] : QString();
    case Qt::ToolTipRole: {
        if (size_t(index.row()) >= m_toolTips.size())
            return QVariant();
        const QString tip = m_toolTips[size_t(index.row())].value(index.column());
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return index.column() < m_alignment.size() && m_alignment[index.column()] == QLatin1Char('R')
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return QVariant();
    }
}

QVariant TextTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size())
        return m_headers[section];
    return QVariant();
}

} // namespace scaledeck
