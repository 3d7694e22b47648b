// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 12: the schedule editor's "Suggest from traffic…" with a fake suggestion source (the editor does no I/O):
// what it asks, the status line while it waits, a suggestion filling the text, the grid and the figures beside it,
// a failure leaving the text alone, the way back, and the reasons the button is disabled.
#include "guitestmain.h"
#include "scheduleeditordialog.h"
#include "scheduletext.h"
#include "suggestionpanel.h"
#include "suggestionsource.h"
#include "weekgridwidget.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace scaledeck;

namespace {
const QDateTime kNow(QDate(2026, 12, 4), QTime(16, 7), Qt::UTC);
const ScheduleTarget kTarget{QStringLiteral("llm"), QStringLiteral("LLM")};
const QString kSaved = QStringLiteral("tz UTC\ndefault 1\n");
const QString kSuggested = QStringLiteral("tz UTC\ndefault 0\nprewarm 2m\nMon-Fri 09:00-17:00 = 2\n");

// The text as the editor writes it back (scheduleToText of its parse).
QString canonical(const QString &text)
{
    return scheduleToText(*parseScheduleText(text).schedule);
}

class FakeSuggestionSource final : public ScheduleSuggestionSource {
public:
    QString describe() const override { return QStringLiteral("Prometheus at http://prom.test:9090"); }
    void suggest(const TrafficSuggestionRequest &request) override { requests.push_back(request); }
    void cancel() override { ++cancels; }
    void answer(const TrafficSuggestion &suggestion) { Q_EMIT suggested(suggestion); }
    void fail(const QString &reason) { Q_EMIT failed(reason); }

    std::vector<TrafficSuggestionRequest> requests;
    int cancels = 0;
};

TrafficSuggestion suggestion()
{
    TrafficSuggestion answer;
    answer.suggestion.schedule = *parseScheduleText(kSuggested).schedule;
    answer.suggestion.text = scheduleToText(answer.suggestion.schedule);
    answer.suggestion.spanEndUtc = QDateTime(QDate(2026, 12, 4), QTime(16, 5), Qt::UTC);
    answer.suggestion.spanStartUtc = answer.suggestion.spanEndUtc.addDays(-28);
    answer.suggestion.gpuHours = 160;
    answer.suggestion.alwaysOnGpuHours = 1344;
    answer.suggestion.currentGpuHours = 672;
    answer.suggestion.missedRequests = 30;
    answer.suggestion.missedHours = {MissedHour{6, 3, 30}};
    answer.suggestion.weeks = 4;
    answer.suggestion.coveredFraction = 0.999;
    answer.coldStartSeconds = 95;
    answer.source = QStringLiteral("Prometheus at http://prom.test:9090");
    return answer;
}

SuggestionTarget target()
{
    SuggestionTarget target;
    target.app = kTarget.app;
    target.deployment = kTarget.deployment;
    target.name = QStringLiteral("llm/LLM");
    target.observedReplicas = 2;
    target.gpusPerReplica = 1;
    target.pricePerGpuHour = 2.5;
    target.currency = QStringLiteral("USD");
    return target;
}

int cell(const WeekGrid &grid, int day, int quarter)
{
    return grid[std::size_t(day * WeekGridWidget::kQuarters + quarter)];
}

template <typename T> T *child(const QWidget &dialog, const char *name)
{
    auto *found = dialog.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s in the editor", name);
    return found;
}
} // namespace

class TestScheduleEditorSuggest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void suggestionFillsTextGridAndFigures();
    void editsAfterTheSuggestionAreSaid();
    void backToTheSavedSchedule();
    void failureShowsTheReasonAndKeepsTheText();
    void disabledButtonSaysWhy();
    void closingWhileReadingCancels();
};

