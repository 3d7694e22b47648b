// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 11: stale data looks stale. While the cluster does not answer, the tree is dimmed, the controls that would
// change the cluster are disabled and say why, the data's age stays visible and keeps counting, and an "Apply
// failed" banner stands beside the stale notice rather than replacing it. Everything comes back, and an apply that
// failed for want of an answer stops being reported, once the cluster answers again. The real window against a
// scripted cluster that hangs up on every request while "down".
#include "applybar.h"
#include "clusterheader.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "demodocuments.h"
#include "errorbanner.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scriptedhttpserver.h"
#include "scriptedwindow.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm");
const QString kLlmDeployment = QStringLiteral("LLM");
const QString kEmbedder = QStringLiteral("embedder");
const QString kEmbedderDeployment = QStringLiteral("Embedder");
const QByteArray kVersionPath = "/api/ray/version";
const QByteArray kNodesPath = "/api/v0/nodes";
const QByteArray kApplicationsPath = "/api/serve/applications/";
const QString kStaleMark = QStringLiteral("showing data from");

// Whether `stale` draws a cell fainter than `fresh` did (an invalid colour is the palette's text colour).
bool isDimmer(const QVariant &stale, const QVariant &fresh, const QPalette &palette)
{
    if (!stale.isValid())
        return false;
    const QColor was = fresh.isValid() ? fresh.value<QColor>() : palette.color(QPalette::Text);
    const QColor now = stale.value<QColor>();
    const QColor base = palette.color(QPalette::Base);
    // Closer to the background: by transparency, or by lightness.
    const auto distance = [&](const QColor &colour) {
        return colour.alphaF() * std::abs(colour.lightnessF() - base.lightnessF());
    };
    return distance(now) < distance(was);
}
} // namespace

class TestStaleData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void staleTreeIsDimmedAndSendsNothing();
    void applyFailedBannerKeepsTheStaleNotice();

private:
    void clusterGoesSilent();
    void clusterAnswersAgain();
    ErrorBanner *visibleBanner(const QString &containing) const;
    ReplicaEditor *editor(const QString &app, const QString &deployment) const;
    QPushButton *parkButton(const QString &app) const;
    QVariantList foregrounds() const; // of every cell of the llm and llm/LLM rows
    QString shownAt() const;          // when the shown data was taken, as the window writes it
    void saveScreenshot(const QString &name) const;

    std::unique_ptr<ScriptedWindow> m_scripted;
    ScriptedHttpServer *m_server = nullptr; // m_scripted's
    MainWindow *m_window = nullptr;         // m_scripted's
};

void TestStaleData::init()
{
    m_scripted = std::make_unique<ScriptedWindow>();
    QVERIFY(m_scripted->dir.isValid());
    m_server = &m_scripted->server;
    clusterAnswersAgain();
    QVERIFY(m_scripted->open(QSize(1320, 640), 200, m_scripted->endpoint()));
    m_window = m_scripted->window.get();
    QTRY_VERIFY(editor(kLlm, kLlmDeployment) && editor(kEmbedder, kEmbedderDeployment));
}

void TestStaleData::cleanup()
{
    if (QWidget *modal = QApplication::activeModalWidget())
        modal->close();
    m_window = nullptr;
    m_server = nullptr;
    m_scripted.reset();
}

void TestStaleData::clusterGoesSilent()
{
    for (const QByteArray &path : {kVersionPath, kNodesPath, kApplicationsPath}) {
        ScriptedResponse lost;
        lost.hangUp = true;
        m_server->answer(path, lost);
    }
}

