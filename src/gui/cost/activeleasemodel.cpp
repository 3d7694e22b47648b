// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "activeleasemodel.h"

#include "costview.h"

#include <QHashFunctions>

namespace scaledeck {

namespace {
const std::vector<GpuLease> kNoLeases;

const std::vector<GpuLease> &leasesOf(const std::shared_ptr<const CostOverview> &overview)
{
    return overview ? overview->activeLeases : kNoLeases;
}
} // namespace

ActiveLeaseModel::ActiveLeaseModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_headers({tr("Replica"), tr("Deployment"), tr("GPUs"), tr("Type"), tr("Since"), tr("Cost so far")})
{
}

quint64 ActiveLeaseModel::rowsKey(const CostOverview &overview)
{
    size_t key = overview.activeLeases.size();
    for (const GpuLease &lease : overview.activeLeases)
        key = qHashMulti(key, lease.replicaId, lease.startUtc.toMSecsSinceEpoch());
    return quint64(key);
}

void ActiveLeaseModel::setOverview(std::shared_ptr<const CostOverview> overview, quint64 rowsKey)
{
    const bool same =
        overview && m_overview && rowsKey == m_rowsKey && leasesOf(overview).size() == leasesOf(m_overview).size();
    m_rowsKey = rowsKey;
    if (same) {
        m_overview = std::move(overview);
        if (rowCount() > 0) // the costs so far grew
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_overview = std::move(overview);
    endResetModel();
}

std::unique_ptr<ActiveLeaseModel> ActiveLeaseModel::copyOf() const
{
    auto copy = std::make_unique<ActiveLeaseModel>();
    copy->m_overview = m_overview;
    copy->m_rowsKey = m_rowsKey;
    return copy;
}

int ActiveLeaseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(leasesOf(m_overview).size());
}

int ActiveLeaseModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QString ActiveLeaseModel::text(const GpuLease &lease, int column) const
{
    switch (column) {
    case 0:
        return lease.replicaId;
    case 1:
        return lease.app + QLatin1Char('/') + lease.deployment;
    case 2:
        return QString::number(lease.gpus);
    case 3:
        return lease.accelerator.isEmpty() ? tr("default") : lease.accelerator;
    case 4:
        return lease.startUtc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case 5: {
        const PriceList &prices = m_overview->prices;
        return formatMoney(prices.costOf(lease, lease.hoursWithin(lease.startUtc, m_overview->nowUtc)),
                           prices.currency);
    }
    default:
        return QString();
    }
}

QVariant ActiveLeaseModel::data(const QModelIndex &index, int role) const
{
    const std::vector<GpuLease> &leases = leasesOf(m_overview);
    if (!index.isValid() || size_t(index.row()) >= leases.size() || index.column() >= columnCount())
        return QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return text(leases[size_t(index.row())], index.column());
    case Qt::TextAlignmentRole:
        return index.column() == 2 || index.column() == 5 ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                          : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return QVariant();
    }
}

QVariant ActiveLeaseModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size())
        return m_headers[section];
    return QVariant();
}

} // namespace scaledeck
