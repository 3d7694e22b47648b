// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "suggestionpanel.h"

#include "costview.h"
#include "suggestionsource.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace scaledeck {

namespace {
constexpr int kMaxWeeks = 12; // as `scaledeckctl schedule suggest --weeks`

QString hours(double value)
{
    return QString::number(value, 'f', 1);
}
} // namespace

SuggestionPanel::SuggestionPanel(QWidget *parent)
    : QWidget(parent), m_suggestButton(new QPushButton(tr("Suggest from traffic…"), this)),
      m_weeksSpin(new QSpinBox(this)), m_thresholdSpin(new QDoubleSpinBox(this)),
      m_perReplicaSpin(new QDoubleSpinBox(this)),
      m_revertButton(new QPushButton(tr("Back to the saved schedule"), this)), m_statusLabel(new QLabel(this)),
      m_figuresLabel(new QLabel(this)), m_editedLabel(new QLabel(this))
{
    m_suggestButton->setObjectName(QStringLiteral("suggestButton"));
    m_weeksSpin->setObjectName(QStringLiteral("suggestWeeksSpin"));
    m_thresholdSpin->setObjectName(QStringLiteral("suggestThresholdSpin"));
    m_perReplicaSpin->setObjectName(QStringLiteral("suggestPerReplicaSpin"));
    m_revertButton->setObjectName(QStringLiteral("suggestRevertButton"));
    m_statusLabel->setObjectName(QStringLiteral("suggestStatusLabel"));
    m_figuresLabel->setObjectName(QStringLiteral("suggestFiguresLabel"));
    m_editedLabel->setObjectName(QStringLiteral("suggestEditedLabel"));

    m_weeksSpin->setRange(1, kMaxWeeks);
    m_weeksSpin->setValue(4);
    m_weeksSpin->setSuffix(tr(" weeks"));
    m_weeksSpin->setToolTip(tr("How many weeks of traffic, up to now, the suggestion is made from"));
    m_thresholdSpin->setRange(0, 1e6);
    m_thresholdSpin->setDecimals(2);
    m_thresholdSpin->setSuffix(tr(" req/s"));
    m_thresholdSpin->setToolTip(tr("A quarter hour is busy above this rate; 0: any request keeps it up"));
    m_perReplicaSpin->setRange(0, 1e6);
    m_perReplicaSpin->setDecimals(2);
    m_perReplicaSpin->setSuffix(tr(" req/s"));
    m_perReplicaSpin->setSpecialValueText(tr("replicas seen"));
    m_perReplicaSpin->setToolTip(tr("The rate one replica should take: a window's count is its p95 rate over this. "
                                    "Unset: every window gets the replicas the deployment has now."));
    m_weeksSpin->setAccessibleName(tr("Weeks of traffic to suggest from"));
    m_thresholdSpin->setAccessibleName(tr("Busy above this many requests/s"));
    m_perReplicaSpin->setAccessibleName(tr("Requests/s per replica"));
    m_revertButton->setToolTip(tr("The text as it was when the editor opened"));
    m_revertButton->hide();
    for (QLabel *label : {m_statusLabel, m_figuresLabel, m_editedLabel}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->hide();
    }

    // Beside the grid, under the text form, which gives up height for it; the status and figures scroll rather
    // than make the editor taller than a laptop screen (test_smallscreen).
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_suggestButton);
    buttons->addStretch(1);
    buttons->addWidget(m_revertButton);
    auto *options = new QGridLayout;
    options->addWidget(new QLabel(tr("From"), this), 0, 0);
    options->addWidget(m_weeksSpin, 0, 1);
    options->addWidget(new QLabel(tr("busy above"), this), 0, 2);
    options->addWidget(m_thresholdSpin, 0, 3);
    options->addWidget(new QLabel(tr("Per replica"), this), 1, 0);
    options->addWidget(m_perReplicaSpin, 1, 1, 1, 3);
    options->setColumnStretch(1, 1);
    options->setColumnStretch(3, 1);
    auto *answer = new QWidget;
    auto *answerLayout = new QVBoxLayout(answer);
    answerLayout->setContentsMargins(0, 0, 0, 0);
    answerLayout->addWidget(m_statusLabel);
    answerLayout->addWidget(m_figuresLabel);
    answerLayout->addWidget(m_editedLabel);
    answerLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("suggestAnswerArea"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(answer);
    scroll->setMinimumHeight(fontMetrics().lineSpacing()); // a scroll area's own minimum is taller than a line
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addLayout(options);
    layout->addWidget(scroll, 1);

    connect(m_suggestButton, &QPushButton::clicked, this, &SuggestionPanel::suggestClicked);
    connect(m_revertButton, &QPushButton::clicked, this, &SuggestionPanel::revertClicked);
    setUnavailable(tr("Suggestions read the deployment's traffic from Prometheus: this window has none"));
}

void SuggestionPanel::setSource(ScheduleSuggestionSource *source, SuggestionTarget target, const Clock *clock)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    m_target = std::move(target);
    m_clock = clock;
    m_unavailable.clear();
    connect(source, &ScheduleSuggestionSource::suggested, this, &SuggestionPanel::onSuggested);
    connect(source, &ScheduleSuggestionSource::failed, this, &SuggestionPanel::onFailed);
    setSuggesting(false);
}

