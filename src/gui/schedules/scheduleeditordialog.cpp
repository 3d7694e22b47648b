// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleeditordialog.h"

#include "datedrulespanel.h"
#include "scheduledisplay.h"
#include "scheduleevaluator.h"
#include "scheduleoutlookpanel.h"
#include "scheduleoverlaps.h"
#include "schedulerules.h"
#include "suggestionpanel.h"
#include "suggestionsource.h"
#include "ui_scheduleeditordialog.h"
#include "weekgrid.h"
#include "weekgridwidget.h"

#include <QCompleter>
#include <QFontDatabase>
#include <QPushButton>
#include <QScreen>
#include <QTextBlock>
#include <QTimeZone>

#include <algorithm>

namespace scaledeck {

namespace {

constexpr int kParseDelayMs = 300;
constexpr int kRefreshMs = 30000;
const QColor kErrorColour(0xc6, 0x28, 0x28);
const QColor kErrorLineBackground(0xfd, 0xe4, 0xe4);
const QColor kWarningColour(0xa8, 0x5d, 0x00); // amber, dark enough to read on a light background

const char *const kCommonZones[] = {
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Ljubljana",
    "Europe/Helsinki",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
};

bool onQuarterHour(const QTime &time)
{
    return time.minute() % 15 == 0 && time.second() == 0;
}

// Where a parse that succeeded still names a zone Qt does not know: at the tz line.
std::optional<ScheduleParseError> unknownZoneError(const QString &text, const QByteArray &zone)
{
    if (QTimeZone(zone).isValid())
        return std::nullopt;
    ScheduleParseError error;
    error.message = QStringLiteral("unknown time zone '%1'").arg(QString::fromLatin1(zone));
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype index = 0; index < lines.size(); ++index) {
        if (lines[index].trimmed().startsWith(QLatin1String("tz "))) {
            error.line = int(index + 1);
            error.column = int(lines[index].indexOf(QString::fromLatin1(zone)) + 1);
            break;
        }
    }
    return error;
}

// This week as the target will run it, overrides included in its hours, against always-on at the peak of the
// schedule being edited: an override is a few hours' exception, not what the schedule would hold all week, and
// with it in the peak the figure would judge the schedule by a count it never asks for.
WeekProjection projectionAgainstOwnPeak(const ScheduleEvaluator &withOverrides, const QDateTime &weekStartUtc,
                                        double gpusPerReplica)
{
    WeekProjection projection = projectWeek(withOverrides, weekStartUtc, gpusPerReplica);
    const WeekProjection own = projectWeek(ScheduleEvaluator(withOverrides.schedule()), weekStartUtc, gpusPerReplica);
    projection.peakReplicas = own.peakReplicas;
    projection.alwaysOnGpuHours = own.alwaysOnGpuHours;
    return projection;
}

} // namespace

ScheduleEditorDialog::ScheduleEditorDialog(ScheduleTarget target, const Schedule &schedule,
                                           std::vector<ScheduleOverride> overrides, double gpusPerReplica,
                                           const Clock *clock, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ScheduleEditorDialog>()), m_target(std::move(target)),
      m_overrides(std::move(overrides)), m_gpusPerReplica(gpusPerReplica), m_clock(clock), m_schedule(schedule)
{
    setUp(scheduleToText(schedule));
}

ScheduleEditorDialog::ScheduleEditorDialog(ScheduleTarget target, const QString &text,
                                           std::vector<ScheduleOverride> overrides, double gpusPerReplica,
                                           const Clock *clock, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ScheduleEditorDialog>()), m_target(std::move(target)),
      m_overrides(std::move(overrides)), m_gpusPerReplica(gpusPerReplica), m_clock(clock)
{
    if (!text.trimmed().isEmpty()) {
        setUp(text);
        return;
    }
    const QByteArray system = QTimeZone::systemTimeZoneId();
    if (QTimeZone::isTimeZoneIdAvailable(system))
        m_schedule.timeZone = system;
    setUp(scheduleToText(m_schedule));
}

