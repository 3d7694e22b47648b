// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "fleetcost.h"
#include "fleetrow.h"
#include "fleettotals.h"

#include <QAbstractTableModel>

#include <vector>

namespace scaledeck {

// The Fleet page's table: one row a cluster (a saved profile), in the fleet's member order. A poller's
// rowChanged replaces one row and emits dataChanged for that row alone, so a refresh costs what changed; the
// totals (fleetTotalsOf, shown by FleetTotalsModel under the table) follow with totalsChanged.
//
// Each cluster's spend and savings today and this month (FleetCost, read apart at a slower pace) come through
// updateCost, which changes that row's four cost cells alone; a cost not read yet or unavailable is "—", its tooltip
// says why.
//
// SortRole gives each column's value to sort by: numbers for the figures (unknown ones invalid, so they sort
// last), texts for the rest. Sort through a QSortFilterProxyModel with setSortRole(FleetModel::SortRole).
class FleetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        State,
        RayVersion,
        Gpus,
        Replicas,
        Pending,
        Unplaceable,
        Controller,
        CostPerHour,
        SpendToday,
        SavedToday,
        SpendMonth,
        SavedMonth,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1 };

    // `clock` words "stale since" (a time of today, or with its date); the system clock when null.
    explicit FleetModel(const Clock *clock = nullptr, QObject *parent = nullptr);

    // Every row at once (a new fleet): a reset.
    void setRows(std::vector<FleetRow> rows);
    // One cluster's new row, at its member index: dataChanged for that row only. An index out of range is ignored
    // (a late answer of a fleet replaced meanwhile).
    void updateRow(int index, const scaledeck::FleetRow &row);

    // One cluster's new cost, at its member index: dataChanged for its cost cells only (ignored out of range).
    void updateCost(int index, const scaledeck::FleetCostPtr &cost);

    const std::vector<FleetRow> &rows() const { return m_rows; }
    // By member index, as the rows; null: not read yet.
    const std::vector<FleetCostPtr> &costs() const { return m_costs; }
    const FleetTotals &totals() const { return m_totals; }
    const FleetCostTotals &costTotals() const { return m_costTotals; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // A column's header text, for the totals' view and the tests.
    static QString columnTitle(int column);

Q_SIGNALS:
    void totalsChanged();

private:
    QString displayText(const FleetRow &row, int column) const;
    QVariant sortValue(const FleetRow &row, int column) const;
    QString toolTip(const FleetRow &row, int column) const;
    QString costText(const FleetCostPtr &cost, int column) const;
    QVariant costSortValue(const FleetCostPtr &cost, int column) const;
    QString costToolTip(const FleetCostPtr &cost, int column) const;

    SystemClock m_systemClock;
    const Clock *m_clock;
    std::vector<FleetRow> m_rows;
    std::vector<FleetCostPtr> m_costs;
    FleetTotals m_totals;
    FleetCostTotals m_costTotals;
};

} // namespace scaledeck
