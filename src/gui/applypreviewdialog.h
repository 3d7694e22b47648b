#pragma once

#include "changeplanner.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ApplyPreviewDialog;
}

namespace scaledeck {

// Shows exactly what an apply will change, field by field, before → after, from the core's dry-run plan.
// When the plan stops serving anything (scale to zero, park), OK stays disabled until the operator ticks
// the confirmation naming what stops.
class ApplyPreviewDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { PreviewOnly, ConfirmApply };

    ApplyPreviewDialog(const ApplyPlan &plan, Mode mode, QWidget *parent = nullptr);
    ~ApplyPreviewDialog() override;

    bool needsStopConfirmation() const { return m_needsConfirmation; }
    void setStopConfirmed(bool confirmed);  // what ticking the checkbox does
    bool canAccept() const;

private:
    void updateOkButton();

    std::unique_ptr<Ui::ApplyPreviewDialog> m_ui;
    Mode m_mode;
    bool m_needsConfirmation = false;
};

}  // namespace scaledeck
