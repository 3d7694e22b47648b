// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "weekgridwidget.h"

#include "contrast.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTimeZone>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace scaledeck {

namespace {

constexpr int kMinCellWidth = 4;
constexpr int kPreferredCellWidth = 7;
constexpr int kMinRowHeight = 16;
constexpr int kPreferredRowHeight = 26;
constexpr int kRightMargin = 10;
constexpr double kHue = 212.0 / 360.0; // one blue hue; the count is its depth
const QColor kNowColour(0xd3, 0x2f, 0x2f);
const QColor kNowColourOnDark(0xff, 0x6e, 0x6e); // the same red, lighter: on a dark palette's cells

QString dayName(int day)
{
    static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    return QString::fromLatin1(names[day]);
}

QString quarterTime(int quarter)
{
    return QStringLiteral("%1:%2")
        .arg(quarter / 4, 2, 10, QLatin1Char('0'))
        .arg(quarter % 4 * 15, 2, 10, QLatin1Char('0'));
}

} // namespace

WeekGridWidget::WeekGridWidget(QWidget *parent) : QWidget(parent)
{
    setCursor(Qt::CrossCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Weekly pattern"));
    updateAccessibleDescription();
}

void WeekGridWidget::setGrid(const WeekGrid &grid)
{
    if (grid == m_grid)
        return;
    m_grid = grid;
    updateAccessibleDescription(); // the cursor cell's count
    update();
}

void WeekGridWidget::setBrushCount(int count)
{
    m_brush = std::max(0, count);
}

void WeekGridWidget::setNow(const QDateTime &local)
{
    if (local == m_now && local.timeZone() == m_now.timeZone())
        return;
    m_now = local;
    update();
}

void WeekGridWidget::setInteractive(bool interactive)
{
    m_interactive = interactive;
    m_dragging = false;
    setCursor(interactive ? Qt::CrossCursor : Qt::ForbiddenCursor);
    update();
}

int WeekGridWidget::labelWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("Wed")) + 12;
}

int WeekGridWidget::headerHeight() const
{
    return fontMetrics().height() + 6;
}

int WeekGridWidget::legendHeight() const
{
    return fontMetrics().height() + 14;
}

QRectF WeekGridWidget::gridArea() const
{
    const double left = labelWidth();
    const double top = headerHeight();
    const double width = std::max(1, this->width() - labelWidth() - kRightMargin);
    const double height = std::max(1, this->height() - headerHeight() - legendHeight());
    return {left, top, width, height};
}

QRect WeekGridWidget::cellRect(int day, int quarter) const
{
    const QRectF area = gridArea();
    const double cellWidth = area.width() / kQuarters;
    const double rowHeight = area.height() / kDays;
    const int x0 = int(std::lround(area.left() + quarter * cellWidth));
    const int x1 = int(std::lround(area.left() + (quarter + 1) * cellWidth));
    const int y0 = int(std::lround(area.top() + day * rowHeight));
    const int y1 = int(std::lround(area.top() + (day + 1) * rowHeight));
    return {x0, y0, x1 - x0, y1 - y0};
}

QPoint WeekGridWidget::cellAt(const QPoint &pos, bool clamp) const
{
    const QRectF area = gridArea();
    int quarter = int(std::floor((pos.x() - area.left()) / (area.width() / kQuarters)));
    int day = int(std::floor((pos.y() - area.top()) / (area.height() / kDays)));
    if (clamp) {
        quarter = std::clamp(quarter, 0, kQuarters - 1);
        day = std::clamp(day, 0, kDays - 1);
    } else if (quarter < 0 || quarter >= kQuarters || day < 0 || day >= kDays) {
        return {-1, -1};
    }
    return {quarter, day};
}

void WeekGridWidget::paint(int dayFrom, int dayTo, int quarterFrom, int quarterTo, int count)
{
    const int firstDay = std::clamp(std::min(dayFrom, dayTo), 0, kDays - 1);
    const int lastDay = std::clamp(std::max(dayFrom, dayTo), 0, kDays - 1);
    const int firstQuarter = std::clamp(std::min(quarterFrom, quarterTo), 0, kQuarters - 1);
    const int lastQuarter = std::clamp(std::max(quarterFrom, quarterTo), 0, kQuarters - 1);
    count = std::max(0, count);
    for (int day = firstDay; day <= lastDay; ++day) {
        for (int quarter = firstQuarter; quarter <= lastQuarter; ++quarter)
            m_grid[std::size_t(day * kQuarters + quarter)] = count;
    }
    updateAccessibleDescription();
    update();
    Q_EMIT rangePainted(firstDay, lastDay, firstQuarter, lastQuarter, count);
    Q_EMIT gridEdited(m_grid);
}