ScheduleEditorDialog::~ScheduleEditorDialog()
{
    // A suggestion still being read is of no use to anyone now; its source lives on for the next editor.
    if (m_ui->suggestionPanel->isSuggesting())
        m_ui->suggestionPanel->cancel();
}

void ScheduleEditorDialog::setUp(const QString &initialText)
{
    m_ui->setupUi(this);
    // Only this target's overrides count (the evaluator takes them as its own).
    std::erase_if(m_overrides, [this](const ScheduleOverride &o) { return !(o.target == m_target); });

    setWindowTitle(tr("Schedule of %1").arg(m_target.toString()));
    m_ui->targetLabel->setText(m_target.toString());
    QFont bold = m_ui->targetLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_ui->targetLabel->setFont(bold);
    fillZoneCombo();

    m_ui->textEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->textEdit->setPlaceholderText(tr("tz Europe/Ljubljana\ndefault 0\nMon-Fri 07:00-17:00 = 2"));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setText(tr("&Save schedule"));

    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, kErrorColour);
    m_ui->errorLabel->setPalette(errorPalette);
    m_ui->errorLabel->hide();
    QPalette warningPalette = m_ui->warningsLabel->palette();
    warningPalette.setColor(QPalette::WindowText, kWarningColour);
    m_ui->warningsLabel->setPalette(warningPalette);
    m_ui->warningsLabel->hide();

    m_ui->topSplitter->setStretchFactor(0, 2);
    m_ui->topSplitter->setStretchFactor(1, 1);
    m_ui->topSplitter->setSizes({840, 400});
    // The text form and the suggestion beside the grid share its height; the suggestion's figures get the larger
    // share, the text scrolls.
    m_ui->textLayout->setStretchFactor(m_ui->textEdit, 2);
    m_ui->textLayout->setStretchFactor(m_ui->suggestionPanel, 3);
    QFont projectionFont = m_ui->projectionLabel->font();
    projectionFont.setBold(true);
    m_ui->projectionLabel->setFont(projectionFont);

    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(kParseDelayMs);
    connect(&m_parseTimer, &QTimer::timeout, this, &ScheduleEditorDialog::parseNow);
    m_refreshTimer.setInterval(kRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ScheduleEditorDialog::refresh);
    m_refreshTimer.start();

    connect(m_ui->textEdit, &QPlainTextEdit::textChanged, this, &ScheduleEditorDialog::scheduleParse);
    connect(m_ui->weekGrid, &WeekGridWidget::rangePainted, this, &ScheduleEditorDialog::onRangePainted);
    connect(m_ui->brushSpin, &QSpinBox::valueChanged, m_ui->weekGrid, &WeekGridWidget::setBrushCount);
    connect(m_ui->weekGrid, &WeekGridWidget::brushCountEdited, m_ui->brushSpin, &QSpinBox::setValue);
    connect(m_ui->zoneCombo, &QComboBox::currentTextChanged, this, &ScheduleEditorDialog::onZoneEdited);
    connect(m_ui->defaultSpin, &QSpinBox::valueChanged, this, &ScheduleEditorDialog::onSettingsEdited);
    connect(m_ui->prewarmSpin, &QSpinBox::valueChanged, this, &ScheduleEditorDialog::onSettingsEdited);
    connect(m_ui->driftCombo, &QComboBox::currentIndexChanged, this, &ScheduleEditorDialog::onSettingsEdited);
    connect(m_ui->parkIdleSpin, &QSpinBox::valueChanged, this, &ScheduleEditorDialog::onSettingsEdited);
    connect(m_ui->datesGroup, &DatedRulesPanel::lineActivated, this, [this](int line) {
        const QTextBlock block = m_ui->textEdit->document()->findBlockByNumber(line - 1);
        if (block.isValid()) {
            m_ui->textEdit->setTextCursor(QTextCursor(block));
            m_ui->textEdit->setFocus();
        }
    });

    connectSuggestions();

    m_openedText = initialText;
    m_replacingText = true;
    m_ui->textEdit->setPlainText(initialText);
    m_replacingText = false;
    parseNow();
    if (m_error) { // a stored text that no longer parses: the views show the schedule it started from
        m_ui->weekGrid->setGrid(weekGridOf(m_schedule));
        showDatedRules();
        showWarnings();
        refresh();
    }

    const WeekGrid &grid = m_ui->weekGrid->grid();
    const int peak = *std::max_element(grid.begin(), grid.end());
    m_ui->brushSpin->setValue(std::max(1, peak));
    m_ui->weekGrid->setBrushCount(m_ui->brushSpin->value());
    const QTimeZone zone(m_schedule.timeZone);
    m_ui->datesGroup->selectDate(m_clock->nowUtc().toTimeZone(zone.isValid() ? zone : QTimeZone::utc()).date());
    fitScreen();
}

