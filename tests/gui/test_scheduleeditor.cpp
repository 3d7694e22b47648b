// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clock.h"
#include "guitestmain.h"
#include "overridedialog.h"
#include "scheduledisplay.h"
#include "scheduleeditordialog.h"
#include "scheduleevaluator.h"
#include "scheduletext.h"
#include "weekgrid.h"
#include "weekgridwidget.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QTextBlock>

using namespace scaledeck;

namespace {

// Wednesday 2026-11-25 11:00 in Ljubljana (CET, UTC+1).
const QDateTime kNow(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);

const ScheduleTarget kTarget{QStringLiteral("llm"), QStringLiteral("LLM")};

// The example.
const QString kExample = QStringLiteral("tz Europe/Ljubljana\n"
                                        "default 0\n"
                                        "Mon-Fri 07:00-17:00 = 2\n"
                                        "Sun 02:00+30m = 8\n"
                                        "2026-12-24..2026-12-26 = 0\n"
                                        "2026-11-30 18:00-22:00 = 4\n"
                                        "prewarm 10m\n");

Schedule parsed(const QString &text)
{
    const ScheduleParse parse = parseScheduleText(text);
    if (!parse.ok())
        qFatal("fixture does not parse: %s", qPrintable(parse.error->describe()));
    return *parse.schedule;
}

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

int cell(const WeekGrid &grid, int day, int quarter)
{
    return grid[std::size_t(day * 96 + quarter)];
}

QPushButton *saveButton(QDialog &dialog)
{
    return child<QDialogButtonBox>(&dialog, "buttonBox")->button(QDialogButtonBox::Save);
}

QPushButton *okButton(QDialog &dialog)
{
    return child<QDialogButtonBox>(&dialog, "buttonBox")->button(QDialogButtonBox::Ok);
}

void showAndWait(QWidget &widget)
{
    widget.resize(1280, 840);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
}

// Drags on the grid with the mouse from one cell's centre to another's.
void drag(WeekGridWidget *grid, int dayFrom, int quarterFrom, int dayTo, int quarterTo)
{
    const QPoint from = grid->cellRect(dayFrom, quarterFrom).center();
    const QPoint to = grid->cellRect(dayTo, quarterTo).center();
    QTest::mousePress(grid, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(grid, (from + to) / 2);
    QTest::mouseMove(grid, to);
    QTest::mouseRelease(grid, Qt::LeftButton, Qt::NoModifier, to);
}

void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

} // namespace

class TestScheduleEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gridCellGeometryAndTooltip();
    void paintingByMouseWritesTextAndProjection();
    void typingTextUpdatesGrid();
    void syntaxErrorShowsPositionAndKeepsGrid();
    void typingAtAnErrorKeepsTheCursor();
    void paintingKeepsBatchesAndDatedRules();
    void headerControlsRewriteText();
    void parkWhenIdleSpinKeepsMax();
    void acceptParsesPendingText();
    void newScheduleFromEmptyText();
    void transitionsTableMatchesEvaluator();
    void calendarMarksHolidaysAndOneOffs();
    void activeOverrideIsListed();
    void alwaysOnIsTheSchedulesOwnPeak();
    void overrideDialogNextTransition();
    void overrideDialogRefusesPastExpiry();
    void screenshots();
};

void TestScheduleEditor::gridCellGeometryAndTooltip()
{
    WeekGridWidget grid;
    grid.resize(grid.sizeHint());
    WeekGrid cells{};
    cells[std::size_t(1 * 96 + 29)] = 2;
    grid.setGrid(cells);
    for (int day : {0, 3, 6}) {
        for (int quarter : {0, 1, 47, 95}) {
            const QPoint centre = grid.cellRect(day, quarter).center();
            QCOMPARE(grid.cellAt(centre), QPoint(quarter, day));
        }
    }
    QCOMPARE(grid.cellDescription(1, 29), QStringLiteral("Tue 07:15-07:30: 2 replicas"));
    QCOMPARE(grid.cellDescription(6, 95), QStringLiteral("Sun 23:45-24:00: 0 replicas"));
    QVERIFY(grid.colourFor(2, 4) != grid.colourFor(4, 4));
    QVERIFY(grid.colourFor(4, 4).lightness() < grid.colourFor(1, 4).lightness());

    // The test hook paints like a drag, in any corner order, and reports it.
    QSignalSpy edited(&grid, &WeekGridWidget::gridEdited);
    QSignalSpy painted(&grid, &WeekGridWidget::rangePainted);
    grid.paint(4, 0, 67, 28, 2);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(painted.count(), 1);
    QCOMPARE(painted.first(), (QVariantList{0, 4, 28, 67, 2}));
    QCOMPARE(cell(grid.grid(), 0, 28), 2);
    QCOMPARE(cell(grid.grid(), 4, 67), 2);
    QCOMPARE(cell(grid.grid(), 4, 68), 0);
    QCOMPARE(cell(grid.grid(), 5, 30), 0);
}

