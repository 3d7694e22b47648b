// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "overridedialog.h"

#include "displayformat.h"
#include "recenttrafficlabel.h"
#include "scheduledisplay.h"
#include "ui_overridedialog.h"

#include <QPushButton>

#include <algorithm>

namespace scaledeck {

namespace {
constexpr int kTickMs = 15000; // an open dialog notices when its expiry has passed
constexpr qint64 kDefaultCustomSecs = 2 * 3600;

QString durationUntil(qint64 seconds)
{
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 60)
        return QCoreApplication::translate("OverrideDialog", "%1 min").arg(minutes);
    if (minutes < 48 * 60 && minutes % 60 == 0)
        return QCoreApplication::translate("OverrideDialog", "%1 h").arg(minutes / 60);
    if (minutes < 48 * 60)
        return QCoreApplication::translate("OverrideDialog", "%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    const int days = int(minutes / (24 * 60));
    return QCoreApplication::translate("OverrideDialog", "%n day(s)", nullptr, days);
}
} // namespace

OverrideDialog::OverrideDialog(ScheduleTarget target, int replicas, const ScheduleEvaluator &evaluator,
                               const Clock *clock, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::OverrideDialog>()), m_target(std::move(target)), m_replicas(replicas),
      m_schedule(evaluator.schedule()), m_clock(clock),
      m_zone(evaluator.zoneIsValid() ? evaluator.zone() : QTimeZone::utc())
{
    m_ui->setupUi(this);
    m_recentTraffic = new RecentTrafficLabel(this);
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->questionLabel) + 1, m_recentTraffic);
    setWindowTitle(tr("Override the schedule of %1").arg(m_target.toString()));

    const QDateTime nowUtc = m_clock->nowUtc();
    const QDateTime nowLocal = nowUtc.toTimeZone(m_zone);
    const int scheduledNow = m_schedule.effectiveAt(nowUtc).replicas;
    const std::vector<ScheduleTransition> next = m_schedule.nextTransitions(nowUtc, 1);
    QString situation;
    if (next.empty()) {
        situation = tr("now %1, no change in the next 60 days").arg(scheduledNow);
    } else {
        m_nextTransitionUtc = next.front().atUtc;
        situation = tr("now %1, next: %2 at %3")
                        .arg(scheduledNow)
                        .arg(next.front().to)
                        .arg(relativeMoment(m_nextTransitionUtc.toTimeZone(m_zone), nowLocal));
    }
    QString question =
        tr("%1 is on a schedule (%2). Keep %3 until:").arg(m_target.toString(), situation, replicaCount(m_replicas));
    const DesiredState held = evaluator.desiredAt(nowUtc);
    if (held.tier == ScheduleTier::Override)
        question = tr("%1 is on a schedule (%2) and held by an %3, which this replaces. Keep %4 until:")
                       .arg(m_target.toString(), situation, held.reason, replicaCount(m_replicas));
    m_ui->questionLabel->setText(question);

    if (next.empty()) {
        m_ui->nextTransitionRadio->setText(tr("the next transition (none in the next 60 days)"));
        m_ui->nextTransitionRadio->setEnabled(false);
    } else {
        m_ui->nextTransitionRadio->setText(
            tr("the &next transition (%1)").arg(relativeMoment(m_nextTransitionUtc.toTimeZone(m_zone), nowLocal)));
    }
    m_ui->endOfDayRadio->setText(tr("&end of today (%1 24:00)").arg(nowLocal.toString(QStringLiteral("ddd"))));
    m_ui->zoneLabel->setText(QString::fromLatin1(m_zone.id()));

    // The edit shows wall-clock time in the schedule's zone. It runs in UTC only so that every wall-clock
    // time can be entered whatever the system's zone (no DST gaps); untilUtc() reads it in the schedule's zone.
    m_ui->dateTimeEdit->setTimeSpec(Qt::UTC);
    const QDateTime defaultLocal = nowUtc.addSecs(kDefaultCustomSecs).toTimeZone(m_zone);
    const QTime defaultTime(defaultLocal.time().hour(), defaultLocal.time().minute());
    m_ui->dateTimeEdit->setDateTime(QDateTime(defaultLocal.date(), defaultTime, Qt::UTC));

    setExpiry(next.empty() ? Expiry::DateTime : Expiry::NextTransition);
    for (QRadioButton *radio : {m_ui->nextTransitionRadio, m_ui->endOfDayRadio, m_ui->dateTimeRadio})
        connect(radio, &QRadioButton::toggled, this, &OverrideDialog::updateExpiry);
    connect(m_ui->dateTimeEdit, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (!m_ui->dateTimeRadio->isChecked())
            m_ui->dateTimeRadio->setChecked(true); // editing the time chooses it
        updateExpiry();
    });
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &OverrideDialog::updateExpiry);
    m_tick.start();
    updateExpiry();
    resize(std::max(width(), sizeHint().width()), sizeHint().height());
}