// The form's 1280×840 suits a desktop screen; on a 1366×768 laptop it would open taller than the screen, its
// buttons below the panel. It opens no larger than the screen it opens on (its parent's: the main window's) leaves
// once the title bar and a panel are drawn; the operator can still make it larger.
void ScheduleEditorDialog::fitScreen()
{
    constexpr int decorationsWidth = 40;
    constexpr int decorationsHeight = 80;
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    if (!screen)
        return;
    const QSize room = screen->availableSize() - QSize(decorationsWidth, decorationsHeight);
    resize(size().boundedTo(room).expandedTo(minimumSizeHint()));
}

void ScheduleEditorDialog::fillZoneCombo()
{
    QStringList zones;
    for (const char *zone : kCommonZones)
        zones.append(QString::fromLatin1(zone));
    const QString system = QString::fromLatin1(QTimeZone::systemTimeZoneId());
    if (QTimeZone::isTimeZoneIdAvailable(system.toLatin1()) && !zones.contains(system))
        zones.append(system);
    const QString current = QString::fromLatin1(m_schedule.timeZone);
    if (!current.isEmpty() && !zones.contains(current))
        zones.append(current);
    m_ui->zoneCombo->addItems(zones);

    // Any IANA zone can be typed; the completer knows them all.
    QStringList all;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        all.append(QString::fromLatin1(id));
    auto *completer = new QCompleter(all, m_ui->zoneCombo);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_ui->zoneCombo->setCompleter(completer);
}

QString ScheduleEditorDialog::text() const
{
    return scheduleToText(m_schedule);
}

void ScheduleEditorDialog::scheduleParse()
{
    if (!m_replacingText)
        m_parseTimer.start();
}

bool ScheduleEditorDialog::flushPendingParse()
{
    if (m_parseTimer.isActive())
        parseNow();
    return !m_error.has_value();
}

void ScheduleEditorDialog::parseNow()
{
    m_parseTimer.stop();
    const QString text = m_ui->textEdit->toPlainText();
    ScheduleParse parse = parseScheduleText(text);
    std::optional<ScheduleParseError> error = parse.error;
    if (parse.ok())
        error = unknownZoneError(text, parse.schedule->timeZone);
    else if (!error)
        error = ScheduleParseError{0, 0, tr("the text cannot be read")};

    const std::optional<ScheduleParseError> previous = m_error;
    m_error = error;
    if (error) {
        m_ui->suggestionPanel->showCurrentText(QString());
        const bool moved = !previous || previous->line != error->line || previous->column != error->column;
        showError();
        if (moved && error->line > 0) {
            // The cursor goes to the error, unless it is on that line at or after it: then the operator is
            // typing there, and moving it would insert their next keys in front of what they just typed.
            const QTextBlock block = m_ui->textEdit->document()->findBlockByNumber(error->line - 1);
            const int column = error->column > 0 ? std::min(error->column - 1, block.length() - 1) : 0;
            const QTextCursor current = m_ui->textEdit->textCursor();
            if (block.isValid() &&
                !(current.blockNumber() == block.blockNumber() && current.positionInBlock() >= column)) {
                QTextCursor at(block);
                at.setPosition(block.position() + column);
                m_ui->textEdit->setTextCursor(at);
            }
        }
        return;
    }
    m_schedule = *parse.schedule;
    showSchedule();
    m_ui->suggestionPanel->showCurrentText(scheduleToText(m_schedule));
}

