// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStyledItemDelegate>

namespace scaledeck {

class ClusterModel;

// The last hour of a row's request rates as a small line in its cell (ClusterModel::TrendColumn). The view
// paints only the cells it shows; a paint reads the model's series in place and allocates nothing but the path.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    SparklineDelegate(const ClusterModel *model, int rowHeight, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    const ClusterModel *m_model;
    int m_rowHeight; // as the other columns' delegate: every row the editors' height
};

} // namespace scaledeck
