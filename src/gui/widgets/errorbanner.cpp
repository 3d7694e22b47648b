// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace scaledeck {

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_actionButton(new QPushButton(this)),
      m_closeButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse); // so a message can be copied into a ticket
    m_closeButton->setText(QStringLiteral("✕"));
    m_closeButton->setToolTip(tr("Hide this message"));
    m_closeButton->setAutoRaise(true);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_actionButton);
    layout->addWidget(m_closeButton);
    connect(m_actionButton, &QPushButton::clicked, this, &ErrorBanner::actionTriggered);
    connect(m_closeButton, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT dismissed();
    });
    hide();
}

void ErrorBanner::showMessage(const QString &text, Severity severity, const QString &actionText)
{
    m_label->setText(text);
    m_actionButton->setText(actionText);
    m_actionButton->setVisible(!actionText.isEmpty());
    // A notice that counts the seconds is shown anew each second; restyling is only for a new severity.
    if (!m_styled || severity != m_severity)
        applyStyle(severity);
    show();
}

void ErrorBanner::applyStyle(Severity severity)
{
    m_severity = severity;
    m_styled = true;
    // Explicit text colours: the banner must stay readable under dark themes too.
    // By object name, so that a window can hold two banners (named apart) and each keeps its colours.
    const QString style =
        (severity == Severity::Error ? QStringLiteral("#%1 { background: #fdecea; border: 1px solid #c62828; "
                                                      "border-radius: 4px; } #%1 QLabel { color: #7f1d1d; }")
                                     : QStringLiteral("#%1 { background: #fff4e0; border: 1px solid #c77700; "
                                                      "border-radius: 4px; } #%1 QLabel { color: #5c3900; }"))
            .arg(objectName());
    setStyleSheet(style);
}

QString ErrorBanner::text() const
{
    return m_label->text();
}

} // namespace scaledeck