void ScheduleEditorDialog::showError()
{
    const ScheduleParseError &error = *m_error;
    m_ui->errorLabel->setText(error.describe());
    m_ui->errorLabel->show();
    updateSaveButton();
    m_ui->weekGrid->setInteractive(false);
    for (QWidget *control : {static_cast<QWidget *>(m_ui->zoneCombo), static_cast<QWidget *>(m_ui->defaultSpin),
                             static_cast<QWidget *>(m_ui->prewarmSpin), static_cast<QWidget *>(m_ui->driftCombo),
                             static_cast<QWidget *>(m_ui->parkIdleSpin)})
        control->setEnabled(false);
    m_ui->paintHintLabel->setText(tr("Fix the text form to paint again: the grid shows the last schedule that "
                                     "could be read."));
    // What is derived from the schedule is the last good state too: shown greyed.
    m_ui->outlookPanel->setTransitionsCurrent(false);
    m_ui->projectionLabel->setEnabled(false);

    QList<QTextEdit::ExtraSelection> selections;
    const QTextBlock block = m_ui->textEdit->document()->findBlockByNumber(error.line - 1);
    if (error.line > 0 && block.isValid()) {
        QTextEdit::ExtraSelection line;
        line.cursor = QTextCursor(block);
        line.format.setBackground(kErrorLineBackground);
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections.append(line);
        const int column = error.column > 0 ? std::min(error.column - 1, block.length() - 1) : 0;
        QTextEdit::ExtraSelection at;
        at.cursor = QTextCursor(block);
        at.cursor.setPosition(block.position() + column);
        at.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        at.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        at.format.setUnderlineColor(kErrorColour);
        selections.append(at);
    }
    m_ui->textEdit->setExtraSelections(selections);
}

void ScheduleEditorDialog::showSchedule()
{
    m_showingSchedule = true;
    m_ui->zoneCombo->setCurrentText(QString::fromLatin1(m_schedule.timeZone));
    m_ui->defaultSpin->setValue(m_schedule.defaultReplicas);
    m_ui->prewarmSpin->setValue(m_schedule.prewarmMinutes);
    m_ui->driftCombo->setCurrentIndex(m_schedule.drift == DriftPolicy::Correct ? 1 : 0);
    showParkWhenIdle();
    m_showingSchedule = false;
    for (QWidget *control : {static_cast<QWidget *>(m_ui->zoneCombo), static_cast<QWidget *>(m_ui->defaultSpin),
                             static_cast<QWidget *>(m_ui->prewarmSpin), static_cast<QWidget *>(m_ui->driftCombo),
                             static_cast<QWidget *>(m_ui->parkIdleSpin)})
        control->setEnabled(true);

    m_ui->errorLabel->hide();
    m_ui->outlookPanel->setTransitionsCurrent(true);
    m_ui->projectionLabel->setEnabled(true);
    m_ui->textEdit->setExtraSelections({});
    updateSaveButton();
    m_ui->weekGrid->setGrid(weekGridOf(m_schedule));
    m_ui->weekGrid->setInteractive(true);

    // Painting rewrites the weekly windows from the grid, which has quarter-hour cells; say so when that
    // would move a window's edge. Weekly batches are shown on the grid but never rewritten by painting.
    QStringList offQuarter;
    for (const WeeklyWindow &window : m_schedule.weekly) {
        if (!onQuarterHour(window.start) || !onQuarterHour(window.end))
            offQuarter.append(QString::number(window.line));
    }
    QString hint = tr("Drag over days and hours to paint this count (keys: arrows, Shift+arrows, Space).");
    if (!m_schedule.batches.empty())
        hint += QLatin1Char(' ') + tr("Batches are kept when painted over.");
    if (!offQuarter.isEmpty())
        hint += QLatin1Char(' ') +
                tr("Painting snaps windows to quarter hours (line %1).").arg(offQuarter.join(QStringLiteral(", ")));
    m_ui->paintHintLabel->setText(hint);

    showDatedRules();
    showWarnings();
    refresh();
}

