// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "schedule.h"
#include "trafficsuggestion.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace scaledeck {

class ScheduleSuggestionSource;

// The deployment a suggestion reads the traffic of, and what the figures beside it are computed with.
struct SuggestionTarget {
    QString app;
    QString deployment; // the one whose traffic is read: an application's only deployment for an app target
    QString name;       // as the status line names it: "llm/LLM"
    int observedReplicas = 1;
    double gpusPerReplica = 0;
    std::optional<double> pricePerGpuHour; // none: GPU-hours only, no money
    QString currency;
    std::optional<Schedule> current; // the stored schedule, to compare with
};

// The schedule editor's "Suggest from traffic…": its options (weeks, threshold, target per replica), the status
// line while the source reads, and beside the grid what the suggestion would have cost and the requests it would
// have parked. It only asks its source and shows the answer; the editor puts the suggested text in place
// (suggestionArrived, then setProposedText) and tells it when the text no longer is the suggestion
// (showCurrentText).
class SuggestionPanel : public QWidget {
    Q_OBJECT
public:
    explicit SuggestionPanel(QWidget *parent = nullptr);

    // Suggestions for `target` from `source` (not owned; it may go away first), "now" from `clock`.
    void setSource(ScheduleSuggestionSource *source, SuggestionTarget target, const Clock *clock);
    // No suggestion can be made: the button is disabled and its tooltip says why.
    void setUnavailable(const QString &reason);
    // Asks the source, for windows in `timeZone` (the schedule's).
    void suggest(const QByteArray &timeZone);
    // The suggestion as the editor shows it (its canonical text), once put in place.
    void setProposedText(const QString &canonicalText);
    // The editor's text now (empty while it does not parse): the figures say whether they are still its own.
    void showCurrentText(const QString &canonicalText);
    bool isSuggesting() const { return m_suggesting; }
    void cancel(); // the suggestion being read is not wanted any more

Q_SIGNALS:
    void suggestClicked();
    void suggestionArrived(const QString &text);
    void revertClicked();

private:
    void onSuggested(const TrafficSuggestion &suggestion);
    void onFailed(const QString &reason);
    void setSuggesting(bool suggesting);
    QString figuresText(const TrafficSuggestion &suggestion) const;

    QPushButton *m_suggestButton;
    QSpinBox *m_weeksSpin;
    QDoubleSpinBox *m_thresholdSpin;
    QDoubleSpinBox *m_perReplicaSpin;
    QPushButton *m_revertButton;
    QLabel *m_statusLabel;
    QLabel *m_figuresLabel;
    QLabel *m_editedLabel;
    QPointer<ScheduleSuggestionSource> m_source;
    SuggestionTarget m_target;
    const Clock *m_clock = nullptr;
    QString m_unavailable;
    std::optional<QString> m_proposedText; // the suggestion's text as the editor shows it
    bool m_suggesting = false;
};

} // namespace scaledeck