void SuggestionPanel::setUnavailable(const QString &reason)
{
    m_unavailable = reason;
    setSuggesting(false);
}

void SuggestionPanel::setSuggesting(bool suggesting)
{
    m_suggesting = suggesting;
    const bool available = m_unavailable.isEmpty() && m_source;
    m_suggestButton->setEnabled(available && !suggesting);
    m_suggestButton->setToolTip(
        available
            ? tr("Propose a weekly schedule from %1's request rate in %2").arg(m_target.name, m_source->describe())
            : m_unavailable);
}

void SuggestionPanel::suggest(const QByteArray &timeZone)
{
    if (!m_source || !m_unavailable.isEmpty() || m_suggesting)
        return;
    const int weeks = m_weeksSpin->value();
    TrafficSuggestionRequest request;
    request.app = m_target.app;
    request.deployment = m_target.deployment;
    request.targetName = m_target.name;
    request.weeks = weeks;
    request.stepS = suggestionStepS(weeks);
    request.nowUtc = m_clock->nowUtc();
    request.options.timeZone = timeZone;
    request.options.thresholdPerS = m_thresholdSpin->value();
    if (m_perReplicaSpin->value() > 0)
        request.options.targetPerReplica = m_perReplicaSpin->value();
    request.options.observedReplicas = m_target.observedReplicas;
    request.options.gpusPerReplica = m_target.gpusPerReplica;
    request.options.current = m_target.current;
    setSuggesting(true);
    m_statusLabel->setText((weeks == 1 ? tr("Reading 1 week of %2's traffic from %3…")
                                       : tr("Reading %1 weeks of %2's traffic from %3…").arg(weeks))
                               .arg(m_target.name, m_source->describe()));
    m_statusLabel->show();
    m_source->suggest(request);
}

void SuggestionPanel::cancel()
{
    if (m_source && m_suggesting)
        m_source->cancel();
    setSuggesting(false);
}

void SuggestionPanel::onSuggested(const TrafficSuggestion &suggestion)
{
    if (!m_suggesting)
        return;
    setSuggesting(false);
    const ScheduleSuggestion &s = suggestion.suggestion;
    QString status = tr("Suggested from %1 days of traffic (%2% of steps had data)")
                         .arg(s.spanStartUtc.secsTo(s.spanEndUtc) / 86400.0, 0, 'f', 1)
                         .arg(s.coveredFraction * 100, 0, 'f', 1);
    if (!suggestion.coldStartSeconds)
        status += tr("; no replica start seen in that time, so no prewarm");
    m_statusLabel->setText(status);
    m_figuresLabel->setText(figuresText(suggestion));
    m_figuresLabel->show();
    m_revertButton->show();
    Q_EMIT suggestionArrived(s.text);
}

void SuggestionPanel::onFailed(const QString &reason)
{
    if (!m_suggesting)
        return;
    setSuggesting(false);
    m_statusLabel->setText(reason);
    m_statusLabel->show();
}

QString SuggestionPanel::figuresText(const TrafficSuggestion &suggestion) const
{
    const ScheduleSuggestion &s = suggestion.suggestion;
    const double ratio = s.alwaysOnGpuHours > 0 ? s.gpuHours / s.alwaysOnGpuHours : 0;
    QString gpu = tr("GPU-hours in that time: %1 with this schedule, %2 always on (%3 of always-on)")
                      .arg(hours(s.gpuHours), hours(s.alwaysOnGpuHours))
                      .arg(ratio, 0, 'f', 2);
    if (s.currentGpuHours)
        gpu += tr(", %1 with the current schedule").arg(hours(*s.currentGpuHours));
    QStringList lines{gpu};
    if (m_target.pricePerGpuHour) {
        const double price = *m_target.pricePerGpuHour;
        QString money = tr("Cost: %1 with this schedule, %2 always on")
                            .arg(formatMoney(s.gpuHours * price, m_target.currency),
                                 formatMoney(s.alwaysOnGpuHours * price, m_target.currency));
        if (s.currentGpuHours)
            money +=
                tr(", %1 with the current schedule").arg(formatMoney(*s.currentGpuHours * price, m_target.currency));
        lines << money;
    }
    QString missed = tr("Requests that would have arrived while parked: %1").arg(std::llround(s.missedRequests));
    if (!s.missedHours.empty())
        missed += QStringLiteral(" (") + missedHoursText(s) + QLatin1Char(')');
    lines << missed;
    return lines.join(QLatin1Char('\n'));
}

void SuggestionPanel::setProposedText(const QString &canonicalText)
{
    m_proposedText = canonicalText;
    showCurrentText(canonicalText);
}

void SuggestionPanel::showCurrentText(const QString &canonicalText)
{
    if (!m_proposedText)
        return;
    m_editedLabel->setText(tr("These figures are for the suggestion as proposed: the schedule has been edited since."));
    m_editedLabel->setVisible(canonicalText != *m_proposedText);
}

} // namespace scaledeck
