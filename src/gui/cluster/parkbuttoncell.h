// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QPushButton;

namespace scaledeck {

// The Park/Unpark cell of a declarative application row. The button keeps its natural width at the
// left of the cell (an index widget is stretched over the whole cell); its text follows the application's
// state and pending action. Pressing it only emits clicked(); the view decides what that means.
class ParkButtonCell : public QWidget {
    Q_OBJECT
public:
    explicit ParkButtonCell(QWidget *parent = nullptr);

    // `whyDisabled` is the tooltip of a button that is not editable (e.g. a read-only profile); empty: the usual one.
    void setState(bool parked, bool parkPending, bool unparkPending, bool editable,
                  const QString &whyDisabled = QString());
    QPushButton *button() const { return m_button; }
    // The application the button acts on: its accessible name says it ("Park llm"), as the row does to the eye.
    void setApplicationName(const QString &app);

Q_SIGNALS:
    void clicked();

private:
    void updateAccessibleName();

    QPushButton *m_button;
    QString m_app;
};

} // namespace scaledeck
