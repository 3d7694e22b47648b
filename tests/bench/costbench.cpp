// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costbench.h"

#include "costview.h"

#include <QEventLoop>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>

namespace scaledeck::bench {

QDateTime lastRecord(const QString &path, const QString &clusterKey)
{
    QDateTime last;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-last"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT last_ms FROM history_clusters WHERE cluster_key = ?"));
            query.addBindValue(clusterKey);
            if (query.exec() && query.next())
                last = QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-last"));
    return last;
}

bool waitForLoad(CostView &view, int timeoutMs)
{
    QEventLoop loop;
    bool applied = false;
    QObject::connect(&view, &CostView::dataApplied, &loop, [&] {
        applied = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return applied;
}

} // namespace scaledeck::bench
