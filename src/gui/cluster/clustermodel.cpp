// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustermodel.h"

#include "displayformat.h"
#include "guiactivity.h"
#include "pendingedits.h"
#include "snapshotdiff.h"
#include "snapshotrelease.h"
#include "statusreport.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <utility>

namespace scaledeck {

namespace {
const QString arrow = QStringLiteral(" → ");

// Pending edits are drawn bold on a pale amber, the same colour as the apply bar.
const QColor pendingBackground(0xff, 0xf1, 0xc1);

// Text on the pending amber: the palette's text colour may be light (a dark palette), which would not read on it.
// The apply bar's dark brown, as the bar and the rows share the amber.
const QColor pendingText(0x3d, 0x2e, 0x00);

// The foreground of a cell that is not a status: the pending text on a pending row, else the palette's.
QVariant plainForeground(bool pending)
{
    return pending ? QVariant(pendingText) : QVariant();
}

// What a status is drawn on: the pending amber, else the view's rows.
QColor statusBackground(bool pending)
{
    return pending ? pendingBackground : QGuiApplication::palette().color(QPalette::Base);
}

// Stale data keeps its colours' hues, faded; text of the palette's colour turns mid grey, which reads as faded on
// light and dark themes alike.
QVariant staleForeground(const QVariant &colour)
{
    if (!colour.isValid())
        return QColor(0x80, 0x80, 0x80);
    QColor faded = colour.value<QColor>();
    faded.setAlphaF(0.55f * faded.alphaF());
    return faded;
}

// A cell's text in full, for when its column is too narrow for it (a long name), then what explains it (Ray's
// message, the status trigger). None when there is neither.
QVariant fullTextToolTip(const QString &text, const QString &explanation)
{
    QStringList lines;
    if (!text.isEmpty())
        lines.append(text);
    if (!explanation.isEmpty() && explanation != text)
        lines.append(explanation);
    return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
}
} // namespace

ClusterModel::ClusterModel(const PendingEdits *edits, QObject *parent) : QAbstractItemModel(parent), m_edits(edits)
{
    connect(m_edits, &PendingEdits::editsChanged, this, [this](const QStringList &apps) {
        for (const QString &app : apps)
            emitRowsChanged(app);
    });
}

ClusterModel::~ClusterModel() = default;

void ClusterModel::setSnapshot(SnapshotPtr next)
{
    if (!next)
        return;
    GuiActivity activity("live refresh: cluster model");
    const SnapshotDiff diff = changesBetween(m_snapshot, *next); // O(changed) when the poller noted the changes
    const bool capacityChanged = !m_snapshot || m_snapshot->gpusTotal != next->gpusTotal;
    const bool hadRows = !m_apps.empty();
    SnapshotPtr previous = std::exchange(m_snapshot, next);
    removeApplications(diff.removedApps);
    insertApplications(diff.addedApps, *next);
    for (const QString &name : diff.changedApps)
        updateApplication(*next->findApplication(name));
    if (capacityChanged && hadRows) {
        // The GPU total bounds every editor's range. (Rows inserted above already read the new total.)
        for (size_t row = 0; row < m_apps.size(); ++row) {
            const QModelIndex parent = index(int(row), 0);
            const int count = rowCount(parent);
            if (count > 0)
                Q_EMIT dataChanged(index(0, TargetColumn, parent), index(count - 1, TargetColumn, parent),
                                   {EditorMaximumRole, EditorRangeReasonRole});
        }
    }
    Q_EMIT snapshotChanged(m_snapshot);
    releaseSnapshotInBackground(std::move(previous)); // after the slots above have let go of it too
}

void ClusterModel::setReadOnly(bool readOnly)
{
    if (m_readOnly == readOnly)
        return;
    m_readOnly = readOnly;
    emitAllRowsChanged({});
}

void ClusterModel::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    emitAllRowsChanged({Qt::ForegroundRole, EditableRole});
}

