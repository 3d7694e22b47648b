// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "corehardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace scaledeck {

QString forbidCoreDumps()
{
    // RLIMIT_CORE 0 stops core files; PR_SET_DUMPABLE 0 also stops a core_pattern pipe (systemd-coredump,
    // apport) from receiving the memory, which the limit alone does not.
    const rlimit none{0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        return QStringLiteral("cannot turn core dumps off: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return QStringLiteral("cannot mark the process undumpable: %1")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    return {};
}

} // namespace scaledeck
