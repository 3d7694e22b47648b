// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "profilestore.h"

#include <QSettings>

#include <algorithm>

namespace scaledeck {

namespace {
const QString arrayKey = QStringLiteral("profiles");
const QString nameKey = QStringLiteral("name");
const QString addressKey = QStringLiteral("address");
const QString tokenFileKey = QStringLiteral("tokenFile");
const QString readOnlyKey = QStringLiteral("readOnly");
const QString caFileKey = QStringLiteral("caFile");
const QString productionKey = QStringLiteral("production");
const QString tokenInKeychainKey = QStringLiteral("keychain"); // a flag; the token itself is never a setting
const QString prometheusKey = QStringLiteral("prometheus");    // absent in profiles saved before it: empty
// Absent in profiles saved before a profile could name a controller: a Ray profile.
const QString controllerKey = QStringLiteral("controller");
const QString controllerTokenFileKey = QStringLiteral("controllerTokenFile");
const QString controllerKeychainKey = QStringLiteral("controllerKeychain"); // a flag, as tokenInKeychainKey
const QString lastUsedKey = QStringLiteral("lastProfile");
} // namespace

ProfileStore::ProfileStore(QSettings *settings) : m_settings(settings) {}

// The array indices (0-based) that hold a profile, in order. The file's "size" key alone is not trusted: a
// hand-edited or damaged file saying size=828266 made reading it take minutes, seven lookups per index
// (found by fuzz_profiles). Only the groups the file has are visited.
std::vector<int> ProfileStore::storedIndices() const
{
    const int size = m_settings->beginReadArray(arrayKey);
    m_settings->endArray();
    std::vector<int> indices;
    m_settings->beginGroup(arrayKey);
    for (const QString &group : m_settings->childGroups()) {
        bool ok = false;
        const int index = group.toInt(&ok);
        if (ok && index >= 1 && index <= size)
            indices.push_back(index - 1); // QSettings writes array entries from 1
    }
    m_settings->endGroup();
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
}

std::vector<ConnectionProfile> ProfileStore::profiles() const
{
    std::vector<ConnectionProfile> result;
    const std::vector<int> indices = storedIndices();
    m_settings->beginReadArray(arrayKey);
    for (const int i : indices) {
        m_settings->setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = m_settings->value(nameKey).toString();
        profile.address = m_settings->value(addressKey).toString();
        profile.tokenFile = m_settings->value(tokenFileKey).toString();
        profile.readOnly = m_settings->value(readOnlyKey, false).toBool();
        profile.caFile = m_settings->value(caFileKey).toString();
        profile.production = m_settings->value(productionKey, false).toBool();
        profile.tokenInKeychain = m_settings->value(tokenInKeychainKey, false).toBool();
        profile.prometheusUrl = m_settings->value(prometheusKey).toString();
        profile.controllerUrl = m_settings->value(controllerKey).toString();
        profile.controllerTokenFile = m_settings->value(controllerTokenFileKey).toString();
        profile.controllerTokenInKeychain = m_settings->value(controllerKeychainKey, false).toBool();
        if (!profile.name.isEmpty())
            result.push_back(profile);
    }
    m_settings->endArray();
    return result;
}

std::optional<ConnectionProfile> ProfileStore::find(const QString &name) const
{
    for (const ConnectionProfile &profile : profiles())
        if (profile.name == name)
            return profile;
    return std::nullopt;
}

void ProfileStore::save(const ConnectionProfile &profile)
{
    auto all = profiles();
    auto existing = std::find_if(all.begin(), all.end(), [&](const auto &p) { return p.name == profile.name; });
    if (existing != all.end())
        *existing = profile;
    else
        all.push_back(profile);
    write(all);
}

void ProfileStore::remove(const QString &name)
{
    auto all = profiles();
    std::erase_if(all, [&](const auto &p) { return p.name == name; });
    write(all);
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(lastUsedKey).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(lastUsedKey, name);
}

void ProfileStore::write(const std::vector<ConnectionProfile> &profiles)
{
    m_settings->remove(arrayKey); // a shorter list must not leave stale entries behind
    m_settings->beginWriteArray(arrayKey, int(profiles.size()));
    for (int i = 0; i < int(profiles.size()); ++i) {
        m_settings->setArrayIndex(i);
        const ConnectionProfile &profile = profiles[size_t(i)];
        m_settings->setValue(nameKey, profile.name);
        m_settings->setValue(addressKey, profile.address);
        m_settings->setValue(tokenFileKey, profile.tokenFile);
        m_settings->setValue(readOnlyKey, profile.readOnly);
        m_settings->setValue(caFileKey, profile.caFile);
        m_settings->setValue(productionKey, profile.production);
        m_settings->setValue(tokenInKeychainKey, profile.tokenInKeychain);
        m_settings->setValue(prometheusKey, profile.prometheusUrl);
        m_settings->setValue(controllerKey, profile.controllerUrl);
        m_settings->setValue(controllerTokenFileKey, profile.controllerTokenFile);
        m_settings->setValue(controllerKeychainKey, profile.controllerTokenInKeychain);
    }
    m_settings->endArray();
    m_settings->sync();
}

} // namespace scaledeck
