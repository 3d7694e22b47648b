// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pulledtableview.h"

#include "guiactivity.h"

#include <QHeaderView>

#include <algorithm>

namespace scaledeck {

namespace {
// A header: the cells' data changing is nothing to it.
class CellBlindHeader : public QHeaderView {
public:
    using QHeaderView::QHeaderView;

protected:
    void dataChanged(const QModelIndex &, const QModelIndex &, const QList<int> &) override {}
    // Marked for the stall monitor: fitting the columns to their contents is the header's delayed work.
    void timerEvent(QTimerEvent *event) override
    {
        GuiActivity activity("table header layout");
        QHeaderView::timerEvent(event);
    }
    void paintEvent(QPaintEvent *event) override
    {
        GuiActivity activity("table header paint");
        QHeaderView::paintEvent(event);
    }
};

// As QTableView sets up its own headers.
QHeaderView *header(Qt::Orientation orientation, QWidget *parent)
{
    auto *header = new CellBlindHeader(orientation, parent);
    header->setSectionsClickable(true);
    header->setHighlightSections(true);
    return header;
}
} // namespace

PulledTableView::PulledTableView(QWidget *parent) : QTableView(parent)
{
    setHorizontalHeader(header(Qt::Horizontal, this));
    setVerticalHeader(header(Qt::Vertical, this));
}

void PulledTableView::paintEvent(QPaintEvent *event)
{
    GuiActivity activity("table paint");
    QTableView::paintEvent(event);
}

void PulledTableView::updateGeometries()
{
    GuiActivity activity("table layout");
    QTableView::updateGeometries();
}

void PulledTableView::timerEvent(QTimerEvent *event)
{
    GuiActivity activity("table layout");
    QTableView::timerEvent(event);
}

void PulledTableView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft == bottomRight || topLeft.parent().isValid()) {
        QTableView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // The rows and columns on screen: a row or column off either edge is -1 (none, or the end of the table).
    const int rows = model()->rowCount();
    const int columns = model()->columnCount();
    const int firstRow = std::max(topLeft.row(), std::max(0, rowAt(0)));
    const int lastVisibleRow = rowAt(viewport()->height() - 1);
    const int lastRow = std::min(bottomRight.row(), lastVisibleRow < 0 ? rows - 1 : lastVisibleRow);
    const int firstColumn = std::max(topLeft.column(), std::max(0, columnAt(0)));
    const int lastVisibleColumn = columnAt(viewport()->width() - 1);
    const int lastColumn = std::min(bottomRight.column(), lastVisibleColumn < 0 ? columns - 1 : lastVisibleColumn);
    if (firstRow > lastRow || firstColumn > lastColumn)
        return; // nothing of it on screen: the rows read the model when they scroll in
    QTableView::dataChanged(model()->index(firstRow, firstColumn), model()->index(lastRow, lastColumn), roles);
}

} // namespace scaledeck