// Views relayout once per row signal, so neighbouring rows go in one signal: the first load is a single
// insertion of every application, not one per application.
void ClusterModel::removeApplications(const QStringList &names)
{
    std::vector<int> rows;
    for (const QString &name : names)
        if (const int row = rowOfApp(name); row >= 0)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    // Runs of adjacent rows, last run first so the rows of the runs before it stay where they are.
    for (size_t end = rows.size(); end > 0;) {
        size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin], last = rows[end - 1];
        beginRemoveRows({}, first, last);
        m_apps.erase(m_apps.begin() + first, m_apps.begin() + last + 1);
        renumberFrom(first);
        endRemoveRows();
        end = begin;
    }
}

void ClusterModel::insertApplications(const QStringList &names, const ClusterSnapshot &snapshot)
{
    // `names` is sorted (diffSnapshots walks both snapshots in name order), so the applications that go
    // between the same two present rows are adjacent in it.
    std::vector<std::pair<int, const ApplicationSnapshot *>> positioned;
    positioned.reserve(size_t(names.size()));
    for (const QString &name : names) {
        const auto position = std::lower_bound(m_apps.begin(), m_apps.end(), name,
                                               [](const auto &node, const QString &n) { return node->app.name < n; });
        positioned.emplace_back(int(position - m_apps.begin()), snapshot.findApplication(name));
    }
    // Last run first: inserting it does not move the positions computed for the runs before it.
    for (size_t end = positioned.size(); end > 0;) {
        size_t begin = end - 1;
        while (begin > 0 && positioned[begin - 1].first == positioned[begin].first)
            --begin;
        const int at = positioned[begin].first;
        std::vector<std::unique_ptr<AppNode>> run;
        run.reserve(end - begin);
        for (size_t i = begin; i < end; ++i)
            run.push_back(std::make_unique<AppNode>(AppNode{*positioned[i].second}));
        beginInsertRows({}, at, at + int(run.size()) - 1);
        m_apps.insert(m_apps.begin() + at, std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
        renumberFrom(at);
        endInsertRows();
        end = begin;
    }
}

void ClusterModel::renumberFrom(int row)
{
    for (size_t i = size_t(row); i < m_apps.size(); ++i)
        m_apps[i]->row = int(i);
}

void ClusterModel::updateApplication(const ApplicationSnapshot &next)
{
    const int row = rowOfApp(next.name);
    if (row < 0)
        return;
    AppNode &node = *m_apps[size_t(row)];
    const QModelIndex parent = index(row, 0);
    // The application's own fields first: its deployment rows read them (parked, source) while the
    // signals below are delivered.
    const bool appStateChanged = node.app.parked != next.parked || node.app.source != next.source ||
                                 node.app.externalScalerEnabled != next.externalScalerEnabled;
    const bool appRowChanged = appStateChanged || node.app.status != next.status || node.app.message != next.message ||
                               node.app.keptConfig != next.keptConfig || node.app.keptConfigAt != next.keptConfigAt;
    ApplicationSnapshot fields = next;
    fields.deployments = std::move(node.app.deployments);
    node.app = std::move(fields);
    auto &rows = node.app.deployments;
    bool anyDeploymentChanged = false;

    for (int i = int(rows.size()) - 1; i >= 0; --i) {
        if (next.findDeployment(rows[size_t(i)].name))
            continue;
        beginRemoveRows(parent, i, i);
        rows.erase(rows.begin() + i);
        endRemoveRows();
        anyDeploymentChanged = true;
    }
    for (int i = 0; i < int(next.deployments.size()); ++i) {
        const DeploymentSnapshot &wanted = next.deployments[size_t(i)];
        if (i < int(rows.size()) && rows[size_t(i)].name == wanted.name) {
            if (!(rows[size_t(i)] == wanted)) {
                rows[size_t(i)] = wanted;
                Q_EMIT dataChanged(index(i, 0, parent), index(i, ColumnCount - 1, parent));
                anyDeploymentChanged = true;
            }
            continue;
        }
        // Not at this position: it moved (rare; Ray keeps its order) or it is new.
        const auto moved = std::find_if(rows.begin() + i, rows.end(),
                                        [&](const DeploymentSnapshot &d) { return d.name == wanted.name; });
        if (moved != rows.end()) {
            const int from = int(moved - rows.begin());
            beginRemoveRows(parent, from, from);
            rows.erase(moved);
            endRemoveRows();
        }
        beginInsertRows(parent, i, i);
        rows.insert(rows.begin() + i, wanted);
        endInsertRows();
        anyDeploymentChanged = true;
    }

    if (appStateChanged)
        emitRowsChanged(next.name); // every deployment's editability follows its application's state
    else if (appRowChanged || anyDeploymentChanged)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ClusterModel::emitRowsChanged(const QString &app)
{
    const int row = rowOfApp(app);
    if (row < 0)
        return;
    const QModelIndex appIndex = index(row, 0);
    Q_EMIT dataChanged(appIndex, index(row, ColumnCount - 1));
    const int count = rowCount(appIndex);
    if (count > 0)
        Q_EMIT dataChanged(index(0, 0, appIndex), index(count - 1, ColumnCount - 1, appIndex));
}

// One signal for the application rows, one per application for its deployments.
void ClusterModel::emitAllRowsChanged(const QList<int> &roles)
{
    if (m_apps.empty())
        return;
    Q_EMIT dataChanged(index(0, 0), index(int(m_apps.size()) - 1, ColumnCount - 1), roles);
    for (const auto &node : m_apps) {
        const QModelIndex appIndex = index(node->row, 0);
        const int count = int(node->app.deployments.size());
        if (count > 0)
            Q_EMIT dataChanged(index(0, 0, appIndex), index(count - 1, ColumnCount - 1, appIndex), roles);
    }
}

int ClusterModel::rowOfApp(const QString &name) const
{
    const auto position = std::lower_bound(m_apps.begin(), m_apps.end(), name,
                                           [](const auto &node, const QString &n) { return node->app.name < n; });
    return position != m_apps.end() && (*position)->app.name == name ? int(position - m_apps.begin()) : -1;
}

QModelIndex ClusterModel::applicationIndex(const QString &app, int column) const
{
    const int row = rowOfApp(app);
    return row < 0 ? QModelIndex() : index(row, column);
}

QModelIndex ClusterModel::deploymentIndex(const QString &app, const QString &deployment, int column) const
{
    const QModelIndex parent = applicationIndex(app);
    if (!parent.isValid())
        return {};
    const auto &rows = m_apps[size_t(parent.row())]->app.deployments;
    for (size_t row = 0; row < rows.size(); ++row)
        if (rows[row].name == deployment)
            return index(int(row), column, parent);
    return {};
}

// Application rows carry no internal pointer; deployment rows point at their application's node, which
// stays at the same address however the application rows around it move.
QModelIndex ClusterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_apps.size()) ? createIndex(row, column) : QModelIndex();
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_apps.size()))
        return {};
    AppNode *node = m_apps[size_t(parent.row())].get();
    return row < int(node->app.deployments.size()) ? createIndex(row, column, node) : QModelIndex();
}