void TestScheduleEditorSuggest::suggestionFillsTextGridAndFigures()
{
    ManualClock clock(kNow);
    FakeSuggestionSource source;
    ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
    dialog.setSuggestionSource(&source, target());
    dialog.show();
    auto *button = child<QPushButton>(dialog, "suggestButton");
    auto *status = child<QLabel>(dialog, "suggestStatusLabel");
    QVERIFY(button->isEnabled());
    child<QSpinBox>(dialog, "suggestWeeksSpin")->setValue(3);
    child<QDoubleSpinBox>(dialog, "suggestThresholdSpin")->setValue(0.5);
    QTest::mouseClick(button, Qt::LeftButton);

    QCOMPARE(source.requests.size(), size_t(1));
    const TrafficSuggestionRequest &asked = source.requests.front();
    QCOMPARE(asked.app, QStringLiteral("llm"));
    QCOMPARE(asked.deployment, QStringLiteral("LLM"));
    QCOMPARE(asked.weeks, 3);
    QCOMPARE(asked.stepS, 300);
    QCOMPARE(asked.nowUtc, kNow);
    QCOMPARE(asked.options.timeZone, QByteArray("UTC")); // the schedule's zone
    QCOMPARE(asked.options.thresholdPerS, 0.5);
    QCOMPARE(asked.options.targetPerReplica, std::nullopt); // unset: the replicas seen
    QCOMPARE(asked.options.observedReplicas, 2);
    QCOMPARE(status->text(),
             QStringLiteral("Reading 3 weeks of llm/LLM's traffic from Prometheus at http://prom.test:9090…"));
    QVERIFY(!button->isEnabled());
    QCOMPARE(dialog.text(), canonical(kSaved)); // nothing changes before the answer

    source.answer(suggestion());
    QCOMPARE(dialog.text(), suggestion().suggestion.text);
    QCOMPARE(dialog.schedule().prewarmMinutes, 2);
    const WeekGrid &grid = child<WeekGridWidget>(dialog, "weekGrid")->grid();
    QCOMPARE(cell(grid, 0, 9 * 4), 2);      // Monday 09:00
    QCOMPARE(cell(grid, 4, 17 * 4 - 1), 2); // Friday 16:45
    QCOMPARE(cell(grid, 5, 10 * 4), 0);     // Saturday: parked
    QVERIFY(button->isEnabled());
    QCOMPARE(status->text(), QStringLiteral("Suggested from 28.0 days of traffic (99.9% of steps had data)"));
    const QString figures = child<QLabel>(dialog, "suggestFiguresLabel")->text();
    QVERIFY2(figures.contains(QStringLiteral("GPU-hours in that time: 160.0 with this schedule, 1344.0 always on "
                                             "(0.12 of always-on), 672.0 with the current schedule")),
             qPrintable(figures));
    QVERIFY2(figures.contains(QStringLiteral("Cost: $400.00 with this schedule, $3,360.00 always on, $1,680.00 with "
                                             "the current schedule")),
             qPrintable(figures));
    QVERIFY2(
        figures.contains(QStringLiteral("Requests that would have arrived while parked: 30 (Sat 03:00-04:00: 30)")),
        qPrintable(figures));
    QVERIFY(!child<QLabel>(dialog, "suggestEditedLabel")->isVisible());
    QVERIFY(dialog.canSave());
    // With the figures shown the editor still fits the room a 1366×768 laptop leaves (as test_smallscreen).
    QVERIFY2(dialog.minimumSizeHint().height() <= 698, qPrintable(QString::number(dialog.minimumSizeHint().height())));

    if (const QString path = qEnvironmentVariable("SCALEDECK_SUGGEST_SCREENSHOT"); !path.isEmpty())
        QVERIFY(dialog.grab().save(path));
}

