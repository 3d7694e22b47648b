// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "recenttrafficlabel.h"

#include "displayformat.h"

#include <QTextDocumentFragment>

namespace scaledeck {

namespace {
QString warning(const QString &text)
{
    // The failure red, in its light tone on a dark palette (as the changes that stop serving).
    return QStringLiteral("<span style=\"color:%1\">⚠ %2</span>")
        .arg(statusColour(QStringLiteral("DEPLOY_FAILED")).name(), text.toHtmlEscaped());
}
} // namespace

RecentTrafficLabel::RecentTrafficLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("recentTrafficLabel"));
    setAccessibleName(tr("Recent traffic"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    hide();
}

void RecentTrafficLabel::showPending(const QStringList &targets, const QString &window)
{
    setText(tr("<b>Traffic:</b> reading what %1 served in the last %2…")
                .arg(targets.join(QStringLiteral(", ")).toHtmlEscaped(), window));
    show();
}

void RecentTrafficLabel::showServing(const std::vector<RecentServing> &lines, const QString &source)
{
    QStringList shown;
    for (const RecentServing &line : lines) // served, or unknown: both are worth a second look; a known silence not
        shown.append(line.served || !line.known ? warning(line.text) : line.text.toHtmlEscaped());
    shown.append(tr("<small>From %1.</small>").arg(source.toHtmlEscaped()));
    setText(tr("<b>Traffic:</b> %1").arg(shown.join(QStringLiteral("<br>"))));
    show();
}

void RecentTrafficLabel::showUnknown(const QStringList &targets, const QString &reason)
{
    setText(
        tr("<b>Traffic:</b> %1")
            .arg(warning(tr("what %1 served lately is unknown: %2").arg(targets.join(QStringLiteral(", ")), reason))));
    show();
}

QString RecentTrafficLabel::plainText() const
{
    return isHidden() ? QString() : QTextDocumentFragment::fromHtml(text()).toPlainText();
}

} // namespace scaledeck
