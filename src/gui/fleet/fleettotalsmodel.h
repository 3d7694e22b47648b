// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>

namespace scaledeck {

class FleetModel;

// The fleet's totals as one row with FleetModel's columns, for a view pinned under the fleet table (it never
// sorts with the clusters). Sums the known figures only; the State column says how many clusters are not in them.
class FleetTotalsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit FleetTotalsModel(FleetModel *fleet, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QString displayText(int column) const;
    QString toolTip(int column) const;

    FleetModel *m_fleet;
};

} // namespace scaledeck
