// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QString>

namespace scaledeck {

// Which database a store opens: an SQLite file (a path, the default) or a PostgreSQL database (a
// postgresql:// or postgres:// URL, so that controllers on several hosts can share one store). Whatever
// accepts a store path (--store, $SCALEDECK_STORE, the GUI's --store) accepts either.
struct StoreLocation {
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString path; // SQLite: the file
    // PostgreSQL: empty host = libpq's default (the local socket); port 0 = libpq's default (5432).
    QString host;
    int port = 0;
    QString database;
    QString user;
    // Only from the URL; never shown. Without one libpq reads PGPASSWORD or ~/.pgpass (PGPASSFILE) itself.
    QString password;
    // The URL's other parameters (sslmode=require, ...), as QPSQL's "key=value;..." connect options.
    QString connectOptions;

    // The location as it may be shown (errors, logs, --help): a URL without its password.
    QString display() const;

    // A path is taken as it is; a postgresql:// URL must have a database name and nothing libpq would not
    // understand. The error names the URL without its password.
    [[nodiscard]] static Result<StoreLocation> parse(const QString &pathOrUrl);
};

// Whether `pathOrUrl` names a PostgreSQL database (postgresql:// or postgres://).
bool isPostgresUrl(const QString &pathOrUrl);
// `pathOrUrl` as it may be shown: a path unchanged, a URL with any password (user:secret@, ?password=) removed.
QString displayStore(const QString &pathOrUrl);

} // namespace scaledeck