QString WeekGridWidget::cellDescription(int day, int quarter) const
{
    const int count = m_grid[std::size_t(day * kQuarters + quarter)];
    const QString end = quarter + 1 == kQuarters ? QStringLiteral("24:00") : quarterTime(quarter + 1);
    const QString replicas = tr("%n replica(s)", nullptr, count);
    return QStringLiteral("%1 %2-%3: %4").arg(dayName(day), quarterTime(quarter), end, replicas);
}

QColor WeekGridWidget::colourFor(int count, int maximum) const
{
    if (count <= 0)
        return palette().color(QPalette::Base);
    const double depth = std::clamp(double(count) / std::max(1, maximum), 0.0, 1.0);
    // From a light tint at the smallest count to a deep, saturated blue at the maximum.
    return QColor::fromHslF(kHue, 0.45 + 0.4 * depth, 0.80 - 0.45 * depth);
}

QColor WeekGridWidget::textOn(const QColor &fill)
{
    // By contrast, not lightness: a mid blue of lightness 0.5 reads better with black than with white.
    return contrastRatio(fill, Qt::white) >= contrastRatio(fill, Qt::black) ? QColor(Qt::white) : QColor(Qt::black);
}

QColor WeekGridWidget::nowColour() const
{
    const QColor base = palette().color(QPalette::Base);
    return contrastRatio(kNowColour, base) >= contrastRatio(kNowColourOnDark, base) ? kNowColour : kNowColourOnDark;
}

int WeekGridWidget::scaleMaximum() const
{
    int maximum = *std::max_element(m_grid.begin(), m_grid.end());
    if (m_dragging)
        maximum = std::max(maximum, m_brush);
    return std::max(1, maximum);
}

bool WeekGridWidget::inDrag(int day, int quarter) const
{
    return m_dragging && day >= std::min(m_dragAnchor.y(), m_dragCurrent.y()) &&
           day <= std::max(m_dragAnchor.y(), m_dragCurrent.y()) &&
           quarter >= std::min(m_dragAnchor.x(), m_dragCurrent.x()) &&
           quarter <= std::max(m_dragAnchor.x(), m_dragCurrent.x());
}

QSize WeekGridWidget::sizeHint() const
{
    return {labelWidth() + kQuarters * kPreferredCellWidth + kRightMargin,
            headerHeight() + kDays * kPreferredRowHeight + legendHeight()};
}

QSize WeekGridWidget::minimumSizeHint() const
{
    return {labelWidth() + kQuarters * kMinCellWidth + kRightMargin,
            headerHeight() + kDays * kMinRowHeight + legendHeight()};
}

bool WeekGridWidget::event(QEvent *event)
{
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        update(); // the keyboard cursor shows only while the grid has the focus
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() < 0) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), cellDescription(cell.y(), cell.x()), this,
                               cellRect(cell.y(), cell.x()));
        }
        return true;
    }
    return QWidget::event(event);
}

void WeekGridWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect outline = cellRect(0, 0).united(cellRect(kDays - 1, kQuarters - 1));
    const int maximum = scaleMaximum();
    paintCells(painter, maximum);
    paintLines(painter, outline);
    paintDayLabels(painter);
    paintHourLabels(painter);
    if (m_dragging)
        paintDragRectangle(painter);
    if (m_now.isValid())
        paintNow(painter, outline);
    if (hasFocus())
        paintKeyboardCursor(painter);
    if (!m_interactive) {
        QColor veil = palette().color(QPalette::Window);
        veil.setAlpha(110);
        painter.fillRect(outline, veil);
    }
    paintLegend(painter, maximum);
}

QColor WeekGridWidget::textColour() const
{
    return palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText);
}

int WeekGridWidget::today() const
{
    return m_now.isValid() ? m_now.date().dayOfWeek() - 1 : -1;
}

// Cells, as runs of one colour per row.
void WeekGridWidget::paintCells(QPainter &painter, int maximum) const
{
    for (int day = 0; day < kDays; ++day) {
        int quarter = 0;
        while (quarter < kQuarters) {
            const bool dragged = inDrag(day, quarter);
            const int count = dragged ? m_brush : m_grid[std::size_t(day * kQuarters + quarter)];
            int end = quarter + 1;
            while (end < kQuarters && inDrag(day, end) == dragged &&
                   (dragged ? m_brush : m_grid[std::size_t(day * kQuarters + end)]) == count)
                ++end;
            painter.fillRect(cellRect(day, quarter).united(cellRect(day, end - 1)), colourFor(count, maximum));
            quarter = end;
        }
    }
}