void TestScheduleEditor::paintingByMouseWritesTextAndProjection()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, QStringLiteral("tz Europe/Ljubljana\ndefault 0\n"), {}, 1.0, &clock);
    showAndWait(dialog);
    auto *grid = child<WeekGridWidget>(&dialog, "weekGrid");
    auto *brush = child<QSpinBox>(&dialog, "brushSpin");
    brush->setValue(2);
    QCOMPARE(grid->brushCount(), 2);

    // Mon 07:00 (quarter 28) to Fri 16:45 (quarter 67, ending 17:00).
    drag(grid, 0, 28, 4, 67);

    const QString text = child<QPlainTextEdit>(&dialog, "textEdit")->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Mon-Fri 07:00-17:00 = 2")), qPrintable(text));
    QCOMPARE(dialog.schedule().weekly.size(), std::size_t(1));
    QCOMPARE(cell(grid->grid(), 0, 27), 0);
    QCOMPARE(cell(grid->grid(), 2, 40), 2);
    QCOMPARE(cell(grid->grid(), 5, 40), 0);
    QVERIFY(dialog.canSave());
    // 2 replicas x 10 h x 5 days of 2 x 168 h always-on.
    const QString projection = child<QLabel>(&dialog, "projectionLabel")->text();
    QVERIFY2(projection.contains(QStringLiteral("100.0 GPU-h of 336.0")), qPrintable(projection));
    QVERIFY2(projection.contains(QStringLiteral("\u221270%")), qPrintable(projection));
    QCOMPARE(dialog.text(), text);
}

void TestScheduleEditor::typingTextUpdatesGrid()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, QStringLiteral("tz UTC\ndefault 1\n"), {}, 1.0, &clock);
    showAndWait(dialog);
    auto *grid = child<WeekGridWidget>(&dialog, "weekGrid");
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    QCOMPARE(cell(grid->grid(), 1, 36), 1);
    QCOMPARE(child<QSpinBox>(&dialog, "defaultSpin")->value(), 1);

    edit->moveCursor(QTextCursor::End);
    QTest::keyClicks(edit, QStringLiteral("Tue 09:00-10:00 = 3"));
    QTRY_COMPARE(cell(grid->grid(), 1, 36), 3);
    QCOMPARE(cell(grid->grid(), 1, 39), 3);
    QCOMPARE(cell(grid->grid(), 1, 40), 1);
    QCOMPARE(cell(grid->grid(), 2, 36), 1);

    edit->setPlainText(QStringLiteral("tz UTC\ndefault 0\nSat,Sun 22:00-24:00 = 5\n"));
    QTRY_COMPARE(cell(grid->grid(), 6, 95), 5);
    QCOMPARE(cell(grid->grid(), 1, 36), 0);
    QCOMPARE(child<QSpinBox>(&dialog, "defaultSpin")->value(), 0);
}

