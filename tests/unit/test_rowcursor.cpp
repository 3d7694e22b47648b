// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// RowCursor (issue 16): a SELECT's rows read forward without QVariants, through SQLite's own statement on an SQLite
// store and through QSqlQuery on a PostgreSQL one (the postgres variant): every value type, NULL, texts as UTF-8,
// bound parameters (a null QString bound as NULL, as QtSql binds it), and failures in preparing and in reading that
// say what was not done.
#include "rowcursor.h"
#include "storeconnection.h"
#include "teststore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace scaledeck;

namespace {
const QString kFailure = QStringLiteral("cannot read the test rows");
constexpr qint64 kLargest = std::numeric_limits<qint64>::max();
constexpr qint64 kSmallest = std::numeric_limits<qint64>::min();
} // namespace

class TestRowCursor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void readsEveryValueAsStored();
    void bindsParametersInOrder();
    void bindsANullStringAsNull();
    void sqlThatCannotBePreparedSaysWhy();
    void anErrorWhileReadingIsNotTakenForTheEnd();

private:
    QSqlDatabase db() const { return m_store->database(); }
    void insert(qint64 id, const QVariant &name, const QVariant &count, const QVariant &share);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreConnection> m_store;
};

void TestRowCursor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    const QString location = testing::testStoreLocation(m_dir->path(), QStringLiteral("rows.sqlite"), &error);
    QVERIFY2(!location.isEmpty(), qPrintable(error));
    m_store = std::make_unique<StoreConnection>(
        location, "rowcursor-test", "test store", Durability::Normal,
        std::vector<const char *>{"CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, name TEXT, count BIGINT,"
                                  " share DOUBLE PRECISION)"},
        WriteGuard());
    const auto opened = m_store->open();
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
}

void TestRowCursor::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestRowCursor::insert(qint64 id, const QVariant &name, const QVariant &count, const QVariant &share)
{
    const auto inserted = m_store->run(QStringLiteral("INSERT INTO t (id, name, count, share) VALUES (?, ?, ?, ?)"),
                                       {id, name, count, share}, QStringLiteral("cannot insert"));
    QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().message));
}

void TestRowCursor::readsEveryValueAsStored()
{
    insert(1, QStringLiteral("Zürich/推理"), kLargest, 0.25);
    insert(2, QString(), kSmallest, QVariant());
    insert(3, QStringLiteral(""), 0, -1.5);
    auto opened = openRowCursor(db(), QStringLiteral("SELECT id, name, count, share FROM t ORDER BY id"), {}, kFailure);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    RowCursor &row = *opened.value();

    QVERIFY(row.next());
    QCOMPARE(row.integer(0), qint64(1));
    QCOMPARE(row.text(1).toByteArray(), QStringLiteral("Zürich/推理").toUtf8());
    QVERIFY(!row.isNull(1));
    QCOMPARE(row.integer(2), kLargest);
    QCOMPARE(row.real(3), 0.25);

    QVERIFY(row.next());
    QVERIFY(row.isNull(1));
    QVERIFY(row.text(1).isEmpty());
    QCOMPARE(row.integer(2), kSmallest);
    QVERIFY(row.isNull(3));

    QVERIFY(row.next());
    QVERIFY(!row.isNull(1)); // an empty text is not NULL
    QVERIFY(row.text(1).isEmpty());
    QCOMPARE(row.real(3), -1.5);

    QVERIFY(!row.next());
    QVERIFY(!row.next()); // stays at the end
    QVERIFY(row.finished().ok());
}

void TestRowCursor::bindsParametersInOrder()
{
    for (qint64 id = 1; id <= 5; ++id)
        insert(id, QStringLiteral("n%1").arg(id % 2), id * 10, double(id) / 2);
    auto opened =
        openRowCursor(db(), QStringLiteral("SELECT id FROM t WHERE name = ? AND count > ? AND share < ? ORDER BY id"),
                      {QStringLiteral("n1"), qint64(10), 2.6}, kFailure);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QList<qint64> ids;
    while (opened.value()->next())
        ids.append(opened.value()->integer(0));
    QVERIFY(opened.value()->finished().ok());
    QCOMPARE(ids, (QList<qint64>{3, 5})); // 1 is not above 10; 5's share 2.5 is below 2.6
}

void TestRowCursor::bindsANullStringAsNull()
{
    { // the insert's statement is done with (finalized) before the read
        auto inserted = openRowCursor(db(), QStringLiteral("INSERT INTO t (id, name) VALUES (?, ?)"),
                                      {qint64(7), QString()}, kFailure);
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().message));
        QVERIFY(!inserted.value()->next());
        QVERIFY(inserted.value()->finished().ok());
    }
    auto opened =
        openRowCursor(db(), QStringLiteral("SELECT COUNT(*) FROM t WHERE id = 7 AND name IS NULL"), {}, kFailure);
    QVERIFY(opened.ok());
    QVERIFY(opened.value()->next());
    QCOMPARE(opened.value()->integer(0), qint64(1));
}

void TestRowCursor::sqlThatCannotBePreparedSaysWhy()
{
    auto opened = openRowCursor(db(), QStringLiteral("SELECT nosuchcolumn FROM t"), {}, kFailure);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, RayErrorKind::Storage);
    QVERIFY2(opened.error().message.startsWith(kFailure + QStringLiteral(": ")), qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(QStringLiteral("nosuchcolumn")), qPrintable(opened.error().message));
}

// SQLite finds abs() of the smallest integer out of range while stepping to that row, PostgreSQL while running the
// query: either way the failure is reported, never taken for the end of the rows.
void TestRowCursor::anErrorWhileReadingIsNotTakenForTheEnd()
{
    insert(1, QStringLiteral("a"), 1, 0);
    insert(2, QStringLiteral("b"), kSmallest, 0);
    auto opened = openRowCursor(db(), QStringLiteral("SELECT abs(count) FROM t ORDER BY id"), {}, kFailure);
    QString error;
    if (!opened.ok()) {
        error = opened.error().message;
    } else {
        QList<qint64> read;
        while (opened.value()->next())
            read.append(opened.value()->integer(0));
        QVERIFY(read.size() < 2);
        const Result<Done> finished = opened.value()->finished();
        QVERIFY(!finished.ok());
        error = finished.error().message;
    }
    QVERIFY2(error.startsWith(kFailure + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("overflow")) || error.contains(QStringLiteral("out of range")),
             qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRowCursor)
#include "test_rowcursor.moc"
