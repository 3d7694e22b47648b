// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace scaledeck {

// A coloured strip at the top of the window naming what went wrong, with an optional action (e.g.
// "Reload") and a close button. One message at a time: a newer problem replaces the older one (the window keeps
// a second banner for the stale-data notice, so that one never hides an apply's failure, nor the other way).
class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    enum class Severity { Error, Warning };

    explicit ErrorBanner(QWidget *parent = nullptr);

    // An empty actionText hides the action button.
    void showMessage(const QString &text, Severity severity, const QString &actionText = {});
    QString text() const;
    Severity severity() const { return m_severity; }

Q_SIGNALS:
    void actionTriggered();
    void dismissed();

private:
    void applyStyle(Severity severity);

    QLabel *m_label;
    QPushButton *m_actionButton;
    QToolButton *m_closeButton;
    Severity m_severity = Severity::Error;
    bool m_styled = false; // the style sheet of m_severity is set
};

} // namespace scaledeck