void TestScheduleEditor::syntaxErrorShowsPositionAndKeepsGrid()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, QStringLiteral("tz UTC\ndefault 0\nMon-Fri 07:00-17:00 = 2\n"), {}, 1.0,
                                &clock);
    showAndWait(dialog);
    auto *grid = child<WeekGridWidget>(&dialog, "weekGrid");
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    auto *error = child<QLabel>(&dialog, "errorLabel");
    const WeekGrid before = grid->grid();
    QVERIFY(saveButton(dialog)->isEnabled());
    QVERIFY(error->isHidden());

    const QString broken = QStringLiteral("tz UTC\ndefault 0\nMon-Fri 07:00-7pm = 4\n");
    const ScheduleParseError expected = *parseScheduleText(broken).error;
    QCOMPARE(expected.line, 3);
    edit->setPlainText(broken);
    QTRY_VERIFY(error->isVisible());
    QCOMPARE(error->text(), expected.describe());
    QVERIFY(error->text().startsWith(QStringLiteral("line 3, column %1: ").arg(expected.column)));
    QVERIFY(!saveButton(dialog)->isEnabled());
    QVERIFY(!dialog.canSave());
    QCOMPARE(grid->grid(), before);
    QCOMPARE(edit->textCursor().blockNumber(), 2);
    QCOMPARE(edit->textCursor().positionInBlock(), expected.column - 1);

    // The grid does not paint while the text is broken (the paint would throw the typed text away).
    QVERIFY(!grid->isInteractive());
    drag(grid, 5, 0, 6, 10);
    QCOMPARE(grid->grid(), before);
    QCOMPARE(edit->toPlainText(), broken);

    // Accept refuses; fixing the text brings everything back.
    dialog.accept();
    QVERIFY(dialog.isVisible());
    edit->setPlainText(QStringLiteral("tz UTC\ndefault 0\nMon-Fri 07:00-19:00 = 4\n"));
    QTRY_VERIFY(saveButton(dialog)->isEnabled());
    QVERIFY(error->isHidden());
    QCOMPARE(cell(grid->grid(), 0, 75), 4);
    QVERIFY(grid->isInteractive());
}

void TestScheduleEditor::typingAtAnErrorKeepsTheCursor()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, QStringLiteral("tz UTC\ndefault 0\n"), {}, 1.0, &clock);
    showAndWait(dialog);
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    edit->moveCursor(QTextCursor::End);
    // A pause mid-line: the error is where the operator types, so the cursor stays at the end of what they typed
    // (moving it to the error would put their next keys in front of it).
    QTest::keyClicks(edit, QStringLiteral("Mon 07:00-1"));
    QTRY_VERIFY(!dialog.canSave());
    QCOMPARE(dialog.parseError()->line, 3);
    QCOMPARE(edit->textCursor().blockNumber(), 2);
    QCOMPARE(edit->textCursor().positionInBlock(), 11);
    QTest::keyClicks(edit, QStringLiteral("7:00 = 2"));
    QTRY_VERIFY(dialog.canSave());
    QCOMPARE(edit->toPlainText(), QStringLiteral("tz UTC\ndefault 0\nMon 07:00-17:00 = 2"));
    QCOMPARE(cell(child<WeekGridWidget>(&dialog, "weekGrid")->grid(), 0, 67), 2);
}

void TestScheduleEditor::paintingKeepsBatchesAndDatedRules()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample, {}, 1.0, &clock);
    showAndWait(dialog);
    auto *grid = child<WeekGridWidget>(&dialog, "weekGrid");
    QCOMPARE(cell(grid->grid(), 6, 8), 8); // Sun 02:00, the batch

    // Painting Sunday 00:00-06:00 at 1 replaces weekly windows only: the batch stays, and shows on top.
    grid->setBrushCount(1);
    grid->paint(6, 6, 0, 23, 1);
    const Schedule schedule = dialog.schedule();
    QCOMPARE(schedule.batches.size(), std::size_t(1));
    QCOMPARE(schedule.exceptions.size(), std::size_t(1));
    QCOMPARE(schedule.oneOffs.size(), std::size_t(1));
    QCOMPARE(schedule.prewarmMinutes, 10);
    const QString text = child<QPlainTextEdit>(&dialog, "textEdit")->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Sun 00:00-06:00 = 1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Sun 02:00+30m = 8")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Mon-Fri 07:00-17:00 = 2")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("2026-12-24..2026-12-26 = 0")), qPrintable(text));
    QCOMPARE(cell(grid->grid(), 6, 8), 8);
    QCOMPARE(cell(grid->grid(), 6, 12), 1);

    // Painting the weekdays back to the default removes that window.
    grid->paint(0, 4, 0, 95, 0);
    QVERIFY(!child<QPlainTextEdit>(&dialog, "textEdit")->toPlainText().contains(QStringLiteral("Mon-Fri")));
    QCOMPARE(dialog.schedule().weekly.size(), std::size_t(1));
}

