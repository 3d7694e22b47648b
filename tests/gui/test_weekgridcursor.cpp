// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The week grid's keyboard cursor: keys move it inside the grid, Shift spans a rectangle from where it started.
#include "weekgridcursor.h"

#include <QTest>

using namespace scaledeck;

class TestWeekGridCursor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keys_data();
    void keys();
    void otherKeysAreNotTheCursors();
};

namespace {
struct Press {
    int key;
    Qt::KeyboardModifiers modifiers = Qt::NoModifier;
};
} // namespace
Q_DECLARE_METATYPE(QList<Press>)

void TestWeekGridCursor::keys_data()
{
    QTest::addColumn<QList<Press>>("presses");
    QTest::addColumn<QPoint>("cell");     // x = quarter, y = day
    QTest::addColumn<QRect>("selection"); // x: quarters, y: days

    const Qt::KeyboardModifiers shift = Qt::ShiftModifier;
    QTest::newRow("starts at Monday 00:00") << QList<Press>{} << QPoint(0, 0) << QRect(0, 0, 1, 1);
    QTest::newRow("stays inside at the top left")
        << QList<Press>{{Qt::Key_Left}, {Qt::Key_Up}} << QPoint(0, 0) << QRect(0, 0, 1, 1);
    QTest::newRow("Ctrl+Right is an hour")
        << QList<Press>{{Qt::Key_Right, Qt::ControlModifier}} << QPoint(4, 0) << QRect(4, 0, 1, 1);
    QTest::newRow("End, then Right stays on the last quarter")
        << QList<Press>{{Qt::Key_End}, {Qt::Key_Right}} << QPoint(95, 0) << QRect(95, 0, 1, 1);
    QTest::newRow("stays inside at Sunday")
        << QList<Press>{{Qt::Key_Down}, {Qt::Key_Down}, {Qt::Key_Down}, {Qt::Key_Down},
                        {Qt::Key_Down}, {Qt::Key_Down}, {Qt::Key_Down}, {Qt::Key_Down}}
        << QPoint(0, 6) << QRect(0, 6, 1, 1);
    QTest::newRow("Shift spans from where it started")
        << QList<Press>{{Qt::Key_Right}, {Qt::Key_Down, shift}, {Qt::Key_Right, shift}, {Qt::Key_Right, shift}}
        << QPoint(3, 1) << QRect(1, 0, 3, 2);
    QTest::newRow("spanning back past the start")
        << QList<Press>{{Qt::Key_End}, {Qt::Key_Left, shift}, {Qt::Key_Home, shift}} << QPoint(0, 0)
        << QRect(0, 0, 96, 1);
    QTest::newRow("an arrow without Shift drops the span")
        << QList<Press>{{Qt::Key_Down, shift}, {Qt::Key_Right, shift}, {Qt::Key_Right}} << QPoint(2, 1)
        << QRect(2, 1, 1, 1);
}

void TestWeekGridCursor::keys()
{
    QFETCH(QList<Press>, presses);
    QFETCH(QPoint, cell);
    QFETCH(QRect, selection);
    WeekGridCursor cursor(7, 96);
    for (const Press &press : presses)
        QVERIFY(cursor.followKey(press.key, press.modifiers));
    QCOMPARE(cursor.cell(), cell);
    QCOMPARE(cursor.selection(), selection);
    QCOMPARE(cursor.spansCells(), selection.width() * selection.height() > 1);
}

void TestWeekGridCursor::otherKeysAreNotTheCursors()
{
    WeekGridCursor cursor(7, 96);
    for (int key : {int(Qt::Key_Space), int(Qt::Key_Return), int(Qt::Key_3), int(Qt::Key_Escape), int(Qt::Key_Tab)})
        QVERIFY(!cursor.followKey(key, Qt::NoModifier));
    QCOMPARE(cursor.cell(), QPoint(0, 0));
}

QTEST_GUILESS_MAIN(TestWeekGridCursor)
#include "test_weekgridcursor.moc"
