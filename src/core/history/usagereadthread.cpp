// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "usagereadthread.h"

#include <QObject>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <memory>

namespace scaledeck {

namespace {

// What the read freed (a month of segments is tens of MB) goes back to the system: glibc keeps it in this thread's own
// arena otherwise, where no other thread's allocations reuse it, and the process grew by that much for good.
void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// Lives on the thread: its store's connection is opened, used and closed there (SQLite's asserts the thread).
class UsageReader : public QObject {
public:
    explicit UsageReader(const QString &storePath) : m_storePath(storePath) {}
    Result<UsageReading> read(const QString &clusterKey, const UsageQuery &query, const std::vector<TimeRange> &periods)
    {
        if (!m_store)
            m_store = std::make_unique<HistoryStore>(m_storePath);
        Result<UsageReading> read = m_store->usageAndRecorded(clusterKey, query, periods);
        releaseFreedMemory();
        return read;
    }
    void closeStore() { m_store.reset(); }

private:
    QString m_storePath;
    std::unique_ptr<HistoryStore> m_store;
};

} // namespace

UsageReadThread::UsageReadThread(const QString &storePath)
    : m_thread(QStringLiteral("ScaleDeck usage reads"), std::make_unique<UsageReader>(storePath), {},
               &UsageReader::closeStore)
{
    m_thread.start();
}

UsageReadThread::~UsageReadThread() = default;

std::future<Result<UsageReading>> UsageReadThread::read(const QString &clusterKey, const UsageQuery &query,
                                                        const std::vector<TimeRange> &periods)
{
    // Shared: a queued call's functor is copied.
    auto answer = std::make_shared<std::promise<Result<UsageReading>>>();
    std::future<Result<UsageReading>> future = answer->get_future();
    auto *reader = m_thread.worker<UsageReader>();
    QMetaObject::invokeMethod(
        reader,
        [reader, answer, clusterKey, query, periods] { answer->set_value(reader->read(clusterKey, query, periods)); },
        Qt::QueuedConnection);
    return future;
}

} // namespace scaledeck