// The figures describe the suggestion as proposed; once the operator paints over it, the panel says so.
void TestScheduleEditorSuggest::editsAfterTheSuggestionAreSaid()
{
    ManualClock clock(kNow);
    FakeSuggestionSource source;
    ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
    dialog.setSuggestionSource(&source, target());
    dialog.show();
    QTest::mouseClick(child<QPushButton>(dialog, "suggestButton"), Qt::LeftButton);
    source.answer(suggestion());
    auto *edited = child<QLabel>(dialog, "suggestEditedLabel");
    QVERIFY(!edited->isVisible());

    auto *text = child<QPlainTextEdit>(dialog, "textEdit");
    text->moveCursor(QTextCursor::End); // typed, as an operator would: one undoable edit
    text->insertPlainText(QStringLiteral("Sat 10:00-12:00 = 1\n"));
    QTRY_VERIFY(edited->isVisible());
    QVERIFY(edited->text().contains(QStringLiteral("for the suggestion as proposed")));
    QVERIFY(dialog.text().contains(QStringLiteral("Sat 10:00-12:00 = 1")));
    // Ctrl+Z twice: the edit, then the suggestion itself.
    text->undo();
    QTRY_VERIFY(!edited->isVisible());
    text->undo();
    QTRY_COMPARE(dialog.text(), canonical(kSaved));
}

void TestScheduleEditorSuggest::backToTheSavedSchedule()
{
    ManualClock clock(kNow);
    FakeSuggestionSource source;
    ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
    dialog.setSuggestionSource(&source, target());
    dialog.show();
    auto *back = child<QPushButton>(dialog, "suggestRevertButton");
    QVERIFY(!back->isVisible());
    QTest::mouseClick(child<QPushButton>(dialog, "suggestButton"), Qt::LeftButton);
    source.answer(suggestion());
    QVERIFY(back->isVisible());
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(dialog.text(), canonical(kSaved));
    QCOMPARE(cell(child<WeekGridWidget>(dialog, "weekGrid")->grid(), 5, 40), 1);
}

void TestScheduleEditorSuggest::failureShowsTheReasonAndKeepsTheText()
{
    ManualClock clock(kNow);
    FakeSuggestionSource source;
    ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
    dialog.setSuggestionSource(&source, target());
    dialog.show();
    auto *button = child<QPushButton>(dialog, "suggestButton");
    QTest::mouseClick(button, Qt::LeftButton);
    const QString reason = QStringLiteral("no traffic data: Prometheus at http://prom.test:9090: answered 503");
    source.fail(reason);
    QCOMPARE(child<QLabel>(dialog, "suggestStatusLabel")->text(), reason);
    QCOMPARE(dialog.text(), canonical(kSaved));
    QVERIFY(!child<QLabel>(dialog, "suggestFiguresLabel")->isVisible());
    QVERIFY(button->isEnabled()); // it can be asked again
}

void TestScheduleEditorSuggest::disabledButtonSaysWhy()
{
    ManualClock clock(kNow);
    ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
    dialog.show();
    auto *button = child<QPushButton>(dialog, "suggestButton");
    QVERIFY(!button->isEnabled()); // no source: no Prometheus
    QVERIFY2(button->toolTip().contains(QStringLiteral("Prometheus")), qPrintable(button->toolTip()));

    const QString several = QStringLiteral("gateway has 2 deployments: a suggestion is made for one deployment");
    dialog.setSuggestionUnavailable(several);
    QVERIFY(!button->isEnabled());
    QCOMPARE(button->toolTip(), several);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(child<QLabel>(dialog, "suggestStatusLabel")->isHidden());
}

void TestScheduleEditorSuggest::closingWhileReadingCancels()
{
    ManualClock clock(kNow);
    FakeSuggestionSource source;
    {
        ScheduleEditorDialog dialog(kTarget, kSaved, {}, 1.0, &clock);
        dialog.setSuggestionSource(&source, target());
        dialog.show();
        QTest::mouseClick(child<QPushButton>(dialog, "suggestButton"), Qt::LeftButton);
        QCOMPARE(source.cancels, 0);
    }
    QCOMPARE(source.cancels, 1);
}

SCALEDECK_GUI_TEST_MAIN(TestScheduleEditorSuggest)
#include "test_scheduleeditor_suggest.moc"
