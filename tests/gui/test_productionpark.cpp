// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// On a production profile, the apply confirmation that parks an application keeps Apply disabled until the
// operator has typed that application's exact name (real widgets, real key clicks); elsewhere it does not ask.
#include "applypreviewdialog.h"
#include "guitestmain.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace scaledeck;

namespace {
ApplyPlan parkPlan(const QStringList &apps)
{
    ApplyPlan plan;
    for (const QString &app : apps) {
        plan.preview.push_back(
            {app, QString(), QStringLiteral("park"), QStringLiteral("RUNNING"), QStringLiteral("parked"), true});
        ParkRecord park;
        park.app = app;
        plan.parks.push_back(park);
    }
    return plan;
}

QPushButton *okButton(ApplyPreviewDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}
} // namespace

class TestProductionPark : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parkingNeedsTheExactNameTyped()
    {
        ApplyPreviewDialog dialog(parkPlan({QStringLiteral("llm")}), ApplyPreviewDialog::Mode::ConfirmApply);
        dialog.requireTypedNamesToPark();
        QVERIFY(dialog.needsTypedNames());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPushButton *ok = okButton(dialog);
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("typedName_llm"));
        QVERIFY(name);
        QVERIFY(!ok->isEnabled());

        QTest::mouseClick(dialog.findChild<QCheckBox *>(QStringLiteral("confirmStopCheck")), Qt::LeftButton, {},
                          QPoint(5, 5));
        QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("confirmStopCheck"))->isChecked());
        QVERIFY2(!ok->isEnabled(), "the tick alone must not be enough on production");

        QTest::keyClicks(name, QStringLiteral("ll"));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(name, QStringLiteral("m"));
        QVERIFY(ok->isEnabled());
        QTest::keyClicks(name, QStringLiteral("2")); // "llm2" is another app
        QVERIFY(!ok->isEnabled());
        QTest::keyClick(name, Qt::Key_Backspace);
        QVERIFY(ok->isEnabled());
        QTest::keyClick(name, Qt::Key_Home);
        QTest::keyClick(name, Qt::Key_Delete);
        QTest::keyClicks(name, QStringLiteral("L")); // "Llm": names are compared exactly
        QVERIFY(!ok->isEnabled());
    }

    void everyParkedAppIsTyped()
    {
        ApplyPreviewDialog dialog(parkPlan({QStringLiteral("llm"), QStringLiteral("batch")}),
                                  ApplyPreviewDialog::Mode::ConfirmApply);
        dialog.requireTypedNamesToPark();
        dialog.setStopConfirmed(true);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("typedName_llm")), QStringLiteral("llm"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("typedName_batch")), QStringLiteral("batch"));
        QVERIFY(okButton(dialog)->isEnabled());
    }

    void notProductionOrNoParkAsksNoName()
    {
        ApplyPreviewDialog plain(parkPlan({QStringLiteral("llm")}), ApplyPreviewDialog::Mode::ConfirmApply);
        QVERIFY(!plain.needsTypedNames());
        QVERIFY(!plain.findChild<QLineEdit *>());
        plain.setStopConfirmed(true);
        QVERIFY(okButton(plain)->isEnabled());

        ApplyPlan scaleOnly;
        scaleOnly.preview.push_back({QStringLiteral("llm"), QStringLiteral("LLM"), QStringLiteral("num_replicas"),
                                     QStringLiteral("2"), QStringLiteral("3"), false});
        ApplyPreviewDialog production(scaleOnly, ApplyPreviewDialog::Mode::ConfirmApply);
        production.requireTypedNamesToPark();
        QVERIFY(!production.needsTypedNames());
        QVERIFY(okButton(production)->isEnabled());
    }
};

SCALEDECK_GUI_TEST_MAIN(TestProductionPark)
#include "test_productionpark.moc"
