// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "weekgrid.h"
#include "weekgridcursor.h"

#include <QDateTime>
#include <QWidget>

class QPainter;

namespace scaledeck {

// A schedule's weekly pattern as 7 rows (Mon..Sun) of 96 quarter hours, coloured by replica count, with a
// line at the current time. Dragging paints a rectangle (days x quarter hours) with the brush count; the
// grid is painted by the widget itself, so it stays cheap at any size. From the keyboard: the arrows move a
// cursor cell (Ctrl+Left/Right by an hour, Home/End to the day's ends), Shift with them spans a rectangle,
// Space or Enter paints it, a digit 0-9 sets the brush. The accessible description names the cursor cell.
class WeekGridWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDays = 7;
    static constexpr int kQuarters = 96;

    explicit WeekGridWidget(QWidget *parent = nullptr);

    const WeekGrid &grid() const { return m_grid; }
    void setGrid(const WeekGrid &grid); // shows it; emits nothing

    int brushCount() const { return m_brush; }
    void setBrushCount(int count);

    // The current time in the schedule's zone; an invalid QDateTime hides the line.
    void setNow(const QDateTime &local);
    QDateTime now() const { return m_now; }

    // When off, the grid is shown as it is and the mouse does not paint (the text form has an error).
    void setInteractive(bool interactive);
    bool isInteractive() const { return m_interactive; }

    // Where a cell is drawn, in widget coordinates (for tests: its centre is inside it).
    QRect cellRect(int day, int quarter) const;
    // The cell under `pos`, clamped to the grid when `clamp`; {-1, -1} when outside and not clamped.
    QPoint cellAt(const QPoint &pos, bool clamp = false) const; // x = quarter, y = day

    // What a drag does: days dayFrom..dayTo and quarters quarterFrom..quarterTo (inclusive, any order) take
    // `count`; then rangePainted and gridEdited are emitted.
    void paint(int dayFrom, int dayTo, int quarterFrom, int quarterTo, int count);

    // "Tue 07:15-07:30: 2 replicas"
    QString cellDescription(int day, int quarter) const;
    // The colour of a count on a scale whose darkest end is `maximum`; 0 is the neutral background.
    QColor colourFor(int count, int maximum) const;
    // The text written on a cell or swatch of colour `fill`: black or white, whichever reads better.
    static QColor textOn(const QColor &fill);
    // The "now" line's colour, readable on an empty cell of this palette.
    QColor nowColour() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    QPoint cursorCell() const { return m_cursor.cell(); } // x = quarter, y = day
    QRect keyboardSelection() const { return m_cursor.selection(); }

Q_SIGNALS:
    void brushCountEdited(int count); // a digit typed in the grid
    void rangePainted(int dayFrom, int dayTo, int quarterFrom, int quarterTo, int count);
    void gridEdited(const scaledeck::WeekGrid &grid);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF gridArea() const;
    int labelWidth() const;
    int headerHeight() const;
    int legendHeight() const;
    int scaleMaximum() const;
    bool inDrag(int day, int quarter) const;
    void paintCells(QPainter &painter, int maximum) const;
    void paintLines(QPainter &painter, const QRect &outline) const;
    void paintDayLabels(QPainter &painter) const;
    void paintHourLabels(QPainter &painter) const;
    void paintDragRectangle(QPainter &painter) const;
    void paintNow(QPainter &painter, const QRect &outline) const;
    void paintKeyboardCursor(QPainter &painter) const;
    void paintKeyboardSelection();
    void updateAccessibleDescription();
    void paintLegend(QPainter &painter, int maximum) const;
    QColor textColour() const; // the window text, greyed when disabled
    int today() const;         // 0 = Monday, -1 without a time

    WeekGrid m_grid{};
    int m_brush = 1;
    QDateTime m_now;
    bool m_interactive = true;
    bool m_dragging = false;
    QPoint m_dragAnchor; // x = quarter, y = day
    QPoint m_dragCurrent;
    WeekGridCursor m_cursor{kDays, kQuarters};
};

} // namespace scaledeck