void TestScheduleEditor::headerControlsRewriteText()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample, {}, 1.0, &clock);
    showAndWait(dialog);
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    child<QSpinBox>(&dialog, "defaultSpin")->setValue(1);
    QVERIFY(edit->toPlainText().contains(QStringLiteral("default 1\n")));
    QCOMPARE(dialog.schedule().defaultReplicas, 1);
    QCOMPARE(cell(child<WeekGridWidget>(&dialog, "weekGrid")->grid(), 5, 0), 1);

    child<QSpinBox>(&dialog, "prewarmSpin")->setValue(0);
    QVERIFY(!edit->toPlainText().contains(QStringLiteral("prewarm")));
    child<QComboBox>(&dialog, "driftCombo")->setCurrentIndex(1);
    QVERIFY(edit->toPlainText().contains(QStringLiteral("drift correct")));
    auto *zone = child<QComboBox>(&dialog, "zoneCombo");
    zone->setCurrentText(QStringLiteral("America/New")); // partly typed: nothing happens yet
    QVERIFY(edit->toPlainText().startsWith(QStringLiteral("tz Europe/Ljubljana\n")));
    zone->setCurrentText(QStringLiteral("America/New_York"));
    QVERIFY(edit->toPlainText().startsWith(QStringLiteral("tz America/New_York\n")));
    QCOMPARE(dialog.schedule().timeZone, QByteArray("America/New_York"));
    QCOMPARE(dialog.schedule().weekly, parsed(kExample).weekly);
}

// The spin box edits park-when-idle's idle time; a "max" from the text stays, and bounds the idle time below it.
void TestScheduleEditor::parkWhenIdleSpinKeepsMax()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample + QStringLiteral("park-when-idle 15m max 2h\n"), {}, 1.0, &clock);
    showAndWait(dialog);
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    auto *idle = child<QSpinBox>(&dialog, "parkIdleSpin");
    QCOMPARE(idle->value(), 15);
    QCOMPARE(idle->maximum(), 119);

    idle->setValue(30);
    QVERIFY2(edit->toPlainText().contains(QStringLiteral("park-when-idle 30m max 2h\n")),
             qPrintable(edit->toPlainText()));
    QCOMPARE(dialog.schedule().parkWhenIdle, (std::optional<ParkWhenIdle>(ParkWhenIdle{30, 120})));
    idle->setValue(0); // "off"
    QVERIFY(!edit->toPlainText().contains(QStringLiteral("park-when-idle")));
    QVERIFY(!dialog.schedule().parkWhenIdle);
    QCOMPARE(idle->maximum(), 1440);
}

void TestScheduleEditor::acceptParsesPendingText()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample, {}, 1.0, &clock);
    showAndWait(dialog);
    auto *edit = child<QPlainTextEdit>(&dialog, "textEdit");
    edit->setPlainText(QStringLiteral("# office hours only\ntz UTC\ndefault 0\nMon 09:00-10:00 = 1\n"));
    saveButton(dialog)->click(); // before the debounce fired
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.schedule().timeZone, QByteArray("UTC"));
    QCOMPARE(dialog.text(), QStringLiteral("tz UTC\ndefault 0\nMon 09:00-10:00 = 1\n"));
    QCOMPARE(parsed(dialog.text()), dialog.schedule());
}

void TestScheduleEditor::newScheduleFromEmptyText()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, QString(), {}, 2.0, &clock);
    QVERIFY(dialog.canSave());
    QVERIFY(QTimeZone(dialog.schedule().timeZone).isValid());
    QCOMPARE(dialog.schedule().defaultReplicas, 0);
    QVERIFY(child<QPlainTextEdit>(&dialog, "textEdit")->toPlainText().startsWith(QStringLiteral("tz ")));
    QCOMPARE(child<QTableWidget>(&dialog, "transitionsTable")->rowCount(), 0);
    QVERIFY(child<QLabel>(&dialog, "projectionLabel")->text().contains(QStringLiteral("0.0 GPU-h")));
}

