// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPoint>
#include <QRect>
#include <qnamespace.h>

namespace scaledeck {

// The keyboard's place in a grid of days x quarter hours: a cursor cell, and the cell a selection was started
// from (the anchor); the selection is the rectangle between the two. Moving drops the selection onto the cursor,
// extending keeps the anchor where it is. Cells stay inside the grid.
class WeekGridCursor {
public:
    WeekGridCursor(int days, int quarters) : m_days(days), m_quarters(quarters) {}

    QPoint cell() const { return m_cursor; } // x = quarter, y = day, as WeekGridWidget::cellAt()
    QRect selection() const;                 // x: quarters, y: days, both ends inclusive
    bool spansCells() const { return m_cursor != m_anchor; }

    void moveBy(int days, int quarters, bool extend);
    void moveTo(int day, int quarter, bool extend);
    void collapse() { m_anchor = m_cursor; }
    // Arrows move by a cell (Left/Right with Ctrl by an hour of 4 quarters), Home/End go to the day's first and
    // last quarter; with Shift the selection grows from where it started. False for any other key.
    bool followKey(int key, Qt::KeyboardModifiers modifiers);

private:
    int m_days;
    int m_quarters;
    QPoint m_cursor;
    QPoint m_anchor;
};

} // namespace scaledeck
