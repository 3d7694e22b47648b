// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetsearch.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace scaledeck {

// The fleet search's matches as a table: cluster, application, deployment, state, replicas (running of target).
// The matches arrive whole from the search thread; the view pulls only the rows it shows.
class FleetMatchModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Cluster, App, Deployment, State, Replicas, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    // Shared with the search thread that made them: nobody changes them once made.
    void setMatches(std::shared_ptr<const std::vector<FleetMatch>> matches);
    const std::vector<FleetMatch> &matches() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const std::vector<FleetMatch>> m_matches;
};

} // namespace scaledeck