void TestScheduleEditor::transitionsTableMatchesEvaluator()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample, {}, 1.0, &clock);
    const ScheduleEvaluator evaluator(parsed(kExample));
    const std::vector<ScheduleTransition> expected = evaluator.nextTransitions(kNow, 10);
    QCOMPARE(expected.size(), std::size_t(10));
    auto *table = child<QTableWidget>(&dialog, "transitionsTable");
    QCOMPARE(table->rowCount(), 10);
    for (int row : {0, 9}) {
        const ScheduleTransition &transition = expected[std::size_t(row)];
        const QDateTime local = transition.atUtc.toTimeZone(evaluator.zone());
        QVERIFY(table->item(row, 0)->text().startsWith(local.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm"))));
        QCOMPARE(table->item(row, 1)->text(), transition.atUtc.toUTC().toString(QStringLiteral("ddd HH:mm")));
        QCOMPARE(table->item(row, 2)->text(), QStringLiteral("%1 \u2192 %2").arg(transition.from).arg(transition.to));
        QCOMPARE(table->item(row, 3)->text(), transition.reason);
    }
    // Today's 17:00 (16:00 UTC) scale-down comes first.
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Wed 2026-11-25 17:00 CET"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Wed 16:00"));

    // The clock moves on: refresh() re-reads it.
    clock.set(expected[0].atUtc.addSecs(60));
    dialog.refresh();
    QCOMPARE(table->item(0, 1)->text(), expected[1].atUtc.toUTC().toString(QStringLiteral("ddd HH:mm")));
}

void TestScheduleEditor::calendarMarksHolidaysAndOneOffs()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kExample, {}, 1.0, &clock);
    auto *calendar = child<QCalendarWidget>(&dialog, "calendar");
    QCOMPARE(calendar->selectedDate(), QDate(2026, 11, 25)); // the clock's today, not the machine's
    const QTextCharFormat holiday = calendar->dateTextFormat(QDate(2026, 12, 25));
    const QTextCharFormat oneOff = calendar->dateTextFormat(QDate(2026, 11, 30));
    QVERIFY(holiday.hasProperty(QTextFormat::BackgroundBrush));
    QVERIFY(oneOff.hasProperty(QTextFormat::BackgroundBrush));
    QVERIFY(holiday.background() != oneOff.background());
    QCOMPARE(calendar->dateTextFormat(QDate(2026, 12, 24)).background(), holiday.background());
    QCOMPARE(calendar->dateTextFormat(QDate(2026, 12, 26)).background(), holiday.background());
    QVERIFY(!calendar->dateTextFormat(QDate(2026, 12, 27)).hasProperty(QTextFormat::BackgroundBrush));
    QVERIFY(!calendar->dateTextFormat(QDate(2026, 12, 23)).hasProperty(QTextFormat::BackgroundBrush));

    auto *list = child<QListWidget>(&dialog, "datedList");
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(0)->text().startsWith(QStringLiteral("Mon 2026-11-30 18:00\u201322:00\n4 replicas")));
    QVERIFY(
        list->item(1)->text().startsWith(QStringLiteral("Thu 2026-12-24 \u2013 Sat 2026-12-26\n0 replicas all day")));
    list->setCurrentRow(1);
    QCOMPARE(calendar->selectedDate(), QDate(2026, 12, 24));

    // Removing the holiday from the text unmarks it.
    child<QPlainTextEdit>(&dialog, "textEdit")
        ->setPlainText(QString(kExample).remove(QStringLiteral("2026-12-24..2026-12-26 = 0\n")));
    QTRY_COMPARE(list->count(), 1);
    QVERIFY(!calendar->dateTextFormat(QDate(2026, 12, 25)).hasProperty(QTextFormat::BackgroundBrush));
}

