// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "closetotrayquestion.h"

#include <QCheckBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace scaledeck {

namespace {
const QString kKey = QStringLiteral("tray/onClose"); // "tray" or "quit"; absent: ask
const QString kTray = QStringLiteral("tray");
const QString kQuit = QStringLiteral("quit");
} // namespace

CloseToTrayQuestion::CloseToTrayQuestion(QSettings *settings, QWidget *window)
    : QObject(window), m_settings(settings), m_window(window)
{
}

CloseToTrayQuestion::Answer CloseToTrayQuestion::remembered() const
{
    const QString stored = m_settings ? m_settings->value(kKey).toString() : QString();
    if (stored == kTray)
        return Answer::KeepInTray;
    if (stored == kQuit)
        return Answer::Quit;
    return Answer::Ask;
}

void CloseToTrayQuestion::ask(std::function<void(bool keepInTray)> answer)
{
    if (m_box)
        return; // one question at a time: a second close while it is open adds nothing
    m_box = new QMessageBox(QMessageBox::Question, tr("Keep ScaleDeck running?"),
                            tr("ScaleDeck enforces this cluster's schedules while it runs. Keep it running in the "
                               "tray, with the schedules enforced, or quit?"),
                            QMessageBox::NoButton, m_window);
    m_box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *keep = m_box->addButton(tr("Keep running in the tray"), QMessageBox::AcceptRole);
    m_box->addButton(tr("Quit"), QMessageBox::DestructiveRole);
    m_box->setDefaultButton(keep);
    auto *dontAsk = new QCheckBox(tr("Don't ask again"));
    m_box->setCheckBox(dontAsk);
    QMessageBox *box = m_box;
    connect(box, &QMessageBox::finished, this, [this, box, keep, dontAsk, answer = std::move(answer)] {
        m_box.clear(); // closed: deleted later, but the next close asks anew
        if (!box->clickedButton())
            return; // closed without an answer: the window stays as it is
        const bool keepInTray = box->clickedButton() == keep;
        if (dontAsk->isChecked() && m_settings)
            m_settings->setValue(kKey, keepInTray ? kTray : kQuit);
        answer(keepInTray);
    });
    m_box->open();
}

} // namespace scaledeck
