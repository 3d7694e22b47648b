// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace scaledeck {

// A read-only table of display texts and their tooltips (the cost view's tables). It is filled in one go with
// setRows(): one model reset for thousands of rows, where a QTableWidget would emit a signal (and re-measure a column)
// per cell.
class TextTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // `alignment` has one letter a column: 'L' left, 'R' right (numbers).
    TextTableModel(QStringList headers, QString alignment, QObject *parent = nullptr);

    // `toolTips`, optional, has the same shape: a cell's tooltip (an empty one shows none).
    void setRows(std::vector<QStringList> rows, std::vector<QStringList> toolTips = {});
    // Changes in place, for a table refreshed often where little changes (the audit log): rows inserted before
    // `row`, one row replaced, the rows from `row` on removed. A view keeps its scroll position and selection.
    void insertRowsAt(int row, std::vector<QStringList> rows, std::vector<QStringList> toolTips = {});
    void replaceRow(int row, QStringList texts, QStringList toolTips = {});
    void removeRowsFrom(int row);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    QString m_alignment;
    std::vector<QStringList> m_rows;
    std::vector<QStringList> m_toolTips;
};

} // namespace scaledeck
