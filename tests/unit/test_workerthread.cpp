// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// WorkerThread: the worker lives on its own thread, set-up runs there before any queued call, and tear-down and
// the worker's destruction run there, after the calls already queued and before the thread finishes, however
// busy the worker is when it is stopped. Any Qt warning fails a test: a timer or an object destroyed from the
// wrong thread shows as one. Run under ASan (SCALEDECK_SANITIZE), a use after free shows too.
#include "workerthread.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QRegularExpression>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace scaledeck;

namespace {

// What happened, in order, and on which thread. Written on the worker's thread, read on the test's.
class Journal {
public:
    void add(const QString &what)
    {
        QMutexLocker locker(&m_mutex);
        m_what.append(what);
        m_threads.append(QThread::currentThread());
    }
    QStringList what() const
    {
        QMutexLocker locker(&m_mutex);
        return m_what;
    }
    bool contains(const QString &what) const { return this->what().contains(what); }
    QThread *threadOf(const QString &what) const
    {
        QMutexLocker locker(&m_mutex);
        const qsizetype index = m_what.indexOf(what);
        return index < 0 ? nullptr : m_threads[index];
    }
    // Records the end of `thread`, on that thread, as it ends.
    void watchFinish(QThread *thread)
    {
        QObject::connect(
            thread, &QThread::finished, thread, [this] { add(QStringLiteral("finished")); }, Qt::DirectConnection);
    }

private:
    mutable QMutex m_mutex;
    QStringList m_what;
    QList<QThread *> m_threads;
};

class Worker : public QObject {
    Q_OBJECT
public:
    explicit Worker(Journal *journal) : m_journal(journal) {}
    ~Worker() override { m_journal->add(QStringLiteral("destroyed")); }

    // A running timer of its own: destroying it from any thread but the worker's is a Qt warning.
    void setUp()
    {
        m_journal->add(QStringLiteral("setUp"));
        auto *timer = new QTimer(this);
        timer->start(1);
    }
    void tearDown() { m_journal->add(QStringLiteral("tearDown")); }

    // Takes `ms` of work (not a wait: the worker is busy) and notes it ran.
    void job(int number, int ms)
    {
        m_busy = true;
        QDeadlineTimer done(ms);
        while (!done.hasExpired()) {
        }
        m_journal->add(QStringLiteral("job %1").arg(number));
    }
    // Work without end: each round queues the next, and says so to whoever listens.
    void spin()
    {
        m_busy = true;
        Q_EMIT spun();
        QMetaObject::invokeMethod(this, &Worker::spin, Qt::QueuedConnection);
    }
    bool busy() const { return m_busy; }

Q_SIGNALS:
    void spun();

private:
    Journal *m_journal;
    std::atomic<bool> m_busy = false;
};

WorkerThread makeThread(Journal *journal)
{
    return WorkerThread(QStringLiteral("TestWorker"), std::make_unique<Worker>(journal), &Worker::setUp,
                        &Worker::tearDown);
}

} // namespace

