// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "guiactivity.h"

namespace scaledeck {

namespace {
GuiActivity::Slot &slotOfThisThread()
{
    thread_local GuiActivity::Slot current{nullptr};
    return current;
}
} // namespace

GuiActivity::GuiActivity(ActivityName name)
    : m_outer(slotOfThisThread().exchange(name.text(), std::memory_order_relaxed))
{
}

GuiActivity::~GuiActivity()
{
    slotOfThisThread().store(m_outer, std::memory_order_relaxed);
}

const GuiActivity::Slot &GuiActivity::currentOnThisThread()
{
    return slotOfThisThread();
}

} // namespace scaledeck
