// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Apply button's confirmation is asked without a nested event loop: the sequence hands the plan to
// a callback and goes on; the answer comes later. An answer to a question that no longer stands (the
// session changed while the dialog was open) sends nothing. Against a scripted server: what is tested is
// the order of the sequence's steps, not Ray.
#include "applysequence.h"
#include "clustersession.h"
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "pendingedits.h"
#include "scriptedhttpserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::test;

class TestApplySequence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void confirmationDoesNotBlock();
    void staleAnswerSendsNothing();
    void declinedAnswerCancels();
    void acceptedAnswerApplies();

private:
    int putsReceived() const;

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<ClusterSession> m_session;
    std::unique_ptr<PendingEdits> m_edits;
    std::unique_ptr<ApplySequence> m_sequence;
    std::optional<ApplySequence::Answer> m_answer; // the question the "dialog" holds open
};

void TestApplySequence::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_demo.json"))});
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    m_session = std::make_unique<ClusterSession>(endpoint, m_dir.filePath(QStringLiteral("store.sqlite")), 600000);
    m_edits = std::make_unique<PendingEdits>();
    m_answer.reset();
    m_sequence = std::make_unique<ApplySequence>(
        m_edits.get(), [this](const ApplyPlan &, ApplySequence::Answer answer) { m_answer = std::move(answer); });
    m_sequence->setApplyWorker(m_session->applyWorker());
    m_edits->setReplicas(fixtureSnapshot(QStringLiteral("applications_demo.json")), QStringLiteral("llm"),
                         QStringLiteral("LLM"), 1);
}

void TestApplySequence::cleanup()
{
    m_sequence.reset();
    m_session.reset();
    m_edits.reset();
    m_server.reset();
}

int TestApplySequence::putsReceived() const
{
    int puts = 0;
    for (const ReceivedRequest &request : m_server->requests())
        puts += request.method == "PUT" ? 1 : 0;
    return puts;
}

void TestApplySequence::confirmationDoesNotBlock()
{
    m_sequence->apply(false);
    // The test's own code runs on while the question is open: nothing waits inside the callback.
    QTRY_VERIFY_WITH_TIMEOUT(m_answer.has_value(), 10000);
    QVERIFY(m_sequence->isBusy());
    QCOMPARE(putsReceived(), 0);
    bool timerFired = false;
    QTimer::singleShot(0, this, [&timerFired] { timerFired = true; });
    QTRY_VERIFY(timerFired);     // the GUI thread's events keep flowing
    QCOMPARE(putsReceived(), 0); // nothing is sent before the answer
}

void TestApplySequence::staleAnswerSendsNothing()
{
    QSignalSpy cancelled(m_sequence.get(), &ApplySequence::cancelled);
    QSignalSpy applied(m_sequence.get(), &ApplySequence::applied);
    m_sequence->apply(false);
    QTRY_VERIFY_WITH_TIMEOUT(m_answer.has_value(), 10000);
    m_sequence->setApplyWorker(nullptr); // the operator switched clusters with the dialog open
    QVERIFY(!m_sequence->isBusy());
    (*m_answer)(true); // then pressed OK
    QVERIFY(!m_sequence->isBusy());
    // A new session and apply: the old answer still must not start it.
    m_sequence->setApplyWorker(m_session->applyWorker());
    m_sequence->apply(false);
    const ApplySequence::Answer old = *m_answer;
    m_answer.reset();
    old(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_answer.has_value(), 10000); // the new question is asked: the old answer did nothing
    QCOMPARE(putsReceived(), 0);
    QCOMPARE(applied.size(), 0);
    QCOMPARE(cancelled.size(), 0);
}

void TestApplySequence::declinedAnswerCancels()
{
    QSignalSpy cancelled(m_sequence.get(), &ApplySequence::cancelled);
    m_sequence->apply(false);
    QTRY_VERIFY_WITH_TIMEOUT(m_answer.has_value(), 10000);
    (*m_answer)(false);
    QCOMPARE(cancelled.size(), 1);
    QVERIFY(!m_sequence->isBusy());
    QCOMPARE(putsReceived(), 0);
}

void TestApplySequence::acceptedAnswerApplies()
{
    m_sequence->apply(false);
    QTRY_VERIFY_WITH_TIMEOUT(m_answer.has_value(), 10000);
    (*m_answer)(true);
    QTRY_COMPARE_WITH_TIMEOUT(putsReceived(), 1, 10000);
}

SCALEDECK_GUI_TEST_MAIN(TestApplySequence)
#include "test_applysequence.moc"
