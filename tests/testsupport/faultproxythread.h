// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A FaultProxy on a thread of its own, for tests that measure the GUI thread: the proxy's own socket work
// (reading Ray's answers, holding hung connections) then does not run on the thread being measured. Every
// call to the proxy is made in its thread and waited for (a few microseconds when it is idle).
#include "faultproxy.h"

#include <QThread>

#include <memory>

namespace scaledeck::testing {

class FaultProxyThread {
public:
    explicit FaultProxyThread(const QUrl &upstream) : m_context(std::make_unique<QObject>())
    {
        m_thread.setObjectName(QStringLiteral("FaultProxy"));
        m_context->moveToThread(&m_thread);
        m_thread.start();
        inProxyThread([this, upstream] { m_proxy = new FaultProxy(upstream); });
    }

    ~FaultProxyThread()
    {
        inProxyThread([this] { delete m_proxy; });
        m_thread.quit();
        m_thread.wait();
        // m_context is destroyed after its thread has finished, which Qt allows.
    }

    QUrl url() const { return m_proxy->url(); } // fixed once listening
    void addRule(FaultRule rule)
    {
        inProxyThread([this, rule] { m_proxy->addRule(rule); });
    }
    void setRandom(quint32 seed, double probability, QList<Fault> faults)
    {
        inProxyThread([=, this] { m_proxy->setRandom(seed, probability, faults); });
    }
    void clear()
    {
        inProxyThread([this] { m_proxy->clear(); });
    }
    QStringList log() const
    {
        QStringList copy;
        inProxyThread([this, &copy] { copy = m_proxy->log(); });
        return copy;
    }

private:
    template <typename F> void inProxyThread(F work) const
    {
        QMetaObject::invokeMethod(m_context.get(), std::move(work), Qt::BlockingQueuedConnection);
    }

    QThread m_thread;
    std::unique_ptr<QObject> m_context; // lives in m_thread: what the calls are queued to
    FaultProxy *m_proxy = nullptr;      // created, used and destroyed in m_thread
};

} // namespace scaledeck::testing
