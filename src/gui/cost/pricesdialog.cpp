// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pricesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace scaledeck {

namespace {
constexpr double kMaxPrice = 100000;

QDoubleSpinBox *priceBox(double value)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(0, kMaxPrice);
    box->setDecimals(4);
    box->setValue(value);
    return box;
}
} // namespace

PricesDialog::PricesDialog(const PriceList &prices, const QStringList &seenTypes, QWidget *parent)
    : QDialog(parent), m_seenTypes(seenTypes)
{
    setWindowTitle(tr("Prices"));
    m_currency = new QLineEdit(prices.currency);
    m_currency->setObjectName(QStringLiteral("pricesCurrency"));
    m_currency->setMaxLength(3);
    m_gpuHour = priceBox(prices.gpuHour);
    m_gpuHour->setObjectName(QStringLiteral("pricesGpuHour"));
    m_cpuPriced = new QCheckBox(tr("Price the CPUs of GPU replicas too:"));
    m_cpuPriced->setChecked(prices.cpuHour.has_value());
    m_cpuHour = priceBox(prices.cpuHour.value_or(0));
    m_cpuHour->setEnabled(prices.cpuHour.has_value());
    m_cpuHour->setAccessibleName(tr("Price per CPU-hour"));
    connect(m_cpuPriced, &QCheckBox::toggled, m_cpuHour, &QWidget::setEnabled);

    auto *form = new QFormLayout;
    form->addRow(tr("Currency (ISO code):"), m_currency);
    form->addRow(tr("Default price per GPU-hour:"), m_gpuHour);
    auto *cpuRow = new QHBoxLayout;
    cpuRow->addWidget(m_cpuPriced);
    cpuRow->addWidget(m_cpuHour);
    cpuRow->addWidget(new QLabel(tr("per CPU-hour")));
    cpuRow->addStretch();
    form->addRow(cpuRow);

    m_types = new QTableWidget(0, 2);
    m_types->setObjectName(QStringLiteral("pricesByType"));
    m_types->setAccessibleName(tr("Prices by accelerator type"));
    m_types->setHorizontalHeaderLabels({tr("Accelerator type"), tr("Price per GPU-hour")});
    m_types->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_types->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_types->verticalHeader()->setVisible(false);
    m_types->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const auto &[type, price] : prices.gpuHourByAccelerator)
        addTypeRow(type, price);
    connect(m_types, &QTableWidget::itemChanged, this, &PricesDialog::validate);

    auto *add = new QPushButton(tr("Add type"));
    connect(add, &QPushButton::clicked, this, [this] {
        // The first type the cluster named that has no row yet, else an empty name to type in.
        QSet<QString> listed;
        for (int row = 0; row < m_types->rowCount(); ++row)
            listed.insert(m_types->item(row, 0) ? m_types->item(row, 0)->text().trimmed() : QString());
        QString next;
        for (const QString &type : m_seenTypes) {
            if (!listed.contains(type)) {
                next = type;
                break;
            }
        }
        addTypeRow(next, m_gpuHour->value());
        m_types->setCurrentCell(m_types->rowCount() - 1, 0);
        if (next.isEmpty())
            m_types->editItem(m_types->item(m_types->rowCount() - 1, 0));
    });
    auto *remove = new QPushButton(tr("Remove"));
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_types->currentRow() >= 0)
            m_types->removeRow(m_types->currentRow());
        validate();
    });
    auto *typeButtons = new QHBoxLayout;
    typeButtons->addWidget(add);
    typeButtons->addWidget(remove);
    typeButtons->addStretch();

    auto *hint = new QLabel(
        m_seenTypes.isEmpty()
            ? tr("This cluster's nodes name no accelerator type (logical GPUs): every GPU costs the default price.")
            : tr("Types on this cluster: %1. A type without its own price costs the default.")
                  .arg(m_seenTypes.join(QStringLiteral(", "))));
    hint->setWordWrap(true);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("pricesProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_currency, &QLineEdit::textChanged, this, &PricesDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Prices by accelerator type:")));
    layout->addWidget(m_types);
    layout->addLayout(typeButtons);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(520, 420);
    validate();
}

void PricesDialog::addTypeRow(const QString &type, double price)
{
    const int row = m_types->rowCount();
    m_types->insertRow(row);
    m_types->setItem(row, 0, new QTableWidgetItem(type));
    QDoubleSpinBox *box = priceBox(price);
    // A type typed in later is not in this name; the row's first cell, next to it, says it.
    box->setAccessibleName(type.isEmpty() ? tr("Price per GPU-hour") : tr("Price per GPU-hour of %1").arg(type));
    m_types->setCellWidget(row, 1, box);
    validate();
}

QString PricesDialog::problem() const
{
    static const QRegularExpression code(QStringLiteral("^[A-Za-z]{3}$"));
    if (!code.match(m_currency->text().trimmed()).hasMatch())
        return tr("The currency is a three-letter code such as USD or EUR.");
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    QSet<QString> seen;
    for (int row = 0; row < m_types->rowCount(); ++row) {
        const QString type = m_types->item(row, 0) ? m_types->item(row, 0)->text().trimmed() : QString();
        if (!name.match(type).hasMatch())
            return type.isEmpty()
                       ? tr("Row %1 has no accelerator type.").arg(row + 1)
                       : tr("'%1' is not an accelerator type as Ray names them (such as A100 or L4).").arg(type);
        if (seen.contains(type))
            return tr("%1 is listed twice.").arg(type);
        seen.insert(type);
    }
    return QString();
}

void PricesDialog::validate()
{
    if (!m_buttons)
        return; // still being built: the constructor validates once at its end
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

PriceList PricesDialog::prices() const
{
    PriceList prices;
    prices.currency = m_currency->text().trimmed().toUpper();
    prices.gpuHour = m_gpuHour->value();
    if (m_cpuPriced->isChecked())
        prices.cpuHour = m_cpuHour->value();
    for (int row = 0; row < m_types->rowCount(); ++row) {
        const auto *box = qobject_cast<const QDoubleSpinBox *>(m_types->cellWidget(row, 1));
        if (m_types->item(row, 0) && box)
            prices.gpuHourByAccelerator[m_types->item(row, 0)->text().trimmed()] = box->value();
    }
    return prices;
}

} // namespace scaledeck
