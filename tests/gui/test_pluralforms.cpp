// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Plurals are right everywhere (issue 11), through Qt's %n forms: every tr("… %n …") of the window has its English
// singular and plural in translations/scaledeck_en.ts (lupdate, the Qt tool, lists them from the sources: a text
// added without its forms fails here), and the window's texts read "1 node", "1 change", "1 replica".
#include "guitestmain.h"

#include "applypreviewdialog.h"
#include "clusterheader.h"
#include "displayformat.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>

using namespace scaledeck;

namespace {

struct PluralEntry {
    QString context;
    QString source;
    QStringList forms;
    bool unfinished = false;
};

std::vector<PluralEntry> readEntries(const QString &path)
{
    std::vector<PluralEntry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        if (xml.name() == QStringLiteral("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QStringLiteral("message")) {
            entries.push_back({context, {}, {}, false});
        } else if (xml.name() == QStringLiteral("source") && !entries.empty()) {
            entries.back().source = xml.readElementText();
        } else if (xml.name() == QStringLiteral("translation") && !entries.empty()) {
            entries.back().unfinished = xml.attributes().value(QStringLiteral("type")) == QStringLiteral("unfinished");
        } else if (xml.name() == QStringLiteral("numerusform") && !entries.empty()) {
            entries.back().forms.append(xml.readElementText());
        }
    }
    return entries;
}

QSet<QString> keysOf(const std::vector<PluralEntry> &entries)
{
    QSet<QString> keys;
    for (const PluralEntry &entry : entries)
        keys.insert(entry.context + QStringLiteral(" | ") + entry.source);
    return keys;
}

const QString kCommitted = QStringLiteral(SCALEDECK_SOURCE_DIR "/translations/scaledeck_en.ts");

} // namespace

class TestPluralForms : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyEntryHasItsTwoForms();
    void everyPluralTextOfTheSourcesIsListed();
    void windowTextsReadRightForOne();
};

void TestPluralForms::everyEntryHasItsTwoForms()
{
    const std::vector<PluralEntry> entries = readEntries(kCommitted);
    QVERIFY2(entries.size() >= 10, qPrintable(kCommitted));
    for (const PluralEntry &entry : entries) {
        QVERIFY2(!entry.unfinished, qPrintable(entry.source));
        QCOMPARE(entry.forms.size(), 2);
        QVERIFY2(!entry.forms[0].contains(QStringLiteral("(s)")) && !entry.forms[1].contains(QStringLiteral("(s)")),
                 qPrintable(entry.forms.join(QStringLiteral(" / "))));
    }
}

void TestPluralForms::everyPluralTextOfTheSourcesIsListed()
{
    QString lupdate = QStandardPaths::findExecutable(QStringLiteral("lupdate"));
    if (lupdate.isEmpty())
        lupdate = QStandardPaths::findExecutable(QStringLiteral("lupdate"), {QStringLiteral("/usr/lib/qt6/bin")});
    QVERIFY2(!lupdate.isEmpty(), "lupdate not found (scripts/install-deps.sh installs qt6-l10n-tools)");
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
    QProcess process;
    process.start(lupdate, {QStringLiteral("-pluralonly"), QStringLiteral("-locations"), QStringLiteral("none"),
                            QStringLiteral(SCALEDECK_SOURCE_DIR "/src/gui"), QStringLiteral("-ts"), fresh});
    QVERIFY2(process.waitForFinished(120000), "lupdate did not finish");
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QSet<QString> inSources = keysOf(readEntries(fresh));
    const QSet<QString> listed = keysOf(readEntries(kCommitted));
    QVERIFY2(!inSources.isEmpty(), "lupdate found no %n text in src/gui");
    const QStringList missing = (inSources - listed).values();
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in translations/scaledeck_en.ts (run "
                                                          "scripts/update-plurals.sh): ") +
                                           missing.join(QStringLiteral("; "))));
}

void TestPluralForms::windowTextsReadRightForOne()
{
    ApplyPlan plan;
    plan.preview.push_back({QStringLiteral("llm"), QStringLiteral("LLM"), QStringLiteral("num_replicas"),
                            QStringLiteral("2"), QStringLiteral("3"), false});
    QCOMPARE(ApplyPreviewDialog(plan, ApplyPreviewDialog::Mode::PreviewOnly).windowTitle(),
             QStringLiteral("Preview of 1 change"));
    plan.preview.push_back(plan.preview.front());
    QCOMPARE(ApplyPreviewDialog(plan, ApplyPreviewDialog::Mode::ConfirmApply).windowTitle(),
             QStringLiteral("Apply 2 changes"));

    auto snapshot = std::make_shared<ClusterSnapshot>();
    snapshot->rayVersion = QStringLiteral("2.60.0");
    snapshot->nodesAlive = 1;
    snapshot->gpusTotal = 1;
    snapshot->takenAt = QDateTime::currentDateTimeUtc();
    ClusterHeader header;
    header.setSnapshot(snapshot);
    QVERIFY2(header.text().contains(QStringLiteral("1 node")) && !header.text().contains(QStringLiteral("(s)")),
             qPrintable(header.text()));

    DeploymentSnapshot llm;
    llm.gpusPerReplica = 1;
    QCOMPARE(editorRangeReason(llm, 1),
             QStringLiteral("Up to 1: room for 1 replica of 1 GPU each in the cluster's 1 GPU"));
}

SCALEDECK_GUI_TEST_MAIN(TestPluralForms)
#include "test_pluralforms.moc"