QModelIndex ClusterModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return createIndex(static_cast<const AppNode *>(child.internalPointer())->row, 0);
}

int ClusterModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_apps.size());
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_apps.size()))
        return 0;
    return int(m_apps[size_t(parent.row())]->app.deployments.size());
}

int ClusterModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const ClusterModel::AppNode *ClusterModel::nodeOf(const QModelIndex &index) const
{
    if (index.internalPointer())
        return static_cast<const AppNode *>(index.internalPointer());
    return index.row() < int(m_apps.size()) ? m_apps[size_t(index.row())].get() : nullptr;
}

QVariant ClusterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AppNode *node = nodeOf(index);
    if (!node)
        return {};
    // The traffic cells' own texts; the row's roles (names, pending colours) as every other cell's.
    const bool trafficText = index.column() >= RequestsColumn &&
                             (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::TextAlignmentRole);
    const QVariant value =
        trafficText ? trafficData(*node, index, role)
        : index.internalPointer()
            ? deploymentData(node->app, node->app.deployments[size_t(index.row())], index.column(), role)
            : applicationData(node->app, index.column(), role);
    return role == Qt::ForegroundRole && m_stale ? staleForeground(value) : value;
}

bool ClusterModel::isEditable(const ApplicationSnapshot &app) const
{
    return !m_readOnly && !m_stale && app.isDeclarative();
}