OverrideDialog::~OverrideDialog() = default;

OverrideDialog::Expiry OverrideDialog::expiry() const
{
    if (m_ui->nextTransitionRadio->isChecked())
        return Expiry::NextTransition;
    if (m_ui->endOfDayRadio->isChecked())
        return Expiry::EndOfToday;
    return Expiry::DateTime;
}

void OverrideDialog::setExpiry(Expiry expiry)
{
    switch (expiry) {
    case Expiry::NextTransition:
        m_ui->nextTransitionRadio->setChecked(true);
        break;
    case Expiry::EndOfToday:
        m_ui->endOfDayRadio->setChecked(true);
        break;
    case Expiry::DateTime:
        m_ui->dateTimeRadio->setChecked(true);
        break;
    }
    updateExpiry();
}

void OverrideDialog::setCustomUntil(const QDate &date, const QTime &time)
{
    m_ui->dateTimeEdit->setDateTime(QDateTime(date, QTime(time.hour(), time.minute()), Qt::UTC));
    setExpiry(Expiry::DateTime);
}

QDateTime OverrideDialog::endOfTodayUtc() const
{
    const QDate today = m_clock->nowUtc().toTimeZone(m_zone).date();
    return localToUtc(today.addDays(1), QTime(0, 0), m_zone);
}

QDateTime OverrideDialog::untilUtc() const
{
    switch (expiry()) {
    case Expiry::NextTransition:
        return m_nextTransitionUtc;
    case Expiry::EndOfToday:
        return endOfTodayUtc();
    case Expiry::DateTime:
        break;
    }
    const QDateTime shown = m_ui->dateTimeEdit->dateTime();
    return localToUtc(shown.date(), shown.time(), m_zone);
}

QString OverrideDialog::note() const
{
    return m_ui->noteEdit->text().trimmed();
}

bool OverrideDialog::canAccept() const
{
    const QDateTime until = untilUtc();
    return until.isValid() && until > m_clock->nowUtc();
}

ScheduleOverride OverrideDialog::toOverride(const QString &createdBy) const
{
    ScheduleOverride override_;
    override_.target = m_target;
    override_.replicas = m_replicas;
    override_.untilUtc = untilUtc().toUTC();
    override_.createdUtc = m_clock->nowUtc().toUTC();
    override_.createdBy = createdBy;
    override_.note = note();
    return override_;
}

void OverrideDialog::updateExpiry()
{
    const QDateTime nowUtc = m_clock->nowUtc();
    const QDateTime until = untilUtc();
    const bool ok = canAccept();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(ok);
    QPalette palette = m_ui->expiryLabel->palette();
    const QColor window = this->palette().color(QPalette::Window);
    palette.setColor(QPalette::WindowText, ok ? this->palette().color(QPalette::WindowText)
                                              : statusColour(QStringLiteral("DEPLOY_FAILED"), window));
    m_ui->expiryLabel->setPalette(palette);
    if (!until.isValid()) {
        m_ui->expiryLabel->setText(tr("Choose when the override ends."));
        return;
    }
    const QDateTime local = until.toTimeZone(m_zone);
    const QString when = tr("%1 %2 (%3 UTC)")
                             .arg(local.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm")), local.timeZoneAbbreviation(),
                                  until.toUTC().toString(QStringLiteral("HH:mm")));
    if (!ok) {
        m_ui->expiryLabel->setText(tr("%1 has passed: choose a time in the future.").arg(when));
        return;
    }
    const int after = m_schedule.effectiveAt(until).replicas;
    QString text = tr("Ends %1, in %2; then back to the schedule: %3.")
                       .arg(when, durationUntil(nowUtc.secsTo(until)), replicaCount(after));
    // The expiry acts with nobody at the keyboard: what it will stop is said now, when it is set.
    if (after < m_replicas)
        text += after == 0 ? tr(" The controller then parks it by itself, without asking again.")
                           : tr(" The controller then scales it down by itself, without asking again.");
    m_ui->expiryLabel->setText(text);
}

void OverrideDialog::accept()
{
    updateExpiry();
    if (!canAccept())
        return;
    QDialog::accept();
}

} // namespace scaledeck
