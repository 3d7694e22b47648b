// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "trayicon.h"

#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>
#include <QWidget>

namespace scaledeck {

namespace {

constexpr int kIconSize = 64;

QColor badgeColour(TrayState state)
{
    switch (state) {
    case TrayState::Connected:
        return QColor(0x2e, 0x9e, 0x44); // green
    case TrayState::Changing:
        return QColor(0x1f, 0x6f, 0xd1); // blue
    case TrayState::Error:
        return QColor(0xd1, 0x24, 0x2f); // red
    case TrayState::NotConnected:
        break;
    }
    return QColor(0x88, 0x88, 0x88);
}

// The badge's sign: "!" for an error, an arrow for a change, nothing for all's well.
void paintSign(QPainter &painter, TrayState state, const QRectF &badge)
{
    painter.setPen(QPen(Qt::white, badge.width() / 7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const QPointF c = badge.center();
    const qreal r = badge.width() / 2;
    if (state == TrayState::Error) {
        painter.drawLine(QPointF(c.x(), c.y() - r * 0.5), QPointF(c.x(), c.y() + r * 0.1));
        painter.drawPoint(QPointF(c.x(), c.y() + r * 0.45));
    } else if (state == TrayState::Changing) {
        painter.drawLine(QPointF(c.x() - r * 0.45, c.y()), QPointF(c.x() + r * 0.4, c.y()));
        painter.drawLine(QPointF(c.x() + r * 0.4, c.y()), QPointF(c.x() + r * 0.05, c.y() - r * 0.35));
        painter.drawLine(QPointF(c.x() + r * 0.4, c.y()), QPointF(c.x() + r * 0.05, c.y() + r * 0.35));
    }
}

} // namespace

QIcon TrayIcon::iconFor(TrayState state)
{
    QPixmap pixmap(kIconSize, kIconSize);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QIcon app(QStringLiteral(":/icons/scaledeck.svg"));
    QIcon::Mode mode = state == TrayState::NotConnected ? QIcon::Disabled : QIcon::Normal;
    app.paint(&painter, QRect(0, 0, kIconSize, kIconSize), Qt::AlignCenter, mode);
    if (state != TrayState::NotConnected) {
        const QRectF badge(kIconSize * 0.5, kIconSize * 0.5, kIconSize * 0.48, kIconSize * 0.48);
        painter.setPen(QPen(Qt::white, 3));
        painter.setBrush(badgeColour(state));
        painter.drawEllipse(badge);
        paintSign(painter, state, badge);
    }
    painter.end();
    return QIcon(pixmap);
}

TrayIcon::TrayIcon(QWidget *window, QObject *parent)
    : QObject(parent), m_window(window), m_tray(new QSystemTrayIcon(this)), m_showHide(nullptr)
{
    auto *menu = new QMenu(window);
    m_showHide = menu->addAction(tr("Hide window"), this, &TrayIcon::toggleWindow);
    menu->addSeparator();
    menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);
    connect(menu, &QMenu::aboutToShow, this,
            [this] { m_showHide->setText(m_window->isVisible() ? tr("Hide window") : tr("Show window")); });
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    update();
    m_tray->show();
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::setCluster(const QString &address)
{
    m_facts = TrayFacts{};
    m_facts.cluster = address;
    m_failedTargets.clear();
    update();
}

void TrayIcon::setSnapshot(const SnapshotPtr &snapshot)
{
    m_facts.answered = snapshot && snapshot->takenAt.isValid();
    m_facts.gpusHeld = snapshot ? snapshot->gpusHeld() : 0;
    m_facts.gpusTotal = snapshot ? snapshot->gpusTotal : 0;
    update();
}

void TrayIcon::setStale(bool stale)
{
    m_facts.stale = stale;
    update();
}

void TrayIcon::setApplying(bool applying)
{
    m_facts.applying = applying;
    update();
}

// A tick that failed is an error until one runs; a change that failed is one until its target is in step or a
// change of it goes through (the ticks in between only wait to retry it). A change sent, or one Ray is still
// applying, is in progress.
void TrayIcon::setControllerReport(const TickReport &report)
{
    m_facts.controllerChanging = false;
    for (const TargetDecision &decision : report.decisions) {
        if (decision.result == DecisionResult::Failed)
            m_failedTargets.insert(decision.target);
        else if (decision.result == DecisionResult::InStep || decision.result == DecisionResult::Sent)
            m_failedTargets.remove(decision.target);
        if (decision.result == DecisionResult::Sent || decision.result == DecisionResult::Pending ||
            (decision.result == DecisionResult::Waiting && !m_failedTargets.contains(decision.target)))
            m_facts.controllerChanging = true;
    }
    if (report.error)
        m_facts.controllerError = report.error->describe();
    else if (!m_failedTargets.isEmpty()) {
        QStringList failed = m_failedTargets.values();
        failed.sort();
        m_facts.controllerError = tr("changing %1 failed").arg(failed.join(QStringLiteral(", ")));
    } else
        m_facts.controllerError.clear();
    update();
}

QString TrayIcon::toolTip() const
{
    return trayToolTip(m_facts);
}

void TrayIcon::update()
{
    const TrayState state = trayStateOf(m_facts);
    if (m_shownState != state) {
        m_tray->setIcon(iconFor(state));
        m_shownState = state;
    }
    m_tray->setToolTip(toolTip());
}

void TrayIcon::toggleWindow()
{
    if (m_window->isVisible()) {
        m_window->hide();
        return;
    }
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace scaledeck
