// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// When the shown data turns stale and fresh again, and how its age is worded, on a clock the test moves.
#include "datafreshness.h"

#include <QSignalSpy>
#include <QTest>

using namespace scaledeck;

namespace {
const QDateTime kTakenAt = QDateTime(QDate(2026, 12, 4), QTime(9, 41, 2), Qt::UTC);

RayError unreachable()
{
    return RayError{RayErrorKind::Unreachable, 0, QStringLiteral("connection refused")};
}

QString localTime(const QDateTime &utc)
{
    return utc.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}
} // namespace

class TestDataFreshness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void staleFromAFailedPollUntilTheNextSnapshot()
    {
        ManualClock clock(kTakenAt);
        DataFreshness freshness(&clock);
        QSignalSpy changed(&freshness, &DataFreshness::staleChanged);
        freshness.snapshotShown(kTakenAt);
        QVERIFY(!freshness.isStale());
        QCOMPARE(freshness.noticeText(), QString());
        QCOMPARE(freshness.whyNoChanges(), QString());
        QCOMPARE(changed.size(), 0);

        clock.advanceSecs(40);
        freshness.pollFailed(unreachable());
        freshness.pollFailed(unreachable()); // still stale: one change
        QVERIFY(freshness.isStale());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toBool(), true);
        QCOMPARE(freshness.noticeText(),
                 QStringLiteral("The cluster does not answer — %1. (showing data from 40 s ago)")
                     .arg(unreachable().describe()));
        QVERIFY2(freshness.whyNoChanges().startsWith(QStringLiteral("The cluster has not answered for 40 s; showing "
                                                                    "data from %1.")
                                                         .arg(localTime(kTakenAt))),
                 qPrintable(freshness.whyNoChanges()));
        // The editors' reason holds for the whole outage: no age in it.
        QVERIFY2(freshness.whyNoEdits().contains(QStringLiteral("showing data from %1").arg(localTime(kTakenAt))),
                 qPrintable(freshness.whyNoEdits()));

        clock.advanceSecs(65);
        QVERIFY2(freshness.noticeText().endsWith(QStringLiteral("(showing data from 1 min 45 s ago)")),
                 qPrintable(freshness.noticeText()));
        QVERIFY(freshness.whyNoChanges().startsWith(QStringLiteral("The cluster has not answered for 1 min 45 s")));

        freshness.snapshotShown(clock.nowUtc());
        QVERIFY(!freshness.isStale());
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).toBool(), false);
        QCOMPARE(freshness.whyNoChanges(), QString());
        QCOMPARE(freshness.whyNoEdits(), QString());
    }

    void ticksWhileStaleOnly()
    {
        ManualClock clock(kTakenAt);
        DataFreshness freshness(&clock);
        freshness.snapshotShown(kTakenAt);
        QSignalSpy texts(&freshness, &DataFreshness::textsChanged);
        freshness.pollFailed(unreachable());
        QCOMPARE(texts.size(), 1);
        QVERIFY(texts.wait(3000)); // the second tick: the age in the texts moves on
        freshness.snapshotShown(kTakenAt);
        texts.clear();
        QVERIFY(!texts.wait(1500)); // fresh: nothing counts
    }

    void noDataYet()
    {
        ManualClock clock(kTakenAt);
        DataFreshness freshness(&clock);
        freshness.pollFailed(unreachable());
        QVERIFY2(freshness.noticeText().endsWith(QStringLiteral("(no data received yet)")),
                 qPrintable(freshness.noticeText()));
        QVERIFY(!freshness.whyNoChanges().isEmpty());

        // Another cluster: not stale, nothing shown.
        QSignalSpy changed(&freshness, &DataFreshness::staleChanged);
        freshness.reset();
        QVERIFY(!freshness.isStale());
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDataFreshness)
#include "test_datafreshness.moc"
