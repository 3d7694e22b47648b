// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "sqliteconnection.h"
#include "storelocation.h"

#include <QString>

#include <vector>

namespace scaledeck {

// Opens `location` (a PostgreSQL database) on the named connection through Qt's QPSQL driver and runs the
// store's schema (in SQLite's words, translated by StoreDialect). Normal durability turns off
// synchronous_commit on this connection only, as SQLite's synchronous=NORMAL does for history. Errors say
// which of the usual causes it is where libpq tells (no driver, no server, a refused password, no database)
// and never contain the password.
Result<Done> openPostgresConnection(const StoreLocation &location, const QString &connectionName, Durability durability,
                                    const std::vector<const char *> &schema);

} // namespace scaledeck
