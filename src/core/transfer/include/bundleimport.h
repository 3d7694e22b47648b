// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "storebundle.h"
#include "writeguard.h"

#include <QDateTime>
#include <QString>

#include <array>
#include <vector>

namespace scaledeck {

// What a bundle holds, in the order a summary lists it.
enum class BundleKind { Schedules, Overrides, ParkedApps, Prices, AlwaysOn, Audit, Leases, Usage };
inline constexpr int kBundleKinds = 8;
// "schedules", "overrides", "parked apps", "prices", "always-on counts", "audit rows", "leases", "usage segments"
QString bundleKindName(BundleKind kind);

struct ImportCount {
    int added = 0;
    int alreadyThere = 0; // identical in the store (history: the store already covers that time)
    int replaced = 0;     // different in the store, replaced (--replace)
    bool operator==(const ImportCount &) const = default;
};

// Something the store holds differently from the bundle: refused unless replacing.
struct ImportConflict {
    BundleKind kind;
    QString key;         // the target, app, accelerator or "prices"
    QString description; // "llm/LLM: the store's schedule differs from the imported one"
};

struct ImportOptions {
    bool replace = false; // conflicts are replaced by the bundle's rows
    bool dryRun = false;  // everything is checked and counted, nothing written
    QString importedBy;   // who imports: the audit row's holder ("alice (scaledeckctl API)")
    QDateTime nowUtc;     // the audit row's time
    WriteGuard guard;
};

struct ImportOutcome {
    std::array<ImportCount, kBundleKinds> counts{};
    std::vector<ImportConflict> conflicts; // not empty: nothing was written (unless replace)
    bool written = false;                  // committed (not a dry run, no refused conflict)

    const ImportCount &count(BundleKind kind) const { return counts[size_t(kind)]; }
    // "schedules 2 added, 1 already there; parked apps 1 added; ..." (kinds with nothing left out)
    QString summaryText() const;
};

// Applies `bundle` to the store's cluster `clusterKey` in one transaction: all of it or none. A row the store
// holds differently is a conflict, and any conflict refuses the whole import unless options.replace; identical
// rows count as already there; history rows (leases, usage segments) and audit rows already there are skipped,
// never doubled. A written import adds one audit row (target "import", result "imported") naming
// options.importedBy, with the summary. Creates the stores' tables first if the store is new.
[[nodiscard]] Result<ImportOutcome> importBundle(const QString &store, const QString &clusterKey,
                                                 const StoreBundle &bundle, const ImportOptions &options);

} // namespace scaledeck
