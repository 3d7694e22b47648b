// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QApplication>
#include <QObject>
#include <QTimer>
#include <QWidget>

#include <functional>

// Answers a modal dialog of type T once it is on screen, from the event loop (a dialog opened with open() or
// exec() is answered the same way): polls every `intervalMs` up to `attempts` times, sets *found and runs `act`.
// A dialog that `act` leaves open (a check in it failed) is rejected, so no test stays blocked in exec().
//
// The polls belong to this object. Create one per test (init) and destroy it after (cleanup): a watcher still
// polling for a dialog that must not come would otherwise answer the next test's dialog through references to
// locals that are gone.
class ModalWatch {
public:
    template <typename T>
    void whenModal(std::function<void(T *)> act, bool *found, int attempts = 100, int intervalMs = 20)
    {
        QTimer::singleShot(intervalMs, &m_context, [this, act, found, attempts, intervalMs] {
            if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
                *found = true;
                act(dialog);
                if (dialog->isVisible())
                    dialog->reject();
            } else if (attempts > 0) {
                whenModal<T>(act, found, attempts - 1, intervalMs);
            }
        });
    }

private:
    QObject m_context;
};
