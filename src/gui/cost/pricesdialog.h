// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costreport.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace scaledeck {

// Edits one cluster's prices: currency, the default $/GPU-hour, a price per accelerator type (A100, L4, ...) and
// the optional $/CPU-hour. `seenTypes` are the types the cluster's leases and nodes named, offered first.
// Nothing is saved here: the caller saves prices() when the dialog is accepted.
class PricesDialog : public QDialog {
    Q_OBJECT
public:
    PricesDialog(const PriceList &prices, const QStringList &seenTypes, QWidget *parent = nullptr);

    PriceList prices() const;
    // Empty when the form is valid, else what is wrong (OK is disabled meanwhile).
    QString problem() const;

    // Test hooks.
    void addTypeRow(const QString &type, double price);

private:
    void validate();

    QStringList m_seenTypes;
    QLineEdit *m_currency = nullptr;
    QDoubleSpinBox *m_gpuHour = nullptr;
    QCheckBox *m_cpuPriced = nullptr;
    QDoubleSpinBox *m_cpuHour = nullptr;
    QTableWidget *m_types = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace scaledeck
