// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace scaledeck {

// The strip at the bottom that appears while edits are pending or being applied: "Apply N changes",
// "Preview…", "Discard", and one line of what the apply is doing or how it ended. While the window follows
// a change Ray accepted, "Stop waiting" leaves the follow; Apply and Preview wait for it (and say so), while
// Discard drops what was edited meanwhile. An outcome that needs reading ("sent, not there yet") carries a
// close button and stays until it is closed or replaced.
class ApplyBar : public QFrame {
    Q_OBJECT
public:
    explicit ApplyBar(QWidget *parent = nullptr);

    void setPendingCount(int count); // the edits Apply would send (while following: those made meanwhile)
    void setBusy(bool busy);         // an apply runs: Apply, Preview wait
    void setFollowing(bool following);
    // Non-empty: Apply and Preview wait for the cluster, and this says why (it does not answer).
    void setBlockedReason(const QString &why);
    void setStatusText(const QString &text, bool dismissable = false);
    QString statusText() const;
    // What the pending edits ask that the cluster's nodes cannot place, while they are edited; empty hides it.
    void setCapacityWarning(const QString &text);
    QString capacityWarning() const;
    bool isStatusDismissable() const { return m_dismissable; }
    QPushButton *applyButton() const { return m_applyButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QPushButton *previewButton() const { return m_previewButton; }
    QPushButton *discardButton() const { return m_discardButton; }
    QToolButton *dismissButton() const { return m_dismissButton; }

Q_SIGNALS:
    void applyClicked();
    void previewClicked();
    void discardClicked();
    void stopWaitingClicked();
    void dismissClicked();

private:
    void updateState();
    void orderTabsLeftToRight();

    QLabel *m_statusLabel;
    QLabel *m_capacityLabel;
    QToolButton *m_dismissButton;
    QPushButton *m_stopButton;
    QPushButton *m_applyButton;
    QPushButton *m_previewButton;
    QPushButton *m_discardButton;
    int m_pending = 0;
    bool m_busy = false;
    bool m_following = false;
    bool m_dismissable = false;
    QString m_blockedReason;
};

} // namespace scaledeck