// Hour lines (stronger every six hours), day separators and the outline.
void WeekGridWidget::paintLines(QPainter &painter, const QRect &outline) const
{
    QColor hourLine = palette().color(QPalette::Mid);
    hourLine.setAlpha(70);
    QColor sixHourLine = palette().color(QPalette::Dark);
    sixHourLine.setAlpha(160);
    for (int hour = 1; hour < 24; ++hour) {
        const int x = cellRect(0, hour * 4).left();
        painter.setPen(hour % 6 == 0 ? sixHourLine : hourLine);
        painter.drawLine(x, outline.top(), x, outline.bottom());
    }
    painter.setPen(sixHourLine);
    for (int day = 1; day < kDays; ++day) {
        const int y = cellRect(day, 0).top();
        painter.drawLine(outline.left(), y, outline.right(), y);
    }
    painter.setPen(palette().color(QPalette::Dark));
    painter.drawRect(outline.adjusted(0, 0, -1, -1));
}

// Day labels, the current day in bold.
void WeekGridWidget::paintDayLabels(QPainter &painter) const
{
    for (int day = 0; day < kDays; ++day) {
        QFont font = this->font();
        font.setBold(day == today());
        painter.setFont(font);
        painter.setPen(textColour());
        const QRect row = cellRect(day, 0);
        painter.drawText(QRect(0, row.top(), labelWidth() - 6, row.height()), Qt::AlignRight | Qt::AlignVCenter,
                         dayName(day));
    }
    painter.setFont(font());
}

// Hour labels: as many as fit without touching.
void WeekGridWidget::paintHourLabels(QPainter &painter) const
{
    const double hourWidth = gridArea().width() / 24;
    const int labelSpace = fontMetrics().horizontalAdvance(QStringLiteral("00")) + 8;
    int step = 1;
    for (int candidate : {1, 2, 3, 4, 6, 12}) {
        step = candidate;
        if (hourWidth * candidate >= labelSpace)
            break;
    }
    painter.setPen(textColour());
    for (int hour = 0; hour < 24; hour += step) {
        const int x = cellRect(0, hour * 4).left();
        const QString label = QStringLiteral("%1").arg(hour, 2, 10, QLatin1Char('0'));
        const int labelWidth = fontMetrics().horizontalAdvance(label);
        const int left = hour == 0 ? x : x - labelWidth / 2;
        painter.drawText(QRect(left, 0, labelWidth + 2, headerHeight() - 2), Qt::AlignLeft | Qt::AlignBottom, label);
    }
}

void WeekGridWidget::paintDragRectangle(QPainter &painter) const
{
    const QRect first =
        cellRect(std::min(m_dragAnchor.y(), m_dragCurrent.y()), std::min(m_dragAnchor.x(), m_dragCurrent.x()));
    const QRect last =
        cellRect(std::max(m_dragAnchor.y(), m_dragCurrent.y()), std::max(m_dragAnchor.x(), m_dragCurrent.x()));
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawRect(first.united(last).adjusted(1, 1, -1, -1));
}

// Now: a thin line through the week at the time of day, thick across today's row.
void WeekGridWidget::paintNow(QPainter &painter, const QRect &outline) const
{
    const QRectF area = gridArea();
    const QTime time = m_now.time();
    const double minutes = time.hour() * 60 + time.minute() + time.second() / 60.0;
    const double x = area.left() + minutes / 15.0 * (area.width() / kQuarters);
    QColor faint = nowColour();
    faint.setAlpha(110);
    painter.setPen(QPen(faint, 1));
    painter.drawLine(QPointF(x, outline.top()), QPointF(x, outline.bottom()));
    const QRect row = cellRect(today(), 0);
    painter.setPen(QPen(nowColour(), 3));
    painter.drawLine(QPointF(x, row.top()), QPointF(x, row.bottom()));
}

void WeekGridWidget::paintLegend(QPainter &painter, int maximum) const
{
    const QFontMetrics metrics = fontMetrics();
    const int top = height() - legendHeight() + 6;
    const int swatchHeight = metrics.height() + 4;
    int x = labelWidth();
    const QString title = tr("Replicas:");
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(x, top, metrics.horizontalAdvance(title) + 4, swatchHeight), Qt::AlignVCenter, title);
    x += metrics.horizontalAdvance(title) + 8;

    // Every count up to 12, beyond that a few steps; each swatch names its count.
    std::vector<int> counts;
    if (maximum <= 12) {
        for (int count = 0; count <= maximum; ++count)
            counts.push_back(count);
    } else {
        for (int step = 0; step <= 6; ++step)
            counts.push_back(int(std::lround(maximum * step / 6.0)));
    }
    const int swatchWidth = std::max(metrics.horizontalAdvance(QString::number(maximum)) + 10, swatchHeight + 4);
    for (int count : counts) {
        const QRect swatch(x, top, swatchWidth, swatchHeight);
        const QColor fill = colourFor(count, maximum);
        painter.fillRect(swatch, fill);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(swatch.adjusted(0, 0, -1, -1));
        painter.setPen(textOn(fill));
        painter.drawText(swatch, Qt::AlignCenter, QString::number(count));
        x += swatchWidth + 2;
    }

    if (m_now.isValid()) {
        x += 14;
        painter.setPen(QPen(nowColour(), 3));
        painter.drawLine(x, top + 2, x, top + swatchHeight - 2);
        painter.setPen(palette().color(QPalette::WindowText));
        const QString now = tr("now (%1)").arg(m_now.toString(QStringLiteral("ddd HH:mm")));
        painter.drawText(QRect(x + 6, top, metrics.horizontalAdvance(now) + 4, swatchHeight), Qt::AlignVCenter, now);
    }
}

