// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace scaledeck {

// The strip at the bottom that appears while edits are pending or being applied: "Apply N changes",
// "Preview…", "Discard", and one line of what the apply is doing or how it ended.
class ApplyBar : public QFrame {
    Q_OBJECT
public:
    explicit ApplyBar(QWidget *parent = nullptr);

    void setPendingCount(int count);
    void setBusy(bool busy);
    void setStatusText(const QString &text);
    QString statusText() const;
    QPushButton *applyButton() const { return m_applyButton; }

Q_SIGNALS:
    void applyClicked();
    void previewClicked();
    void discardClicked();

private:
    void updateState();

    QLabel *m_statusLabel;
    QPushButton *m_applyButton;
    QPushButton *m_previewButton;
    QPushButton *m_discardButton;
    int m_pending = 0;
    bool m_busy = false;
};

} // namespace scaledeck
