// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploymenttraffic.h"

#include <QWidget>

class QLabel;

namespace scaledeck {

class ErrorBanner;

// One line under the cluster tree saying where its traffic figures come from ("Traffic: Prometheus at http://…
// (1 min window)", "Traffic: the nodes' metrics (no Prometheus configured; live values only)"), or, in the
// warning style of the stale-data notice, that the last reading failed and why.
class TrafficSourceLine : public QWidget {
    Q_OBJECT
public:
    explicit TrafficSourceLine(QWidget *parent = nullptr);

    void showReading(const TrafficReading &reading);
    void showFailure(const QString &why);
    void showWaiting(const QString &source); // connected, no reading yet
    QString text() const;                    // what is shown, whichever style
    bool showsFailure() const;

private:
    QLabel *m_label;
    ErrorBanner *m_failure;
};

} // namespace scaledeck