void WeekGridWidget::mousePressEvent(QMouseEvent *event)
{
    if (!m_interactive || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.x() < 0)
        return;
    m_dragging = true;
    m_dragAnchor = m_dragCurrent = cell;
    m_cursor.moveTo(cell.y(), cell.x(), false); // the keyboard goes on from where the mouse was
    updateAccessibleDescription();
    update();
}

void WeekGridWidget::mouseMoveEvent(QMouseEvent *event)
{
    // Followed by our own drag state, not event->buttons(): synthetic moves may not carry the button.
    if (!m_dragging) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    const QPoint cell = cellAt(event->position().toPoint(), true);
    if (cell != m_dragCurrent) {
        m_dragCurrent = cell;
        update();
    }
}

void WeekGridWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_dragCurrent = cellAt(event->position().toPoint(), true);
    m_dragging = false;
    paint(m_dragAnchor.y(), m_dragCurrent.y(), m_dragAnchor.x(), m_dragCurrent.x(), m_brush);
}

// The selection's outline, and the cursor cell in a frame of its own, so both show on any colour.
void WeekGridWidget::paintKeyboardCursor(QPainter &painter) const
{
    const QRect selection = m_cursor.selection();
    const QColor highlight = palette().color(QPalette::Highlight);
    if (m_cursor.spansCells()) {
        const QRect area =
            cellRect(selection.top(), selection.left()).united(cellRect(selection.bottom(), selection.right()));
        painter.setPen(QPen(highlight, 2, Qt::DashLine));
        painter.drawRect(area.adjusted(1, 1, -1, -1));
    }
    const QRect cell = cellRect(m_cursor.cell().y(), m_cursor.cell().x()).adjusted(-1, -1, 0, 0);
    painter.setPen(QPen(palette().color(QPalette::Base), 3));
    painter.drawRect(cell);
    painter.setPen(QPen(highlight, 2));
    painter.drawRect(cell);
}

void WeekGridWidget::keyPressEvent(QKeyEvent *event)
{
    if (m_cursor.followKey(event->key(), event->modifiers())) {
        updateAccessibleDescription();
        update();
        return;
    }
    const int key = event->key();
    if (key == Qt::Key_Space || key == Qt::Key_Return || key == Qt::Key_Enter) {
        paintKeyboardSelection();
        return;
    }
    if (key >= Qt::Key_0 && key <= Qt::Key_9 && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        setBrushCount(key - Qt::Key_0);
        Q_EMIT brushCountEdited(m_brush);
        return;
    }
    if (key == Qt::Key_Escape && m_cursor.spansCells()) { // else Esc is the dialog's
        m_cursor.collapse();
        updateAccessibleDescription();
        update();
        return;
    }
    QWidget::keyPressEvent(event);
}

// What a drag over the same cells does (nothing while the text form has an error).
void WeekGridWidget::paintKeyboardSelection()
{
    if (!m_interactive)
        return;
    const QRect selection = m_cursor.selection();
    paint(selection.top(), selection.bottom(), selection.left(), selection.right(), m_brush);
}

// "Tue 07:15-07:30: 2 replicas", and "; selected Tue-Wed 07:00-08:00" when Space would paint more than that cell.
void WeekGridWidget::updateAccessibleDescription()
{
    const QPoint cell = m_cursor.cell();
    QString text = cellDescription(cell.y(), cell.x());
    if (m_cursor.spansCells()) {
        const QRect selection = m_cursor.selection();
        const QString end =
            selection.right() + 1 == kQuarters ? QStringLiteral("24:00") : quarterTime(selection.right() + 1);
        text += QLatin1String("; ") +
                tr("selected %1-%2 %3-%4")
                    .arg(dayName(selection.top()), dayName(selection.bottom()), quarterTime(selection.left()), end);
    }
    if (text != accessibleDescription())
        setAccessibleDescription(text);
}

} // namespace scaledeck
