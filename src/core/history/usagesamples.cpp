// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "usagesamples_p.h"

#include "historystore_p.h"

#include <algorithm>
#include <cmath>

namespace scaledeck::historydetail {

namespace {
// Adds an application's deployments that hold GPUs to their series' samples ("app/deployment"; none while parked),
// as every path that samples does: a snapshot's deployments or the ones SampledApps kept.
template <typename Deployments>
void addApplicationSamples(QHash<QString, Sample> &samples, const QString &app, bool parked,
                           const Deployments &deployments)
{
    if (parked)
        return;
    const QString prefix = app + QLatin1Char('/');
    for (const auto &deployment : deployments) {
        if (deployment.gpusHeld <= 0)
            continue;
        Sample &sample = samples[prefix + deployment.name];
        sample.value += deployment.gpusHeld;
        if (deployment.gpusPerReplica > 0)
            sample.replicas += std::round(deployment.gpusHeld / deployment.gpusPerReplica);
    }
}
} // namespace

QHash<QString, Sample> samplesOf(const ClusterSnapshot &snapshot)
{
    // Sized once and each name made in one allocation: at 10,000 deployments, growing the hash and building each
    // name from two temporaries were most of a poll's record().
    qsizetype deployments = 0;
    for (const ApplicationSnapshot &app : snapshot.applications)
        deployments += qsizetype(app.deployments.size());
    QHash<QString, Sample> samples;
    samples.reserve(deployments + qsizetype(snapshot.gpusByAccelerator.size()) + 1);
    samples.insert(capacityName(), Sample{snapshot.gpusTotal, 0});
    for (const auto &[accelerator, gpus] : snapshot.gpusByAccelerator) {
        if (gpus > 0)
            samples.insert(capacityName(accelerator), Sample{gpus, 0});
    }
    for (const ApplicationSnapshot &app : snapshot.applications)
        addApplicationSamples(samples, app.name, app.parked, app.deployments);
    return samples;
}

SampledApps::SampledApps(const ClusterSnapshot &snapshot) : m_gpusByAccelerator(snapshot.gpusByAccelerator)
{
    m_apps.reserve(snapshot.applications.size());
    for (const ApplicationSnapshot &application : snapshot.applications) {
        m_apps.push_back(appOf(application));
        m_appsWithSlash += hasSlashInNames(m_apps.back());
    }
    // In name order, which advanceTo() merges by: a poller's snapshot is already, another one may not be.
    std::sort(m_apps.begin(), m_apps.end(), [](const App &a, const App &b) { return a.name < b.name; });
}

SampledApps::App SampledApps::appOf(const ApplicationSnapshot &application)
{
    App app{application.name, application.parked, {}};
    app.deployments.reserve(application.deployments.size());
    for (const DeploymentSnapshot &deployment : application.deployments)
        app.deployments.push_back(Deployment{deployment.name, deployment.gpusHeld, deployment.gpusPerReplica});
    return app;
}

bool SampledApps::hasSlashInNames(const App &app)
{
    if (app.name.contains(QLatin1Char('/')))
        return true;
    for (const Deployment &deployment : app.deployments)
        if (deployment.name.contains(QLatin1Char('/')))
            return true;
    return false;
}

// Whether `application` holds what `sampled` held: the numbers first, which differ far more often than the names.
bool SampledApps::sameApp(const App &sampled, const ApplicationSnapshot &application)
{
    if (sampled.parked != application.parked || sampled.deployments.size() != application.deployments.size())
        return false;
    for (size_t i = 0; i < sampled.deployments.size(); ++i) {
        const Deployment &before = sampled.deployments[i];
        const DeploymentSnapshot &after = application.deployments[i];
        if (before.gpusHeld != after.gpusHeld || before.gpusPerReplica != after.gpusPerReplica ||
            before.name != after.name)
            return false;
    }
    return true;
}

// Every series of `before` and of `after` (either may be absent), with its value in `after`.
void SampledApps::addSeriesOf(const App *before, const App *after, std::vector<SeriesSample> &changed)
{
    QHash<QString, Sample> samples;
    if (after)
        addApplicationSamples(samples, after->name, after->parked, after->deployments);
    if (before && !before->parked) {
        const QString prefix = before->name + QLatin1Char('/');
        for (const Deployment &deployment : before->deployments) {
            QString name = prefix + deployment.name;
            if (deployment.gpusHeld > 0 && !samples.contains(name))
                changed.emplace_back(std::move(name), std::nullopt);
        }
    }
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        changed.emplace_back(it.key(), it.value());
}

// The capacity series, all of them: a handful, and the total always has a segment while recording.
void SampledApps::addCapacitySeries(const ClusterSnapshot &next, std::vector<SeriesSample> &changed) const
{
    changed.emplace_back(capacityName(), Sample{next.gpusTotal, 0});
    for (const auto &[accelerator, gpus] : next.gpusByAccelerator)
        if (gpus > 0)
            changed.emplace_back(capacityName(accelerator), Sample{gpus, 0});
    for (const auto &[accelerator, gpus] : m_gpusByAccelerator) {
        const auto now = next.gpusByAccelerator.find(accelerator);
        if (gpus > 0 && (now == next.gpusByAccelerator.end() || now->second <= 0))
            changed.emplace_back(capacityName(accelerator), std::nullopt);
    }
}

std::optional<std::vector<SeriesSample>> SampledApps::advanceTo(const ClusterSnapshot &next)
{
    std::vector<SeriesSample> changed;
    addCapacitySeries(next, changed);
    std::vector<App> apps;
    apps.reserve(next.applications.size());
    bool sorted = true;
    auto before = m_apps.begin();
    for (auto after = next.applications.cbegin(); after != next.applications.cend(); ++after) {
        if (after != next.applications.cbegin() && !(std::prev(after)->name < after->name))
            sorted = false; // merged by name below: a snapshot out of order is compared whole
        for (; before != m_apps.end() && before->name < after->name; ++before) { // gone
            addSeriesOf(&*before, nullptr, changed);
            m_appsWithSlash -= hasSlashInNames(*before);
        }
        const bool known = before != m_apps.end() && before->name == after->name;
        if (known && sameApp(*before, *after)) {
            apps.push_back(std::move(*before++));
            continue;
        }
        App sampled = appOf(*after);
        addSeriesOf(known ? &*before : nullptr, &sampled, changed);
        m_appsWithSlash += hasSlashInNames(sampled);
        if (known)
            m_appsWithSlash -= hasSlashInNames(*before++);
        apps.push_back(std::move(sampled));
    }
    for (; before != m_apps.end(); ++before) {
        addSeriesOf(&*before, nullptr, changed);
        m_appsWithSlash -= hasSlashInNames(*before);
    }
    m_apps = std::move(apps);
    m_gpusByAccelerator = next.gpusByAccelerator;
    if (!sorted) {
        *this = SampledApps(next); // stands for `next` however its applications were ordered
        return std::nullopt;
    }
    if (m_appsWithSlash > 0)
        return std::nullopt;
    return changed;
}

} // namespace scaledeck::historydetail
