// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <functional>

class QSettings;
class QWidget;

namespace scaledeck {

// Closing the window while the controller enforces schedules: keep ScaleDeck running in the tray (the
// controller goes on) or quit? Asked with open() (the GUI thread never waits in a nested loop), once per
// close; "Don't ask again" remembers the answer in the settings it is given (none: asked every time).
class CloseToTrayQuestion : public QObject {
    Q_OBJECT
public:
    enum class Answer { Ask, KeepInTray, Quit };

    CloseToTrayQuestion(QSettings *settings, QWidget *window);
    Answer remembered() const;
    // Opens the question (unless it is open already) and calls `answer` with true for "keep in the tray", false
    // for "quit"; not at all when the box is closed without an answer.
    void ask(std::function<void(bool keepInTray)> answer);
    QMessageBox *openBox() const { return m_box; }

private:
    QSettings *m_settings;
    QWidget *m_window;
    QPointer<QMessageBox> m_box;
};

} // namespace scaledeck