void TestStaleData::clusterAnswersAgain()
{
    m_server->answer(kVersionPath, {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer(kNodesPath, {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer(kApplicationsPath, {200, bodyOf(demoDocument())});
}

ErrorBanner *TestStaleData::visibleBanner(const QString &containing) const
{
    for (ErrorBanner *banner : m_window->findChildren<ErrorBanner *>())
        if (banner->isVisible() && banner->text().contains(containing))
            return banner;
    return nullptr;
}

ReplicaEditor *TestStaleData::editor(const QString &app, const QString &deployment) const
{
    return m_window->treeView()->replicaEditor(app, deployment);
}

QPushButton *TestStaleData::parkButton(const QString &app) const
{
    QWidget *cell =
        m_window->treeView()->indexWidget(m_window->model()->applicationIndex(app, ClusterModel::TargetColumn));
    return cell ? cell->findChild<QPushButton *>() : nullptr;
}

QVariantList TestStaleData::foregrounds() const
{
    QVariantList colours;
    for (int column = 0; column < ClusterModel::TargetColumn; ++column) {
        colours.append(m_window->model()->applicationIndex(kLlm, column).data(Qt::ForegroundRole));
        colours.append(m_window->model()->deploymentIndex(kLlm, kLlmDeployment, column).data(Qt::ForegroundRole));
    }
    return colours;
}

QString TestStaleData::shownAt() const
{
    return m_window->model()->snapshot()->takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

void TestStaleData::saveScreenshot(const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        m_window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

void TestStaleData::staleTreeIsDimmedAndSendsNothing()
{
    // A pending change, made with a key on llm/LLM's slider, that the cluster has not seen.
    QTest::keyClick(editor(kLlm, kLlmDeployment)->slider(), Qt::Key_Right);
    QCOMPARE(m_window->pendingEdits()->size(), 1);
    QPushButton *apply = m_window->applyBar()->applyButton();
    QVERIFY(apply->isEnabled());
    const QVariantList fresh = foregrounds();

    clusterGoesSilent();
    QTRY_VERIFY_WITH_TIMEOUT(visibleBanner(kStaleMark), 15000);
    saveScreenshot(QStringLiteral("stale"));
    const QString at = shownAt();

    // Nothing that would change the cluster can be pressed, and each says why.
    QTRY_VERIFY(!apply->isEnabled());
    QVERIFY2(apply->toolTip().contains(QStringLiteral("has not answered")), qPrintable(apply->toolTip()));
    QVERIFY2(apply->toolTip().contains(kStaleMark + QLatin1Char(' ') + at), qPrintable(apply->toolTip()));
    QPushButton *park = parkButton(kEmbedder);
    QVERIFY(park);
    QVERIFY(!park->isEnabled());
    QVERIFY2(park->toolTip().contains(kStaleMark + QLatin1Char(' ') + at), qPrintable(park->toolTip()));
    ReplicaEditor *llm = editor(kLlm, kLlmDeployment);
    QVERIFY(!llm->isEnabled());
    QVERIFY2(llm->toolTip().contains(kStaleMark + QLatin1Char(' ') + at), qPrintable(llm->toolTip()));
    // The pending change is still there, to be applied once the cluster answers.
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kLlm, kLlmDeployment), std::optional<int>(3));

    // The tree is dimmed, every text cell of it.
    const QVariantList stale = foregrounds();
    const QPalette palette = m_window->treeView()->palette();
    for (int i = 0; i < stale.size(); ++i)
        QVERIFY2(isDimmer(stale.at(i), fresh.at(i), palette),
                 qPrintable(QStringLiteral("cell %1 is not dimmed: %2 (was %3)")
                                .arg(i)
                                .arg(stale.at(i).value<QColor>().name(QColor::HexArgb),
                                     fresh.at(i).value<QColor>().name(QColor::HexArgb))));

    // The data's age stays on screen and keeps counting while nothing new comes.
    const QString notice = visibleBanner(kStaleMark)->text();
    QTRY_VERIFY_WITH_TIMEOUT(visibleBanner(kStaleMark) && visibleBanner(kStaleMark)->text() != notice, 5000);
    QVERIFY2(m_window->header()->text().contains(QStringLiteral(" ago)")), qPrintable(m_window->header()->text()));
    QCOMPARE(shownAt(), at); // the same data: only its age moved
    saveScreenshot(QStringLiteral("stale-counting"));

    // The cluster answers: all of it comes back.
    clusterAnswersAgain();
    QTRY_VERIFY_WITH_TIMEOUT(!visibleBanner(kStaleMark), 15000);
    QTRY_VERIFY(apply->isEnabled());
    QVERIFY2(!apply->toolTip().contains(QStringLiteral("has not answered")), qPrintable(apply->toolTip()));
    QTRY_VERIFY(editor(kLlm, kLlmDeployment)->isEnabled());
    QVERIFY(parkButton(kEmbedder)->isEnabled());
    QCOMPARE(foregrounds(), fresh);
    saveScreenshot(QStringLiteral("stale-recovered"));
}

void TestStaleData::applyFailedBannerKeepsTheStaleNotice()
{
    QTest::keyClick(editor(kLlm, kLlmDeployment)->slider(), Qt::Key_Right);
    QPushButton *apply = m_window->applyBar()->applyButton();
    QVERIFY(apply->isEnabled());

    // The cluster stops answering just as Apply is clicked: the apply fails, and so do the polls.
    clusterGoesSilent();
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(visibleBanner(QStringLiteral("Apply failed")), 15000);
    // Both are on screen at once: what failed, and how old the data is.
    QTRY_VERIFY2_WITH_TIMEOUT(
        visibleBanner(kStaleMark),
        qPrintable(QStringLiteral("no stale notice beside: ") + visibleBanner(QStringLiteral("Apply failed"))->text()),
        15000);
    saveScreenshot(QStringLiteral("stale-apply-failed"));
    QTRY_VERIFY(!apply->isEnabled());
    QVERIFY(visibleBanner(QStringLiteral("Apply failed")));
    QVERIFY(visibleBanner(kStaleMark) != visibleBanner(QStringLiteral("Apply failed")));
    QCOMPARE(m_window->pendingEdits()->size(), 1);

    // Once the cluster answers, the apply failure's cause has gone, and both notices with it.
    clusterAnswersAgain();
    QTRY_VERIFY_WITH_TIMEOUT(!visibleBanner(kStaleMark), 15000);
    QTRY_VERIFY(!visibleBanner(QStringLiteral("Apply failed")));
    QVERIFY(apply->isEnabled());
    QCOMPARE(m_window->pendingEdits()->size(), 1); // still there, to try again
}

SCALEDECK_GUI_TEST_MAIN(TestStaleData)
#include "test_staledata.moc"