void TestScheduleEditor::activeOverrideIsListed()
{
    ManualClock clock(kNow);
    ScheduleOverride active;
    active.target = kTarget;
    active.replicas = 3;
    active.untilUtc = QDateTime(QDate(2026, 11, 25), QTime(18, 0), Qt::UTC);
    active.createdUtc = kNow.addSecs(-3600);
    active.createdBy = QStringLiteral("scaledeckctl");
    ScheduleOverride expired = active;
    expired.untilUtc = kNow.addSecs(-60);
    ScheduleOverride otherTarget = active;
    otherTarget.target = ScheduleTarget{QStringLiteral("other"), QString()};
    ScheduleEditorDialog dialog(kTarget, kExample, {active, expired, otherTarget}, 1.0, &clock);

    auto *list = child<QListWidget>(&dialog, "overridesList");
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), QStringLiteral("3 replicas until today 19:00 (18:00 UTC), set by scaledeckctl"));
    // The override counts in the transitions: the first is its expiry at 19:00 local.
    auto *table = child<QTableWidget>(&dialog, "transitionsTable");
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Wed 18:00"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("3 \u2192 0"));

    // Once it expires, the list says so.
    clock.set(active.untilUtc.addSecs(1));
    dialog.refresh();
    QCOMPARE(list->count(), 1);
    QVERIFY(!(list->item(0)->flags() & Qt::ItemIsEnabled));
    QVERIFY(list->item(0)->text().startsWith(QStringLiteral("None")));
}

// An override of 6 replicas for a few hours is what the target holds, not what the schedule being edited would
// hold around the clock: always-on is the schedule's own peak (2), while the projected hours count the override.
void TestScheduleEditor::alwaysOnIsTheSchedulesOwnPeak()
{
    ManualClock clock(kNow);
    ScheduleOverride active;
    active.target = kTarget;
    active.replicas = 6;
    active.createdUtc = kNow.addSecs(-3600);                                 // 10:00 local
    active.untilUtc = QDateTime(QDate(2026, 11, 25), QTime(14, 0), Qt::UTC); // 15:00 local
    ScheduleEditorDialog dialog(kTarget, QStringLiteral("tz Europe/Ljubljana\ndefault 0\nMon-Fri 07:00-17:00 = 2\n"),
                                {active}, 1.0, &clock);
    showAndWait(dialog);
    auto *projection = child<QLabel>(&dialog, "projectionLabel");
    // 2 replicas x 10 h x 5 days, and 4 more for the override's 5 hours: 120 of 2 x 168 always-on.
    QVERIFY2(projection->text().contains(QStringLiteral("120.0 GPU-h of 336.0 always-on")),
             qPrintable(projection->text()));
    QVERIFY2(projection->toolTip().contains(QStringLiteral("the week's peak, 2 replicas")),
             qPrintable(projection->toolTip()));

    // A higher count typed into the schedule raises it: the figure follows the schedule as edited.
    auto *text = child<QPlainTextEdit>(&dialog, "textEdit");
    text->setPlainText(QStringLiteral("tz Europe/Ljubljana\ndefault 0\nMon-Fri 07:00-17:00 = 3\n"));
    QTRY_VERIFY2(projection->text().contains(QStringLiteral("of 504.0 always-on")), qPrintable(projection->text()));
}

