// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "capacitycheck.h"
#include "changeplanner.h"

#include <QDialog>
#include <QStringList>

#include <memory>
#include <utility>
#include <vector>

class QLineEdit;

namespace Ui {
class ApplyPreviewDialog;
}

namespace scaledeck {

class RecentTrafficLabel;

// Shows exactly what an apply will change, field by field, before → after, from the core's dry-run plan.
// When the plan stops serving anything (scale to zero, park), OK stays disabled until the operator ticks
// the confirmation naming what stops. On a production cluster, parking also needs each parked
// application's exact name typed.
class ApplyPreviewDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { PreviewOnly, ConfirmApply };

    ApplyPreviewDialog(const ApplyPlan &plan, Mode mode, QWidget *parent = nullptr);
    ~ApplyPreviewDialog() override;

    bool needsStopConfirmation() const { return m_needsConfirmation; }
    // Production: OK stays disabled until the name of every application the plan parks is typed exactly.
    void requireTypedNamesToPark();
    bool needsTypedNames() const { return !m_nameEdits.empty(); }
    void setStopConfirmed(bool confirmed); // what ticking the checkbox does
    bool canAccept() const;
    // What the change asks of the cluster's GPUs and what it costs per hour; a change that cannot be placed says
    // so here, and can still be applied (an autoscaler may add nodes).
    void setCapacity(const CapacityCheck &check);
    QString capacityText() const;
    // What the targets the change reduces served lately (a park or scale-down is never confirmed blind), under the
    // changes; hidden until it is filled.
    RecentTrafficLabel *recentTraffic() const { return m_recentTraffic; }
    QString recentTrafficText() const; // plain text; empty while none is shown

private:
    void updateOkButton();

    std::unique_ptr<Ui::ApplyPreviewDialog> m_ui;
    Mode m_mode;
    bool m_needsConfirmation = false;
    QStringList m_parkedApps;
    std::vector<std::pair<QString, QLineEdit *>> m_nameEdits; // app, where its name is typed
    RecentTrafficLabel *m_recentTraffic;
};

} // namespace scaledeck
