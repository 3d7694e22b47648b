// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costwindow.h"

namespace scaledeck {

qint64 costWindowSecs(CostWindow window)
{
    switch (window) {
    case CostWindow::Live:
        return 10 * 60;
    case CostWindow::Hour:
        return 3600;
    case CostWindow::Day:
        return 24 * 3600;
    case CostWindow::Week:
        return 7 * 24 * 3600;
    case CostWindow::Month:
        return 30 * 24 * 3600;
    }
    return 24 * 3600;
}

QString costWindowName(CostWindow window)
{
    switch (window) {
    case CostWindow::Live:
        return QStringLiteral("live");
    case CostWindow::Hour:
        return QStringLiteral("1 h");
    case CostWindow::Day:
        return QStringLiteral("24 h");
    case CostWindow::Week:
        return QStringLiteral("7 d");
    case CostWindow::Month:
        return QStringLiteral("30 d");
    }
    return QString();
}

} // namespace scaledeck
