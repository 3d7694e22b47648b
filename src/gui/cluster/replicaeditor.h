// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;

namespace scaledeck {

// A slider and a spin box kept in step, for one deployment's target replica count. Only the operator's
// moves are reported (valueEdited); values pushed in from refreshed snapshots are not.
class ReplicaEditor : public QWidget {
    Q_OBJECT
public:
    explicit ReplicaEditor(QWidget *parent = nullptr);

    void setRange(int maximum); // the minimum is always 0
    void setValue(int value);
    void setCurrentTarget(int target); // shows "2 →" in front while the value differs from it
    // "llm/LLM": names the slider and the spin box for screen readers (both show the same count).
    void setTargetName(const QString &target);
    int value() const;
    int maximum() const;
    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spinBox; }

Q_SIGNALS:
    void valueEdited(int value);

private:
    void onEdited(int value);
    void updateFromLabel();
    void updateAccessibleDescription();

    QSlider *m_slider;
    QSpinBox *m_spinBox;
    QLabel *m_fromLabel;
    int m_currentTarget = -1;
    bool m_updating = false;
};

} // namespace scaledeck
