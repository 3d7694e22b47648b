// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The window's schedules through a controller (ControllerScheduleBackend) against the real API: a load reads GET
// health's schedules version and reads the schedules only when it moved, so the window's reload every few seconds
// costs a short health answer while nobody changes anything.
#include "apibench.h"
#include "controllerschedulebackend.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

// The API's "API: alice schedules" debug lines (scaledeck.controller): one per request for the list.
QMutex g_mutex;
int g_scheduleReads = 0;
QtMessageHandler g_previous = nullptr;
void countScheduleReads(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message == QStringLiteral("API: alice schedules")) {
        QMutexLocker lock(&g_mutex);
        ++g_scheduleReads;
        return;
    }
    g_previous(type, context, message);
}
int scheduleReads()
{
    QMutexLocker lock(&g_mutex);
    return g_scheduleReads;
}
} // namespace

class TestControllerScheduleBackend : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void readsTheSchedulesOnlyWhenTheirVersionMoved();
};

void TestControllerScheduleBackend::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("scaledeck.controller.debug=true"));
    g_previous = qInstallMessageHandler(countScheduleReads);
}

void TestControllerScheduleBackend::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
}

void TestControllerScheduleBackend::readsTheSchedulesOnlyWhenTheirVersionMoved()
{
    ApiCase apiCase(kStart);
    const QString failed = apiCase.bench.setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(apiCase.bench.tick().isEmpty(), "the tick failed");
    ControllerScheduleBackend backend(ControllerConnection{QUrl(apiCase.bench.base.chopped(int(qstrlen("/api/v1/")))),
                                                           kAliceToken, QStringLiteral("token file")});
    const auto load = [&backend] {
        std::optional<LoadedSchedules> answer;
        backend.load([&answer](const LoadedSchedules &loaded) { answer = loaded; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000); }();
        return answer.value_or(LoadedSchedules{});
    };

    LoadedSchedules loaded = load(); // the first load reads the list
    QVERIFY2(!loaded.error, qPrintable(loaded.error ? loaded.error->describe() : QString()));
    QVERIFY(loaded.schedules);
    QCOMPARE(loaded.schedules->size(), size_t(1));
    QCOMPARE(scheduleReads(), 1);

    for (int i = 0; i < 3; ++i) { // nothing changed: health only, and nothing new
        loaded = load();
        QVERIFY(!loaded.error);
        QVERIFY(!loaded.schedules);
    }
    QCOMPARE(scheduleReads(), 1);

    // Someone else sets a schedule through the API: the version moves, the next load reads the list.
    ApiTestClient alice = apiCase.bench.client(kAliceToken);
    QCOMPARE(alice.call("PUT", QStringLiteral("schedules/embedder/Embedder"), "tz UTC\ndefault 1\n").status, 200);
    const int readsBefore = scheduleReads();
    loaded = load();
    QVERIFY(loaded.schedules);
    QCOMPARE(loaded.schedules->size(), size_t(2));
    QCOMPARE(scheduleReads(), readsBefore + 1);
    loaded = load();
    QVERIFY(!loaded.schedules);
    QCOMPARE(scheduleReads(), readsBefore + 1);
}

QTEST_GUILESS_MAIN(TestControllerScheduleBackend)
#include "test_controllerschedulebackend.moc"
