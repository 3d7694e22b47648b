// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "sparklinedelegate.h"

#include "clustermodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace scaledeck {

SparklineDelegate::SparklineDelegate(const ClusterModel *model, int rowHeight, QObject *parent)
    : QStyledItemDelegate(parent), m_model(model), m_rowHeight(rowHeight)
{
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), m_rowHeight));
    return size;
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index); // background, selection, focus
    const RateSeries *series = m_model->rateHistory(index);
    if (!series || series->points.size() < 2)
        return;
    const QRectF area = QRectF(option.rect).adjusted(4, 5, -4, -5);
    const qint64 first = series->points.front().atUtc.toMSecsSinceEpoch();
    const double span = std::max<qint64>(1, series->points.back().atUtc.toMSecsSinceEpoch() - first);
    const double high =
        std::max_element(series->points.begin(), series->points.end(), [](const auto &a, const auto &b) {
            return a.perSecond < b.perSecond;
        })->perSecond;
    const double scale = high > 0 ? area.height() / high : 0; // all idle: a flat line at the bottom
    QPainterPath path;
    for (size_t i = 0; i < series->points.size(); ++i) {
        const RatePoint &point = series->points[i];
        const QPointF at(area.left() + area.width() * double(point.atUtc.toMSecsSinceEpoch() - first) / span,
                         area.bottom() - point.perSecond * scale);
        if (i == 0)
            path.moveTo(at);
        else
            path.lineTo(at);
    }
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // The palette's highlight colour reads on light and dark rows alike (a dark palette often keeps Qt's pure blue
    // link colour, which does not); the highlighted text's on a selected row.
    painter->setPen(QPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight), 1.5));
    painter->drawPath(path);
    painter->restore();
}

} // namespace scaledeck