QVariant ClusterModel::applicationData(const ApplicationSnapshot &app, int column, int role) const
{
    const bool parkPending = m_edits->isParkPending(app.name);
    const bool unparkPending = m_edits->isUnparkPending(app.name);
    switch (role) {
    case AppNameRole:
        return app.name;
    case DeploymentNameRole:
        return QString();
    case IsDeploymentRole:
        return false;
    case DeclarativeRole:
        return app.isDeclarative();
    case ParkedRole:
        return app.parked;
    case KeptConfigRole:
        return app.keptConfig;
    case KeptConfigAtRole:
        return app.keptConfigAt;
    case ParkPendingRole:
        return parkPending;
    case UnparkPendingRole:
        return unparkPending;
    case PendingRole:
        return parkPending || unparkPending;
    case EditableRole:
        return isEditable(app);
    case Qt::ToolTipRole:
        return fullTextToolTip(applicationData(app, column, Qt::DisplayRole).toString(),
                               column == ScheduleColumn ? m_scheduleCells.value(app.name).toolTip : app.message);
    case Qt::FontRole:
        if (parkPending || unparkPending || column == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole:
        return (parkPending || unparkPending) ? QVariant(pendingBackground) : QVariant();
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return statusColour(app.parked ? QStringLiteral("PARKED") : app.status,
                                statusBackground(parkPending || unparkPending));
        if (column == TargetColumn && !app.isDeclarative())
            return QColor(Qt::darkGray);
        return plainForeground(parkPending || unparkPending);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case NameColumn:
        return app.name;
    case StatusColumn: {
        const QString status = app.parked ? QStringLiteral("PARKED") : app.status;
        if (parkPending)
            return status + arrow + QStringLiteral("PARKED");
        if (unparkPending)
            return status + arrow + QStringLiteral("RUNNING");
        return status;
    }
    case ReplicasColumn: {
        int running = 0, target = 0;
        for (const auto &deployment : app.deployments) {
            running += deployment.runningReplicas;
            target += deployment.targetReplicas;
        }
        return QStringLiteral("%1/%2").arg(running).arg(target);
    }
    case GpusHeldColumn:
        return formatAmount(app.gpusHeld());
    case ScheduleColumn:
        return m_scheduleCells.value(app.name).text;
    case TargetColumn:
        return app.isDeclarative() ? QString() : QStringLiteral("read-only (serve.run)");
    default:
        return {};
    }
}

QVariant ClusterModel::deploymentData(const ApplicationSnapshot &app, const DeploymentSnapshot &deployment, int column,
                                      int role) const
{
    const std::optional<int> pending = m_edits->pendingReplicas(app.name, deployment.name);
    const int target = pending.value_or(deployment.targetReplicas);
    switch (role) {
    case AppNameRole:
        return app.name;
    case DeploymentNameRole:
        return deployment.name;
    case IsDeploymentRole:
        return true;
    case DeclarativeRole:
        return app.isDeclarative();
    case ParkedRole:
        return app.parked;
    case ParkPendingRole:
        return m_edits->isParkPending(app.name);
    case UnparkPendingRole:
        return m_edits->isUnparkPending(app.name);
    case PendingRole:
        return pending.has_value();
    case EditableRole:
        return isEditable(app) && !app.parked && !m_edits->isParkPending(app.name);
    case CurrentTargetRole:
        return deployment.targetReplicas;
    case TargetReplicasRole:
        return target;
    case EditorMaximumRole:
        return std::max(target, editorMaximum(deployment, m_snapshot ? m_snapshot->gpusTotal : 0));
    case EditorRangeReasonRole:
        return editorRangeReason(deployment, m_snapshot ? m_snapshot->gpusTotal : 0);
    case Qt::ToolTipRole: {
        const QString text = deploymentData(app, deployment, column, Qt::DisplayRole).toString();
        if (column == ScheduleColumn)
            return fullTextToolTip(text, m_scheduleCells.value(app.name + QLatin1Char('/') + deployment.name).toolTip);
        // The trigger says why the status is what it is (e.g. DOWNSCALE_COMPLETED after a change).
        QStringList lines;
        if (!deployment.message.isEmpty())
            lines.append(deployment.message);
        if (!deployment.statusTrigger.isEmpty())
            lines.append(tr("status trigger: %1").arg(deployment.statusTrigger));
        return fullTextToolTip(text, lines.join(QLatin1Char('\n')));
    }
    case Qt::FontRole:
        if (pending) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole:
        return pending ? QVariant(pendingBackground) : QVariant();
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return statusColour(deployment.status, statusBackground(pending.has_value()));
        return (column == TargetColumn && !app.isDeclarative()) ? QVariant(QColor(Qt::darkGray))
                                                                : plainForeground(pending.has_value());
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case NameColumn:
        return deployment.name;
    case StatusColumn:
        return deployment.status;
    case ReplicasColumn:
        return pending ? replicasText(deployment) + arrow + QString::number(*pending) : replicasText(deployment);
    case GpusPerReplicaColumn:
        return deployment.gpusPerReplica > 0 ? formatAmount(deployment.gpusPerReplica) : QStringLiteral("—");
    case GpusHeldColumn:
        return formatAmount(deployment.gpusHeld);
    case AutoscalingColumn:
        return deployment.autoscaling ? QStringLiteral("%1–%2")
                                            .arg(deployment.autoscaling->minReplicas)
                                            .arg(deployment.autoscaling->maxReplicas)
               : app.externalScalerEnabled ? QStringLiteral("external scaler")
                                           : QStringLiteral("fixed");
    case ScheduleColumn:
        return m_scheduleCells.value(app.name + QLatin1Char('/') + deployment.name).text;
    case TargetColumn:
        // Editable rows carry an editor widget here, which shows the value itself.
        return app.isDeclarative() ? QString() : QStringLiteral("read-only");
    default:
        return {};
    }
}

QVariant ClusterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole && section >= RequestsColumn &&
        section <= P95Column)
        return int(Qt::AlignRight | Qt::AlignVCenter); // over the figures, which are right-aligned
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Application / deployment");
    case StatusColumn:
        return tr("Status");
    case ReplicasColumn:
        return tr("Replicas running/target");
    case GpusPerReplicaColumn:
        return tr("GPUs/replica");
    case GpusHeldColumn:
        return tr("GPUs held");
    case AutoscalingColumn:
        return tr("Autoscaling");
    case ScheduleColumn:
        return tr("Schedule");
    case TargetColumn:
        return tr("Set target replicas");
    case RequestsColumn:
        return tr("Req/s");
    case ErrorsColumn:
        return tr("Errors");
    case P95Column:
        return tr("p95");
    case TrendColumn:
        return tr("Last hour");
    default:
        return {};
    }
}

