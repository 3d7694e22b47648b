// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costoverview.h"

#include <QAbstractTableModel>

#include <memory>

namespace scaledeck {

// The cost tab's active leases (CostOverview::activeLeases, oldest first: CostLoader sorts them on its thread),
// with what each has cost so far. Like DeploymentCostModel, the view pulls the texts of the rows it paints, and
// copyOf() gives a model another thread can read for a CSV export.
class ActiveLeaseModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ActiveLeaseModel(QObject *parent = nullptr);

    // The identity of an overview's leases, in order, as one number (as DeploymentCostModel::rowsKey).
    static quint64 rowsKey(const CostOverview &overview);
    // A refresh with the same leases in the same order (the same `rowsKey`) keeps the rows; anything else resets
    // the table.
    void setOverview(std::shared_ptr<const CostOverview> overview, quint64 rowsKey);
    std::unique_ptr<ActiveLeaseModel> copyOf() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const GpuLease &lease, int column) const;

    QStringList m_headers;
    std::shared_ptr<const CostOverview> m_overview;
    quint64 m_rowsKey = 0;
};

} // namespace scaledeck
