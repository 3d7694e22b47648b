// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QTimer>
#include <QWidget>

class QLabel;

namespace scaledeck {

// The one-line summary above the tree: Ray version, GPUs held / total, nodes, and how old the shown
// data is ("last refresh 14:02:11 (3 s ago)"), ticking every second so a stalled poller is visible.
class ClusterHeader : public QWidget {
    Q_OBJECT
public:
    explicit ClusterHeader(QWidget *parent = nullptr);

    void setAddress(const QString &address, bool readOnly);
    void setSnapshot(SnapshotPtr snapshot);
    void setReadOnly(bool readOnly); // keeps the snapshot shown
    // Through a controller: the snapshot shown is still the latest as of `atUtc` (the header's "last refresh").
    void setConfirmedAt(const QDateTime &atUtc);
    QString text() const;

    // "42 s", "3 min 5 s": the age of the data for the header and the error banner.
    static QString formatAge(qint64 seconds);

private:
    void updateText();

    QLabel *m_summary;
    QLabel *m_freshness;
    QTimer m_tick;
    QString m_address;
    bool m_readOnly = false;
    SnapshotPtr m_snapshot;
    QDateTime m_confirmedAt;
};

} // namespace scaledeck