void ScheduleEditorDialog::replaceText(const QString &text)
{
    if (text == m_ui->textEdit->toPlainText())
        return;
    // One undoable edit (Ctrl+Z in the text takes a paint back), with the cursor kept where it was.
    const QTextCursor before = m_ui->textEdit->textCursor();
    const int blockNumber = before.blockNumber();
    const int column = before.positionInBlock();
    m_replacingText = true;
    QTextCursor all(m_ui->textEdit->document());
    all.beginEditBlock();
    all.select(QTextCursor::Document);
    all.insertText(text);
    all.endEditBlock();
    m_replacingText = false;
    const QTextBlock block = m_ui->textEdit->document()->findBlockByNumber(
        std::min(blockNumber, m_ui->textEdit->document()->blockCount() - 1));
    QTextCursor after(block);
    after.setPosition(block.position() + std::min(column, block.length() - 1));
    m_ui->textEdit->setTextCursor(after);
}

void ScheduleEditorDialog::applyEdit(const Schedule &updated)
{
    replaceText(scheduleToText(updated));
    parseNow();
}

void ScheduleEditorDialog::onRangePainted(int dayFrom, int dayTo, int quarterFrom, int quarterTo, int count)
{
    if (!flushPendingParse()) {
        m_ui->weekGrid->setGrid(weekGridOf(m_schedule));
        return;
    }
    // Painting replaces weekly windows only: the weekly pattern without batches takes the painted cells, and
    // batches (shown on top, the larger count winning) are kept as written even where they were painted over.
    Schedule weeklyOnly = m_schedule;
    weeklyOnly.batches.clear();
    WeekGrid grid = weekGridOf(weeklyOnly);
    for (int day = dayFrom; day <= dayTo; ++day) {
        for (int quarter = quarterFrom; quarter <= quarterTo; ++quarter)
            grid[std::size_t(day * WeekGridWidget::kQuarters + quarter)] = count;
    }
    Schedule updated = m_schedule;
    updated.weekly = weeklyWindowsFromGrid(grid, m_schedule.defaultReplicas);
    if (updated == m_schedule) {
        m_ui->weekGrid->setGrid(weekGridOf(m_schedule)); // e.g. a batch cell painted below its count
        return;
    }
    applyEdit(updated);
}

void ScheduleEditorDialog::onZoneEdited(const QString &zone)
{
    const QByteArray id = zone.trimmed().toLatin1();
    if (m_showingSchedule || !QTimeZone::isTimeZoneIdAvailable(id))
        return; // partly typed: nothing to apply yet
    if (!flushPendingParse() || id == m_schedule.timeZone)
        return;
    Schedule updated = m_schedule;
    updated.timeZone = id;
    applyEdit(updated);
}

void ScheduleEditorDialog::showParkWhenIdle()
{
    // The spin box edits the idle time only; a "max" written in the text stays, so the idle time stays below it.
    const auto &park = m_schedule.parkWhenIdle;
    m_ui->parkIdleSpin->setMaximum(park && park->maxMinutes ? *park->maxMinutes - 1
                                                            : schedulerules::kMaxParkIdleMinutes);
    m_ui->parkIdleSpin->setValue(park ? park->idleMinutes : 0);
}

std::optional<ParkWhenIdle> ScheduleEditorDialog::editedParkWhenIdle() const
{
    const int idle = m_ui->parkIdleSpin->value();
    if (idle == 0) // "off"
        return std::nullopt;
    ParkWhenIdle park = m_schedule.parkWhenIdle.value_or(ParkWhenIdle{});
    park.idleMinutes = idle;
    return park;
}

void ScheduleEditorDialog::onSettingsEdited()
{
    if (m_showingSchedule)
        return;
    Schedule updated = m_schedule;
    updated.defaultReplicas = m_ui->defaultSpin->value();
    updated.prewarmMinutes = m_ui->prewarmSpin->value();
    updated.drift = m_ui->driftCombo->currentIndex() == 1 ? DriftPolicy::Correct : DriftPolicy::Keep;
    updated.parkWhenIdle = editedParkWhenIdle();
    if (!flushPendingParse() || updated == m_schedule)
        return;
    applyEdit(updated);
}