class TestWorkerThread : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void workerLivesAndEndsOnItsThread()
    {
        Journal journal;
        WorkerThread thread = makeThread(&journal);
        Worker *worker = thread.worker<Worker>();
        QThread *workerThread = worker->thread();
        QVERIFY(workerThread != QThread::currentThread());
        QCOMPARE(workerThread->objectName(), QStringLiteral("TestWorker"));
        journal.watchFinish(workerThread);

        thread.start();
        QVERIFY(thread.isRunning());
        QTRY_VERIFY(journal.contains(QStringLiteral("setUp")));
        QCOMPARE(journal.threadOf(QStringLiteral("setUp")), workerThread);

        thread.stop();
        QVERIFY(!thread.isRunning());
        QVERIFY(workerThread->isFinished());
        QVERIFY(!thread.worker());
        QCOMPARE(journal.what(), (QStringList{QStringLiteral("setUp"), QStringLiteral("tearDown"),
                                              QStringLiteral("destroyed"), QStringLiteral("finished")}));
        QCOMPARE(journal.threadOf(QStringLiteral("tearDown")), workerThread);
        QCOMPARE(journal.threadOf(QStringLiteral("destroyed")), workerThread);
        QCOMPARE(journal.threadOf(QStringLiteral("finished")), workerThread);

        thread.stop(); // the second time does nothing
        QCOMPARE(journal.what().size(), 4);
    }

    // A call queued before start() is delivered after set-up (ClusterSession queues applies as soon as it exists).
    void setUpRunsBeforeQueuedCalls()
    {
        Journal journal;
        WorkerThread thread = makeThread(&journal);
        Worker *worker = thread.worker<Worker>();
        QMetaObject::invokeMethod(
            worker, [worker] { worker->job(1, 0); }, Qt::QueuedConnection);
        thread.start();
        QTRY_VERIFY(journal.contains(QStringLiteral("job 1")));
        QCOMPARE(journal.what(), (QStringList{QStringLiteral("setUp"), QStringLiteral("job 1")}));
    }

    // Destroyed while a call runs and more are queued: each queued call still runs (a save posted to the schedule
    // store is not lost), then tear-down and destruction, all before the thread ends.
    void destroyedWhileBusyRunsQueuedWorkFirst()
    {
        Journal journal;
        QThread *workerThread = nullptr;
        {
            WorkerThread thread = makeThread(&journal);
            Worker *worker = thread.worker<Worker>();
            workerThread = worker->thread();
            journal.watchFinish(workerThread);
            thread.start();
            for (int number = 1; number <= 5; ++number) {
                QMetaObject::invokeMethod(
                    worker, [worker, number] { worker->job(number, 20); }, Qt::QueuedConnection);
            }
            QTRY_VERIFY(worker->busy()); // the first job runs
        }
        QCOMPARE(journal.what(),
                 (QStringList{QStringLiteral("setUp"), QStringLiteral("job 1"), QStringLiteral("job 2"),
                              QStringLiteral("job 3"), QStringLiteral("job 4"), QStringLiteral("job 5"),
                              QStringLiteral("tearDown"), QStringLiteral("destroyed"), QStringLiteral("finished")}));
        QCOMPARE(journal.threadOf(QStringLiteral("destroyed")), workerThread);
    }

    // Work that never ends (each round queues the next, and signals this thread) does not keep the worker alive:
    // rounds queued after the tear-down die with the worker.
    void destroyedWhileSpinningEnds()
    {
        Journal journal;
        QObject receiver; // on this thread
        int rounds = 0;
        {
            WorkerThread thread = makeThread(&journal);
            Worker *worker = thread.worker<Worker>();
            journal.watchFinish(worker->thread());
            QObject::connect(worker, &Worker::spun, &receiver, [&rounds] { ++rounds; });
            thread.start();
            QMetaObject::invokeMethod(worker, &Worker::spin, Qt::QueuedConnection);
            QTRY_VERIFY(rounds > 100);
        }
        QCOMPARE(journal.what(), (QStringList{QStringLiteral("setUp"), QStringLiteral("tearDown"),
                                              QStringLiteral("destroyed"), QStringLiteral("finished")}));
        QCoreApplication::processEvents(); // rounds the worker signalled before it went are delivered harmlessly
    }

    // Never started: no set-up, so no tear-down; the worker is deleted where the WorkerThread is.
    void neverStarted()
    {
        Journal journal;
        {
            WorkerThread thread = makeThread(&journal);
            Worker *worker = thread.worker<Worker>();
            QMetaObject::invokeMethod(
                worker, [worker] { worker->job(1, 0); }, Qt::QueuedConnection); // dropped with the worker
            QVERIFY(!thread.isRunning());
        }
        QCOMPARE(journal.what(), QStringList{QStringLiteral("destroyed")});
        QCOMPARE(journal.threadOf(QStringLiteral("destroyed")), QThread::currentThread());
    }

    // The shape ScheduleStoreThread uses: a plain QObject as the target of queued jobs, and callables as steps.
    void plainObjectWithCallables()
    {
        std::atomic<QThread *> setUpIn = nullptr;
        std::atomic<QThread *> tearDownIn = nullptr;
        QThread *workerThread = nullptr;
        {
            WorkerThread thread(
                QStringLiteral("Plain"), std::make_unique<QObject>(),
                [&setUpIn](QObject &) { setUpIn = QThread::currentThread(); },
                [&tearDownIn](QObject &) { tearDownIn = QThread::currentThread(); });
            workerThread = thread.worker()->thread();
            thread.start();
            QTRY_VERIFY(setUpIn.load() != nullptr);
        }
        QCOMPARE(setUpIn.load(), workerThread);
        QCOMPARE(tearDownIn.load(), workerThread);
    }
};

QTEST_GUILESS_MAIN(TestWorkerThread)
#include "test_workerthread.moc"
