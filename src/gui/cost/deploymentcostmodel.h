// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costoverview.h"
#include "servingfigures.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace scaledeck {

// The cost tab's deployments table (CostOverview::inWindow.deployments, one row each, in its order until a column
// header sorts it, then in that column's order across refreshes) with the traffic columns. The view pulls the texts of
// the rows it paints: a load of 10,000 deployments is a pointer handed over, not 120,000 strings made on the GUI
// thread, and painting costs what is visible. The overview and figures are shared and never changed, so the model can
// be copied (copyOf) and read on another thread for a CSV export.
class DeploymentCostModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DeploymentCostModel(QObject *parent = nullptr);

    // The identity of an overview's rows: its deployments in order, as one number. Made on the loader's thread, so
    // that the GUI thread compares two numbers, not 10,000 names.
    static quint64 rowsKey(const CostOverview &overview);
    // The overview's rows in the order of their deployment names (case-insensitive), ascending and descending as
    // sort() gives them. Made on the loader's thread with rowsKey: making, case-folding and comparing 20,000 names
    // took the GUI thread 13-18 ms a click on the name column.
    struct NameOrders {
        std::vector<int> ascending;
        std::vector<int> descending;
    };
    static std::shared_ptr<const NameOrders> nameOrders(const CostOverview &overview);
    // A refresh with the same rows (the same `rowsKey`, or the same overview with new traffic figures) keeps them
    // (scroll position and selection) and says their texts changed; anything else resets the table. Two keys equal
    // by chance (a 64-bit collision) would only keep the scroll position: the texts are the new overview's.
    // `byName` (nameOrders of the same rows), when given, is the order of a sort by name.
    void setOverview(std::shared_ptr<const CostOverview> overview, std::shared_ptr<const ServingFigures> serving,
                     quint64 rowsKey, std::shared_ptr<const NameOrders> byName = {});
    // The same rows in a new model without a parent, for a thread that reads it on its own.
    std::unique_ptr<DeploymentCostModel> copyOf() const;

    // The deployment shown in `row` (in the sorted order); null outside the table.
    const DeploymentCost *rowAt(int row) const;
    // Numbers sort as numbers (an unknown figure last in either order), names as text; 10,000 rows sort in a few
    // milliseconds, so the GUI thread does it. By deployment name, the order setOverview was given, when it was.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static constexpr int kCostColumns = 9; // then the traffic columns
    QString costText(const DeploymentCost &row, int column) const;
    const ServingFigures &servingFigures() const;
    std::vector<int> sortedOrder() const; // the overview's row shown in each row; empty when unsorted
    void reorder();                       // to sortedOrder(), keeping the selection on its deployments

    QStringList m_headers;
    std::shared_ptr<const CostOverview> m_overview;
    std::shared_ptr<const ServingFigures> m_serving;
    quint64 m_rowsKey = 0;
    std::shared_ptr<const NameOrders> m_byName; // of m_overview's rows; null when not given
    int m_sortColumn = -1;                      // none: the overview's order
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<int> m_order;
};

} // namespace scaledeck
