// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// AtLeastRealTimeClock, the controller's applier's clock: it follows a clock that moves, and moves by itself
// (at real speed) when the clock it follows stands still, so a wait timed on it always ends.
#include "clock.h"

#include <QtTest>

using namespace scaledeck;

class TestClock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followsAClockThatMoves();
    void movesWhileTheClockStandsStill();
};

namespace {
const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate);
}

void TestClock::followsAClockThatMoves()
{
    ManualClock base(t0);
    AtLeastRealTimeClock clock(&base);
    base.advanceSecs(3600); // far ahead of the real time that passed
    QCOMPARE(clock.nowUtc(), t0.addSecs(3600));
    // Set back (a test going to an earlier instant): restart() follows it from there.
    base.set(t0);
    clock.restart();
    QVERIFY(clock.nowUtc() >= t0);
    QVERIFY(clock.nowUtc() < t0.addSecs(60));
}

void TestClock::movesWhileTheClockStandsStill()
{
    ManualClock base(t0);
    AtLeastRealTimeClock clock(&base);
    QVERIFY(clock.nowUtc() >= t0);
    QTRY_VERIFY_WITH_TIMEOUT(clock.nowUtc() >= t0.addMSecs(20), 2000);
    QCOMPARE(base.nowUtc(), t0);
}

QTEST_GUILESS_MAIN(TestClock)
#include "test_clock.moc"
