// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "keptconfig.h"

#include "snapshotfetcher.h"

namespace scaledeck {

void discardKeptConfig(ClusterClient *client, QObject *owner, ParkedStore *store, const QString &app,
                       const QDateTime &storedAt, std::function<void(Result<Done>)> done)
{
    // Refused before asking the cluster, so a read-only session says so even when the cluster is unreachable.
    if (auto allowed = store->writeGuard().check(QStringLiteral("the stored config of %1 was not discarded").arg(app));
        !allowed) {
        done(allowed);
        return;
    }
    fetchSnapshot(
        client, owner, store, [client, store, app, storedAt, done = std::move(done)](Result<SnapshotPtr> snapshot) {
            if (!snapshot) {
                RayError error = snapshot.error();
                error.message +=
                    QStringLiteral(" (nothing was discarded: the cluster must show %1 running first)").arg(app);
                done(error);
                return;
            }
            const ApplicationSnapshot *live = snapshot.value()->findApplication(app);
            if (!live || !live->keptConfig || !live->deployedConfig || live->status == QStringLiteral("DELETING")) {
                done(makeError(RayErrorKind::InvalidChange,
                               QStringLiteral("%1 is not in the cluster with a config of its own beside the stored "
                                              "one: the stored config is its only copy and was not discarded")
                                   .arg(app)));
                return;
            }
            done(store->removeStoredAt(client->endpoint().clusterKey(), app, storedAt));
        });
}

} // namespace scaledeck
