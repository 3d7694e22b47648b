// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Connect dialog's profile fields for CA file, production and a token in the keychain: remembered in
// the settings file, while a pasted token is held only by the dialog and never written there. A profile may name
// the team's controller instead of a dashboard: its URL and token file (or keychain), checked before it is saved.
#include "connectdialog.h"
#include "guitestmain.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
template <typename T> T *field(const QDialog &dialog, const char *name)
{
    auto *found = dialog.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("the Connect dialog has no %s", name);
    return found;
}

// A file holding `contents` with `permissions`, as an operator would keep a token.
QString tokenFile(const QTemporaryDir &dir, const QString &name, const QByteArray &contents,
                  QFile::Permissions permissions)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    file.setPermissions(permissions);
    return path;
}

constexpr QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;

void chooseController(ConnectDialog &dialog)
{
    auto *radio = field<QRadioButton>(dialog, "controllerKindRadio");
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(5, radio->height() / 2));
    if (!radio->isChecked())
        qFatal("the Team controller choice did not take the click");
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->clear();
    QTest::keyClicks(edit, text);
}
} // namespace

class TestConnectDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Choosing the kind shows that kind's fields only: the other kind's are hidden and out of the keyboard's reach.
    void choosingTheKindShowsItsFieldsOnly()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectDialog dialog(&profiles);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QList<QWidget *> ray{field<QLineEdit>(dialog, "addressEdit"), field<QLineEdit>(dialog, "tokenFileEdit"),
                                   field<QCheckBox>(dialog, "tokenKeychainCheck"),
                                   field<QLineEdit>(dialog, "caFileEdit"), field<QCheckBox>(dialog, "productionCheck")};
        const QList<QWidget *> controller{field<QLineEdit>(dialog, "controllerUrlEdit"),
                                          field<QLineEdit>(dialog, "controllerTokenFileEdit"),
                                          field<QCheckBox>(dialog, "controllerKeychainCheck")};
        QVERIFY(field<QRadioButton>(dialog, "rayKindRadio")->isChecked()); // a new profile: Ray, as before
        for (QWidget *widget : ray)
            QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
        for (QWidget *widget : controller)
            QVERIFY2(!widget->isVisible(), qPrintable(widget->objectName()));

        chooseController(dialog);
        for (QWidget *widget : ray)
            QVERIFY2(!widget->isVisible() && !widget->isEnabled(), qPrintable(widget->objectName()));
        for (QWidget *widget : controller)
            QVERIFY2(widget->isVisible() && widget->isEnabled(), qPrintable(widget->objectName()));
        QVERIFY(!field<QLabel>(dialog, "addressLabel")->isVisible());
        QVERIFY(field<QLabel>(dialog, "controllerUrlLabel")->isVisible());
        QCOMPARE(field<QLabel>(dialog, "controllerUrlLabel")->buddy(), field<QLineEdit>(dialog, "controllerUrlEdit"));
        // The Prometheus address and read-only belong to both kinds.
        QVERIFY(field<QLineEdit>(dialog, "prometheusEdit")->isVisible());
        QVERIFY(field<QCheckBox>(dialog, "readOnlyCheck")->isVisible());

        // The keyboard goes back and forth: Alt+D and Alt+N are the two choices' mnemonics.
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
        QTRY_VERIFY(field<QRadioButton>(dialog, "rayKindRadio")->isChecked());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::AltModifier);
        QTRY_VERIFY(field<QRadioButton>(dialog, "controllerKindRadio")->isChecked());
        QVERIFY(field<QLineEdit>(dialog, "controllerUrlEdit")->isVisible());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
        QTRY_VERIFY(field<QRadioButton>(dialog, "rayKindRadio")->isChecked());
        QVERIFY(field<QLineEdit>(dialog, "addressEdit")->isVisible());
        QVERIFY(!field<QLineEdit>(dialog, "controllerUrlEdit")->isVisible());
    }

    // Select Team controller, fill, save: the profile holds the controller's URL and token file and nothing of a
    // dashboard's (typed before switching), and opens again as a controller profile.
    void controllerProfileIsStoredWithItsFields()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        const QString token = tokenFile(dir, QStringLiteral("controller-token"), "tok-alice-1\n", ownerOnly);
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileStore profiles(&settings);
            ConnectDialog dialog(&profiles);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            field<QComboBox>(dialog, "profileCombo")->setEditText(QStringLiteral("team"));
            QTest::keyClicks(field<QLineEdit>(dialog, "addressEdit"), QStringLiteral("http://ray.example:8265"));
            chooseController(dialog);
            typeInto(field<QLineEdit>(dialog, "controllerUrlEdit"), QStringLiteral("http://127.0.0.1:8270"));
            typeInto(field<QLineEdit>(dialog, "controllerTokenFileEdit"), token);
            typeInto(field<QLineEdit>(dialog, "prometheusEdit"), QStringLiteral("http://prom.example:9090"));
            QTest::mouseClick(field<QCheckBox>(dialog, "readOnlyCheck"), Qt::LeftButton, {}, QPoint(5, 5));
            QTest::mouseClick(field<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok),
                              Qt::LeftButton);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QVERIFY(!field<QLabel>(dialog, "controllerError")->isVisible());
        }
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectionProfile expected;
        expected.name = QStringLiteral("team");
        expected.controllerUrl = QStringLiteral("http://127.0.0.1:8270");
        expected.controllerTokenFile = token;
        expected.prometheusUrl = QStringLiteral("http://prom.example:9090");
        expected.readOnly = true;
        QCOMPARE(profiles.find(QStringLiteral("team")), std::optional(expected));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("tok-alice-1"), "the token was written to the settings file");

        ConnectDialog again(&profiles); // opens on the last profile, a controller's
        QVERIFY(field<QRadioButton>(again, "controllerKindRadio")->isChecked());
        QCOMPARE(field<QLineEdit>(again, "controllerUrlEdit")->text(), expected.controllerUrl);
        QCOMPARE(field<QLineEdit>(again, "controllerTokenFileEdit")->text(), token);
        QCOMPARE(again.profile(), expected);
    }

    // "Store the token in the keychain": the pasted token is for the window to store, never for the settings file;
    // the file field is off meanwhile, and a new keychain profile without a token to store is refused.
    void controllerTokenInTheKeychainIsNeverASetting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectDialog dialog(&profiles);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        field<QComboBox>(dialog, "profileCombo")->setEditText(QStringLiteral("team"));
        chooseController(dialog);
        typeInto(field<QLineEdit>(dialog, "controllerUrlEdit"), QStringLiteral("https://scaledeck.example.com"));
        auto *paste = field<QLineEdit>(dialog, "controllerTokenPasteEdit");
        QVERIFY(!paste->isEnabled());
        QTest::mouseClick(field<QCheckBox>(dialog, "controllerKeychainCheck"), Qt::LeftButton, {}, QPoint(5, 5));
        QVERIFY(paste->isEnabled());
        QCOMPARE(paste->echoMode(), QLineEdit::Password);
        QVERIFY(!field<QLineEdit>(dialog, "controllerTokenFileEdit")->isEnabled());
        QVERIFY(!field<QLineEdit>(dialog, "tokenPasteEdit")->isEnabled()); // the Ray token's field stays off

        dialog.accept();
        QVERIFY(dialog.isVisible());
        auto *error = field<QLabel>(dialog, "controllerError");
        QVERIFY(error->isVisible());
        QCOMPARE(
            error->text(),
            QStringLiteral("Paste the controller token to store in the keychain: this profile has none stored yet"));
        QVERIFY(!profiles.find(QStringLiteral("team")));

        QTest::keyClicks(paste, QStringLiteral("pasted-controller-secret"));
        QCOMPARE(dialog.pastedToken(), QByteArrayLiteral("pasted-controller-secret"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto team = profiles.find(QStringLiteral("team"));
        QVERIFY(team);
        QVERIFY(team->controllerTokenInKeychain);
        QVERIFY(team->controllerTokenFile.isEmpty());
        QVERIFY(!team->tokenInKeychain); // the Ray token's keychain entry is another one
        settings.sync();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("pasted-controller-secret"), "the token was written to the settings file");

        // Stored once, the profile connects with the keychain's token: no paste needed.
        ConnectDialog again(&profiles);
        QVERIFY(again.pastedToken().isEmpty());
        again.accept();
        QCOMPARE(again.result(), int(QDialog::Accepted));
    }

    void badControllerFieldsAreSaidBesideThem_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("tokenName"); // empty: no token file given
        QTest::addColumn<int>("permissions");   // of the token file
        QTest::addColumn<QString>("expected");  // the error's text; %1 is the token file's path
        QTest::addColumn<QString>("focused");   // the field the error sends the focus to
        const int owner = int(ownerOnly);
        const int groupReadable = int(ownerOnly | QFile::ReadGroup | QFile::ReadOther);
        QTest::newRow("no URL") << QString() << QStringLiteral("token") << owner
                                << QStringLiteral("Give the controller's URL, such as http://127.0.0.1:8270")
                                << QStringLiteral("controllerUrlEdit");
        QTest::newRow("no scheme") << QStringLiteral("ctl.example:8270") << QStringLiteral("token") << owner
                                   << QStringLiteral("The controller URL takes the controller's URL, such as "
                                                     "http://127.0.0.1:8270, not 'ctl.example:8270'")
                                   << QStringLiteral("controllerUrlEdit");
        QTest::newRow("query") << QStringLiteral("http://ctl.example:8270/?x=1") << QStringLiteral("token") << owner
                               << QStringLiteral("The controller URL takes the controller's URL, such as "
                                                 "http://127.0.0.1:8270, not 'http://ctl.example:8270/?x=1'")
                               << QStringLiteral("controllerUrlEdit");
        QTest::newRow("no token file")
            << QStringLiteral("http://127.0.0.1:8270") << QString() << owner
            << QStringLiteral("Give the file that holds your controller token, or keep the token in the keychain")
            << QStringLiteral("controllerTokenFileEdit");
        QTest::newRow("readable by others")
            << QStringLiteral("http://127.0.0.1:8270") << QStringLiteral("token") << groupReadable
            << QStringLiteral("%1 has mode 0644, but it holds a token: it must be readable by its owner only "
                              "(chmod 600 %1)")
            << QStringLiteral("controllerTokenFileEdit");
        QTest::newRow("missing") << QStringLiteral("http://127.0.0.1:8270") << QStringLiteral("missing") << owner
                                 << QStringLiteral(
                                        "cannot read the controller token file %1: No such file or directory")
                                 << QStringLiteral("controllerTokenFileEdit");
    }

    // Each bad field is refused with scaledeck --controller's own words, the dialog stays open, nothing is saved,
    // and the focus goes to the field to fix; fixed, the profile is saved.
    void badControllerFieldsAreSaidBesideThem()
    {
        QFETCH(QString, url);
        QFETCH(QString, tokenName);
        QFETCH(int, permissions);
        QFETCH(QString, expected);
        QFETCH(QString, focused);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        QString path;
        if (tokenName == QStringLiteral("missing"))
            path = dir.filePath(tokenName);
        else if (!tokenName.isEmpty())
            path = tokenFile(dir, tokenName, "tok-1", QFile::Permissions(permissions));
        ConnectDialog dialog(&profiles);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        field<QComboBox>(dialog, "profileCombo")->setEditText(QStringLiteral("team"));
        chooseController(dialog);
        typeInto(field<QLineEdit>(dialog, "controllerUrlEdit"), url);
        typeInto(field<QLineEdit>(dialog, "controllerTokenFileEdit"), path);
        dialog.accept();
        QVERIFY(dialog.isVisible());
        auto *error = field<QLabel>(dialog, "controllerError");
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), expected.contains(QStringLiteral("%1")) ? expected.arg(path) : expected);
        QCOMPARE(QApplication::focusWidget(), field<QLineEdit>(dialog, focused.toLatin1().constData()));
        QVERIFY(!profiles.find(QStringLiteral("team")));

        typeInto(field<QLineEdit>(dialog, "controllerUrlEdit"), QStringLiteral("http://127.0.0.1:8270"));
        typeInto(field<QLineEdit>(dialog, "controllerTokenFileEdit"),
                 tokenFile(dir, QStringLiteral("good-token"), "tok-1", ownerOnly));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!error->isVisible());
        QVERIFY(profiles.find(QStringLiteral("team")));
    }

    // A Ray profile keeps nothing of a controller's either, and a controller's fields are never checked for it.
    void switchingBackToRaySavesARayProfile()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectDialog dialog(&profiles);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        field<QComboBox>(dialog, "profileCombo")->setEditText(QStringLiteral("lab"));
        chooseController(dialog);
        typeInto(field<QLineEdit>(dialog, "controllerUrlEdit"), QStringLiteral("not a url"));
        auto *ray = field<QRadioButton>(dialog, "rayKindRadio");
        QTest::mouseClick(ray, Qt::LeftButton, {}, QPoint(5, ray->height() / 2));
        typeInto(field<QLineEdit>(dialog, "addressEdit"), QStringLiteral("http://127.0.0.1:8265"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto lab = profiles.find(QStringLiteral("lab"));
        QVERIFY(lab);
        QVERIFY(!lab->throughController());
        QCOMPARE(lab->address, QStringLiteral("http://127.0.0.1:8265"));
        QVERIFY(lab->controllerTokenFile.isEmpty());
    }

    void keychainProfileKeepsTheTokenOutOfSettings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileStore profiles(&settings);
            ConnectDialog dialog(&profiles);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto *name = dialog.findChild<QComboBox *>(QStringLiteral("profileCombo"));
            name->setEditText(QStringLiteral("prod"));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("addressEdit")),
                             QStringLiteral("https://ray.example:8265"));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("caFileEdit")),
                             QStringLiteral("/etc/ca/prod.pem"));
            auto *paste = dialog.findChild<QLineEdit *>(QStringLiteral("tokenPasteEdit"));
            QVERIFY(!paste->isEnabled());
            QTest::mouseClick(dialog.findChild<QCheckBox *>(QStringLiteral("tokenKeychainCheck")), Qt::LeftButton, {},
                              QPoint(5, 5));
            QVERIFY(paste->isEnabled());
            QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("tokenFileEdit"))->isEnabled());
            QCOMPARE(paste->echoMode(), QLineEdit::Password);
            QTest::keyClicks(paste, QStringLiteral("pasted-secret-42"));
            QTest::mouseClick(dialog.findChild<QCheckBox *>(QStringLiteral("productionCheck")), Qt::LeftButton, {},
                              QPoint(5, 5));
            QCOMPARE(dialog.pastedToken(), QByteArrayLiteral("pasted-secret-42"));
            dialog.accept();
        }
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore profiles(&settings);
        const auto prod = profiles.find(QStringLiteral("prod"));
        QVERIFY(prod);
        QVERIFY(prod->tokenInKeychain);
        QVERIFY(prod->production);
        QCOMPARE(prod->caFile, QStringLiteral("/etc/ca/prod.pem"));
        QVERIFY(prod->tokenFile.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("pasted-secret-42"), "the token was written to the settings file");

        ConnectDialog again(&profiles); // opens on the last profile: the paste field starts empty
        QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("tokenKeychainCheck"))->isChecked());
        QVERIFY(again.pastedToken().isEmpty());
    }

    // Issue 12: the Prometheus field goes through ProfileStore and back; a bad address is refused beside the field
    // (the dialog stays open) rather than found out at connect time.
    void prometheusAddressRoundTripsAndABadOneIsRefused()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectDialog dialog(&profiles);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.findChild<QComboBox *>(QStringLiteral("profileCombo"))->setEditText(QStringLiteral("lab"));
        auto *prometheus = dialog.findChild<QLineEdit *>(QStringLiteral("prometheusEdit"));
        QVERIFY(prometheus);
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("prometheusError"));
        QVERIFY(error);
        QVERIFY(!error->isVisible());
        QTest::keyClicks(prometheus, QStringLiteral("prom:9090"));
        dialog.accept();
        QVERIFY(dialog.isVisible()); // not accepted
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(),
                 QStringLiteral("“prom:9090” is no Prometheus address: give its URL, e.g. http://127.0.0.1:9090"));
        QVERIFY(!profiles.find(QStringLiteral("lab")));

        prometheus->clear();
        QTest::keyClicks(prometheus, QStringLiteral("http://prom.example:9090"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!error->isVisible());
        const auto lab = profiles.find(QStringLiteral("lab"));
        QVERIFY(lab);
        QCOMPARE(lab->prometheusUrl, QStringLiteral("http://prom.example:9090"));

        ConnectDialog again(&profiles); // opens on the last profile, its Prometheus with it
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("prometheusEdit"))->text(),
                 QStringLiteral("http://prom.example:9090"));
        QCOMPARE(again.profile().prometheusUrl, QStringLiteral("http://prom.example:9090"));
    }
};

SCALEDECK_GUI_TEST_MAIN(TestConnectDialog)
#include "test_connectdialog.moc"
