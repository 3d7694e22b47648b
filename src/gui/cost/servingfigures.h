// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costreport.h"
#include "costwindow.h"
#include "servingcost.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace scaledeck {

// The cost tab's traffic figures for one load (CostOverview::serial): read by CostLoader from Prometheus after the
// costs, or why there are none.
struct ServingFigures {
    enum class State { Waiting, NoPrometheus, Failed, Read };
    quint64 serial = 0;
    QString clusterKey;
    CostWindow window = CostWindow::Day;
    State state = State::Waiting;
    QString source; // "Prometheus at http://…"
    QString error;  // State::Failed: what went wrong, naming the server
    int stepS = 0;
    ServingCost serving; // State::Read
};

// The three traffic cells of a deployments-table row and the line under the table, with a tooltip that says why
// wherever a figure is "—" (unknown) or only a lower bound.
class ServingColumns {
    Q_DECLARE_TR_FUNCTIONS(ServingColumns)
public:
    struct Cells {
        QStringList texts;    // Requests, Cost / 1k req, Idle while held (GPU-h)
        QStringList toolTips; // one a cell
    };
    static QStringList headers();
    static Cells cells(const ServingFigures &figures, const DeploymentCost &row, const QString &currency);
    static QString summary(const ServingFigures &figures);

private:
    static QString unknownReason(const ServingFigures &figures);
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::ServingFigures)
