// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotversioner.h"

#include <QElapsedTimer>

namespace scaledeck {

SnapshotEdition SnapshotVersioner::take(const SnapshotRead &read)
{
    QElapsedTimer serializing;
    serializing.start();
    const SnapshotContent content = snapshotContent(*read.snapshot, read.readError);
    SnapshotEdition edition;
    edition.published = m_info.version == 0 || content.hash != m_contentHash;
    if (edition.published) {
        ++m_info.version;
        m_info.tickAt = read.tickAt;
        m_contentHash = content.hash;
    }
    m_info.checkedAt = read.checkedAt;
    m_info.readError = read.readError;
    edition.info = m_info;
    edition.snapshot = read.snapshot;
    edition.body = snapshotBody(content, m_info);
    edition.serializingMs = serializing.elapsed();
    return edition;
}

} // namespace scaledeck