void TestScheduleEditor::overrideDialogNextTransition()
{
    ManualClock clock(kNow);
    const ScheduleEvaluator evaluator(parsed(kExample));
    OverrideDialog dialog(kTarget, 3, evaluator, &clock);
    const QDateTime next = evaluator.nextTransitions(kNow, 1).front().atUtc;
    QCOMPARE(next, QDateTime(QDate(2026, 11, 25), QTime(16, 0), Qt::UTC));

    const QString question = child<QLabel>(&dialog, "questionLabel")->text();
    QCOMPARE(question, QStringLiteral("llm/LLM is on a schedule (now 2, next: 0 at 17:00). Keep 3 replicas until:"));
    auto *nextRadio = child<QRadioButton>(&dialog, "nextTransitionRadio");
    QVERIFY(nextRadio->text().contains(QStringLiteral("(17:00)")));
    QVERIFY(nextRadio->isChecked());
    QCOMPARE(dialog.expiry(), OverrideDialog::Expiry::NextTransition);
    QCOMPARE(dialog.untilUtc(), next);
    QVERIFY(okButton(dialog)->isEnabled());
    // Its expiry will park llm with nobody asked: the dialog says so when it is set.
    const QString expiry = child<QLabel>(&dialog, "expiryLabel")->text();
    QVERIFY2(expiry.endsWith(QStringLiteral("(16:00 UTC), in 6 h; then back to the schedule: 0 replicas. "
                                            "The controller then parks it by itself, without asking again.")),
             qPrintable(expiry));

    child<QRadioButton>(&dialog, "endOfDayRadio")->click();
    QCOMPARE(dialog.untilUtc(), QDateTime(QDate(2026, 11, 25), QTime(23, 0), Qt::UTC));
    nextRadio->click();
    QCOMPARE(dialog.untilUtc(), next);

    child<QLineEdit>(&dialog, "noteEdit")->setText(QStringLiteral("  demo for ACME  "));
    const ScheduleOverride override_ = dialog.toOverride();
    QCOMPARE(override_.target, kTarget);
    QCOMPARE(override_.replicas, 3);
    QCOMPARE(override_.untilUtc, next);
    QCOMPARE(override_.createdUtc, kNow);
    QCOMPARE(override_.note, QStringLiteral("demo for ACME"));
    QVERIFY(override_.activeAt(kNow));
}

void TestScheduleEditor::overrideDialogRefusesPastExpiry()
{
    ManualClock clock(kNow);
    const ScheduleEvaluator evaluator(parsed(kExample));
    OverrideDialog dialog(kTarget, 3, evaluator, &clock);
    auto *edit = child<QDateTimeEdit>(&dialog, "dateTimeEdit");
    // The default of the date-and-time choice is two hours from now, in the schedule's zone (13:00 CET).
    QCOMPARE(edit->dateTime().time(), QTime(13, 0));

    edit->setDateTime(QDateTime(QDate(2026, 11, 24), QTime(9, 0), Qt::UTC)); // yesterday
    QVERIFY(child<QRadioButton>(&dialog, "dateTimeRadio")->isChecked());
    QVERIFY(!dialog.canAccept());
    QVERIFY(!okButton(dialog)->isEnabled());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    dialog.setCustomUntil(QDate(2026, 11, 25), QTime(20, 30)); // 19:30 UTC
    QVERIFY(okButton(dialog)->isEnabled());
    QCOMPARE(dialog.untilUtc(), QDateTime(QDate(2026, 11, 25), QTime(19, 30), Qt::UTC));

    // Time passes while the dialog is open: the same choice is now in the past.
    clock.set(QDateTime(QDate(2026, 11, 25), QTime(19, 31), Qt::UTC));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!okButton(dialog)->isEnabled());
}

void TestScheduleEditor::screenshots()
{
    ManualClock clock(kNow);
    ScheduleOverride active;
    active.target = kTarget;
    active.replicas = 3;
    active.untilUtc = QDateTime(QDate(2026, 11, 25), QTime(18, 0), Qt::UTC);
    active.createdUtc = kNow.addSecs(-3600);
    active.createdBy = QStringLiteral("scaledeckctl");
    active.note = QStringLiteral("demo for ACME");
    ScheduleEditorDialog editor(kTarget, kExample, {active}, 1.0, &clock);
    showAndWait(editor);
    child<QSpinBox>(&editor, "brushSpin")->setValue(2);
    saveScreenshot(editor, QStringLiteral("schedule-editor"));

    // The same with a typo in the text: the error names its place, the grid keeps the last good state.
    auto *edit = child<QPlainTextEdit>(&editor, "textEdit");
    edit->setPlainText(QString(kExample).replace(QStringLiteral("07:00-17:00"), QStringLiteral("07:00-5pm")));
    QTRY_VERIFY(!editor.canSave());
    saveScreenshot(editor, QStringLiteral("schedule-editor-error"));

    OverrideDialog override_(kTarget, 3, ScheduleEvaluator(parsed(kExample)), &clock);
    override_.show();
    QVERIFY(QTest::qWaitForWindowExposed(&override_));
    saveScreenshot(override_, QStringLiteral("override-dialog"));
}

SCALEDECK_GUI_TEST_MAIN(TestScheduleEditor)
#include "test_scheduleeditor.moc"