void ScheduleEditorDialog::refresh()
{
    const QDateTime nowUtc = m_clock->nowUtc();
    const ScheduleEvaluator evaluator(m_schedule, m_overrides);
    const QTimeZone zone = evaluator.zoneIsValid() ? evaluator.zone() : QTimeZone::utc();
    m_ui->weekGrid->setNow(nowUtc.toTimeZone(zone));
    m_ui->outlookPanel->showOutlook(evaluator, m_overrides, nowUtc, zone);

    const QDateTime weekStart = weekStartUtc(nowUtc, zone);
    const double perReplica = m_gpusPerReplica > 0 ? m_gpusPerReplica : 1.0;
    const WeekProjection projection = projectionAgainstOwnPeak(evaluator, weekStart, perReplica);
    m_ui->projectionLabel->setText(projectionText(projection, m_gpusPerReplica));
    m_ui->projectionLabel->setToolTip(
        tr("From Monday %1 00:00 to the next Monday 00:00 (%2), with holidays, one-off windows, overrides and "
           "pre-warm. Always-on is the week's peak, %3, held all week: the schedule's own, without overrides.")
            .arg(weekStart.toTimeZone(zone).date().toString(QStringLiteral("yyyy-MM-dd")),
                 QString::fromLatin1(zone.id()), replicaCount(projection.peakReplicas)));
}

void ScheduleEditorDialog::showDatedRules()
{
    m_ui->datesGroup->showRules(m_schedule, m_clock->nowUtc().toTimeZone(QTimeZone(m_schedule.timeZone)).date());
}

void ScheduleEditorDialog::showWarnings()
{
    QStringList lines;
    for (const ScheduleWarning &warning : findOverlaps(m_schedule))
        lines.append(QStringLiteral("\u26a0 ") + warning.message);
    m_ui->warningsLabel->setText(lines.join(QLatin1Char('\n')));
    m_ui->warningsLabel->setVisible(!lines.isEmpty());
}

void ScheduleEditorDialog::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    setWindowTitle(readOnly ? tr("Schedule of %1 (read-only)").arg(m_target.toString())
                            : tr("Schedule of %1").arg(m_target.toString()));
    updateSaveButton();
}

void ScheduleEditorDialog::updateSaveButton()
{
    QPushButton *save = m_ui->buttonBox->button(QDialogButtonBox::Save);
    save->setEnabled(canSave());
    save->setToolTip(m_readOnly ? tr("This profile is read-only: the schedule cannot be saved") : QString());
}

void ScheduleEditorDialog::connectSuggestions()
{
    SuggestionPanel *panel = m_ui->suggestionPanel;
    // Windows in the schedule's own zone: the one in the text now, which the operator may just have changed.
    connect(panel, &SuggestionPanel::suggestClicked, this, [this] {
        flushPendingParse();
        m_ui->suggestionPanel->suggest(m_schedule.timeZone);
    });
    connect(panel, &SuggestionPanel::suggestionArrived, this, &ScheduleEditorDialog::applySuggestion);
    connect(panel, &SuggestionPanel::revertClicked, this, [this] {
        replaceText(m_openedText);
        parseNow();
    });
}

void ScheduleEditorDialog::applySuggestion(const QString &text)
{
    replaceText(text); // one undoable edit: Ctrl+Z in the text takes the suggestion back too
    parseNow();
    m_ui->suggestionPanel->setProposedText(m_error ? QString() : scheduleToText(m_schedule));
}

void ScheduleEditorDialog::setSuggestionSource(ScheduleSuggestionSource *source, const SuggestionTarget &target)
{
    m_ui->suggestionPanel->setSource(source, target, m_clock);
}

void ScheduleEditorDialog::setSuggestionUnavailable(const QString &reason)
{
    m_ui->suggestionPanel->setUnavailable(reason);
}

void ScheduleEditorDialog::accept()
{
    if (!flushPendingParse())
        return;
    QDialog::accept();
}

} // namespace scaledeck
