// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "schedule.h"
#include "scheduletext.h"

#include <QDialog>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace Ui {
class ScheduleEditorDialog;
}

namespace scaledeck {

class ScheduleSuggestionSource;
struct SuggestionTarget;

// Edits one target's schedule: the week grid (drag to paint) and the text form side by side and kept in
// sync, the dated rules on a calendar, the active overrides, the next 10 transitions and the projected
// GPU-hours of the current week. The text is the source of truth: every edit of the grid or of the header
// controls rewrites it (canonically, scheduleToText) and the shown schedule is always what the text parses to.
// While the text does not parse, the grid and the header controls keep the last good state and are
// read-only, and Save is disabled. Painting replaces weekly windows only: weekly batches ("Sun 02:00+30m = 8")
// show on the grid (the larger count wins) but are kept as written when painted over, and dated rules are
// untouched. "Suggest from traffic…" puts a schedule suggested from the target's traffic in the text (an undoable
// edit, to be painted over before Save) with its figures beside the grid. The dialog does no I/O: suggestions come
// from the source the caller hands in, and on Accepted the caller stores text().
class ScheduleEditorDialog : public QDialog {
    Q_OBJECT
public:
    ScheduleEditorDialog(ScheduleTarget target, const Schedule &schedule, std::vector<ScheduleOverride> overrides,
                         double gpusPerReplica, const Clock *clock, QWidget *parent = nullptr);
    // From the stored text form (StoredSchedule::text); empty starts a new schedule in the system's zone.
    ScheduleEditorDialog(ScheduleTarget target, const QString &text, std::vector<ScheduleOverride> overrides,
                         double gpusPerReplica, const Clock *clock, QWidget *parent = nullptr);
    ~ScheduleEditorDialog() override;

    const ScheduleTarget &target() const { return m_target; }
    Schedule schedule() const { return m_schedule; } // the text's last good parse
    QString text() const;                            // canonical: scheduleToText(schedule())
    const std::optional<ScheduleParseError> &parseError() const { return m_error; }
    bool canSave() const { return !m_error.has_value() && !m_readOnly; }
    // A read-only profile: the schedule can be read and painted (a what-if), but Save stays disabled and says why.
    void setReadOnly(bool readOnly);

    // Suggestions from `source` (not owned) for `target`; without a call, or after setSuggestionUnavailable, the
    // Suggest button is disabled and says why.
    void setSuggestionSource(ScheduleSuggestionSource *source, const SuggestionTarget &target);
    void setSuggestionUnavailable(const QString &reason);

    // Re-reads the clock: the now line, the active overrides, the transitions and the projection. Also
    // done every 30 s while the dialog is open.
    void refresh();

    void accept() override; // parses pending text first; stays open on an error

private:
    void setUp(const QString &initialText);
    void fitScreen();
    void fillZoneCombo();
    void scheduleParse();
    bool flushPendingParse(); // false when the text has an error
    void parseNow();
    void showError();
    void showSchedule();
    void applyEdit(const Schedule &updated);
    void replaceText(const QString &text);
    void onRangePainted(int dayFrom, int dayTo, int quarterFrom, int quarterTo, int count);
    void onZoneEdited(const QString &zone);
    void onSettingsEdited();
    void showParkWhenIdle();
    std::optional<ParkWhenIdle> editedParkWhenIdle() const;
    void showDatedRules();
    void showWarnings();
    void updateSaveButton();
    void connectSuggestions();
    void applySuggestion(const QString &text);

    std::unique_ptr<Ui::ScheduleEditorDialog> m_ui;
    ScheduleTarget m_target;
    std::vector<ScheduleOverride> m_overrides;
    double m_gpusPerReplica;
    const Clock *m_clock;
    Schedule m_schedule;
    QString m_openedText; // what "Back to the saved schedule" restores
    std::optional<ScheduleParseError> m_error;
    QTimer m_parseTimer;
    QTimer m_refreshTimer;
    bool m_replacingText = false;
    bool m_showingSchedule = false;
    bool m_readOnly = false;
};

} // namespace scaledeck