void ClusterModel::setScheduleCells(QHash<QString, ScheduleCell> cells)
{
    if (cells == m_scheduleCells)
        return;
    m_scheduleCells = std::move(cells);
    // One column of every row: a handful of signals, however many schedules changed.
    for (const auto &node : m_apps) {
        const QModelIndex appIndex = index(node->row, ScheduleColumn);
        Q_EMIT dataChanged(appIndex, appIndex, {Qt::DisplayRole, Qt::ToolTipRole});
        const int count = int(node->app.deployments.size());
        if (count > 0)
            Q_EMIT dataChanged(index(0, ScheduleColumn, index(node->row, 0)),
                               index(count - 1, ScheduleColumn, index(node->row, 0)),
                               {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

QVariant ClusterModel::trafficData(const AppNode &node, const QModelIndex &index, int role) const
{
    const bool isDeployment = index.internalPointer() != nullptr;
    const QString deployment = isDeployment ? node.app.deployments[size_t(index.row())].name : QString();
    if (index.column() == TrendColumn)
        return role == Qt::ToolTipRole ? QVariant(m_traffic.ratesToolTip(rateHistory(index))) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const auto figure = TrafficTable::Figure(index.column() - RequestsColumn);
    if (isDeployment) {
        const TrafficFigures *figures = m_traffic.deployment(node.app.name, deployment);
        return role == Qt::DisplayRole ? m_traffic.text(figure, figures) : m_traffic.deploymentToolTip(figure, figures);
    }
    const TrafficFigures figures = m_traffic.application(node.app);
    return role == Qt::DisplayRole ? m_traffic.text(figure, &figures)
                                   : m_traffic.applicationToolTip(figure, node.app, figures);
}

const RateSeries *ClusterModel::rateHistory(const QModelIndex &index) const
{
    const AppNode *node = index.isValid() ? nodeOf(index) : nullptr;
    if (!node)
        return nullptr;
    if (!index.internalPointer())
        return m_traffic.applicationRates(node->app.name);
    return m_traffic.deploymentRates(node->app.name, node->app.deployments[size_t(index.row())].name);
}

void ClusterModel::setTraffic(const TrafficReading &reading)
{
    updateTraffic([&] { m_traffic.setReading(reading); });
}

void ClusterModel::setTrafficFailed(const QString &why)
{
    updateTraffic([&] { m_traffic.setFailure(why); });
}

void ClusterModel::setRateHistory(const RequestRates &rates)
{
    m_traffic.setRates(rates);
    emitColumnsChanged(TrendColumn, TrendColumn, {Qt::ToolTipRole}); // once a minute: every row, a signal per app
}

std::vector<TrafficFigures> ClusterModel::shownTraffic() const
{
    std::vector<TrafficFigures> figures;
    for (const auto &node : m_apps) {
        figures.push_back(m_traffic.application(node->app));
        for (const DeploymentSnapshot &deployment : node->app.deployments) {
            const TrafficFigures *known = m_traffic.deployment(node->app.name, deployment.name);
            figures.push_back(known ? *known : TrafficFigures{});
        }
    }
    return figures;
}

// What every row shows before the change, then only the rows whose figures changed are signalled. When the
// reasons behind unknown figures change (a failure, another source), every traffic cell's tooltip may have.
void ClusterModel::updateTraffic(const std::function<void()> &change)
{
    const QString context = m_traffic.context();
    const std::vector<TrafficFigures> before = shownTraffic();
    change();
    if (context != m_traffic.context())
        emitColumnsChanged(RequestsColumn, TrendColumn, {Qt::DisplayRole, Qt::ToolTipRole});
    else
        emitTrafficChanged(before);
}

// Runs of neighbouring changed rows under one parent go in one signal, as setSnapshot's insertions do.
void ClusterModel::emitTrafficChanged(const std::vector<TrafficFigures> &before)
{
    const QList<int> roles{Qt::DisplayRole, Qt::ToolTipRole};
    const auto emitRun = [&](const QModelIndex &parent, int first, int last) {
        if (first >= 0)
            Q_EMIT dataChanged(index(first, RequestsColumn, parent), index(last, P95Column, parent), roles);
    };
    size_t at = 0;
    int appRunStart = -1, appRunEnd = -1;
    for (const auto &node : m_apps) {
        if (!(before[at++] == m_traffic.application(node->app))) {
            if (appRunStart < 0 || appRunEnd != node->row - 1) {
                emitRun({}, appRunStart, appRunEnd);
                appRunStart = node->row;
            }
            appRunEnd = node->row;
        }
        const QModelIndex parent = index(node->row, 0);
        int runStart = -1, runEnd = -1;
        const auto &rows = node->app.deployments;
        for (int row = 0; row < int(rows.size()); ++row) {
            const TrafficFigures *now = m_traffic.deployment(node->app.name, rows[size_t(row)].name);
            if (before[at++] == (now ? *now : TrafficFigures{}))
                continue;
            if (runStart < 0 || runEnd != row - 1) {
                emitRun(parent, runStart, runEnd);
                runStart = row;
            }
            runEnd = row;
        }
        emitRun(parent, runStart, runEnd);
    }
    emitRun({}, appRunStart, appRunEnd);
}

// Columns first..last of every row: one signal for the application rows, one per application for its deployments.
void ClusterModel::emitColumnsChanged(int first, int last, const QList<int> &roles)
{
    if (m_apps.empty())
        return;
    Q_EMIT dataChanged(index(0, first), index(int(m_apps.size()) - 1, last), roles);
    for (const auto &node : m_apps) {
        const QModelIndex appIndex = index(node->row, 0);
        const int count = int(node->app.deployments.size());
        if (count > 0)
            Q_EMIT dataChanged(index(0, first, appIndex), index(count - 1, last, appIndex), roles);
    }
}

Qt::ItemFlags ClusterModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

} // namespace scaledeck
