// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "weekgridcursor.h"

#include <algorithm>

namespace scaledeck {

QRect WeekGridCursor::selection() const
{
    return QRect(QPoint(std::min(m_cursor.x(), m_anchor.x()), std::min(m_cursor.y(), m_anchor.y())),
                 QPoint(std::max(m_cursor.x(), m_anchor.x()), std::max(m_cursor.y(), m_anchor.y())));
}

void WeekGridCursor::moveBy(int days, int quarters, bool extend)
{
    moveTo(m_cursor.y() + days, m_cursor.x() + quarters, extend);
}

void WeekGridCursor::moveTo(int day, int quarter, bool extend)
{
    m_cursor = QPoint(std::clamp(quarter, 0, m_quarters - 1), std::clamp(day, 0, m_days - 1));
    if (!extend)
        collapse();
}

bool WeekGridCursor::followKey(int key, Qt::KeyboardModifiers modifiers)
{
    const bool extend = modifiers & Qt::ShiftModifier;
    const int step = modifiers & Qt::ControlModifier ? 4 : 1;
    switch (key) {
    case Qt::Key_Left:
        moveBy(0, -step, extend);
        return true;
    case Qt::Key_Right:
        moveBy(0, step, extend);
        return true;
    case Qt::Key_Up:
        moveBy(-1, 0, extend);
        return true;
    case Qt::Key_Down:
        moveBy(1, 0, extend);
        return true;
    case Qt::Key_Home:
        moveTo(m_cursor.y(), 0, extend);
        return true;
    case Qt::Key_End:
        moveTo(m_cursor.y(), m_quarters - 1, extend);
        return true;
    default:
        return false;
    }
}

} // namespace scaledeck
