// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "historystore.h"
#include "workerthread.h"

#include <QString>

#include <future>
#include <vector>

namespace scaledeck {

// HistoryStore::usageAndRecorded on a thread of its own, through a connection of its own. The Cost tab's loader reads
// a load's usage here while it reads the leases on its own connection: on two cores a load then takes about as long
// as the longer of the two reads, not their sum (at 10,000 deployments, the segments are a fifth of a load).
class UsageReadThread {
public:
    explicit UsageReadThread(const QString &storePath); // opened on the thread, on the first read
    ~UsageReadThread(); // runs the reads queued, closes the store on its thread, joins it
    UsageReadThread(const UsageReadThread &) = delete;
    UsageReadThread &operator=(const UsageReadThread &) = delete;

    // Queues the read; the future holds its answer, or why the store could not be opened or read.
    std::future<Result<UsageReading>> read(const QString &clusterKey, const UsageQuery &query,
                                           const std::vector<TimeRange> &periods);

private:
    WorkerThread m_thread;
};

} // namespace scaledeck
