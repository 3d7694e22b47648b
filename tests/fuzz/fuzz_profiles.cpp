// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The connection profiles ScaleDeck reads at start-up from its settings file (~/.config/ScaleDeck/
// scaledeck.conf, INI), which a user may edit by hand or copy from elsewhere: any file content gives a list
// of named profiles (possibly empty), never a crash.
#include "fuzzcheck.h"
#include "profilestore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir; // one directory for the whole run: the file is rewritten for each input
    FUZZ_CHECK(dir.isValid(), "a temporary directory");
    const QString path = dir.filePath(QStringLiteral("scaledeck.conf"));
    {
        QFile file(path);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "the settings file can be written");
        FUZZ_CHECK(file.write(reinterpret_cast<const char *>(data), qint64(size)) == qint64(size),
                   "the settings file is written whole");
    }
    QSettings settings(path, QSettings::IniFormat);
    const scaledeck::ProfileStore store(&settings);
    for (const scaledeck::ConnectionProfile &profile : store.profiles()) {
        FUZZ_CHECK(!profile.name.isEmpty(), "every profile has a name");
        FUZZ_CHECK(store.find(profile.name).has_value(), "every listed profile can be found by its name");
    }
    return 0;
}
