// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetonce.h"

#include "clock.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace scaledeck {

namespace {
// The rows filled so far, and how many reads are still out.
struct Gathering {
    std::vector<FleetRow> rows;
    int outstanding = 0;
    std::function<void(std::vector<FleetRow>)> done;
    QObject *reads = nullptr; // every MemberFetch; deleted once done has the rows
};

void finishOne(const std::shared_ptr<Gathering> &gathering)
{
    if (--gathering->outstanding > 0)
        return;
    gathering->reads->deleteLater(); // not now: the last read's handler is still on the stack
    gathering->done(std::move(gathering->rows));
}
} // namespace

void fetchFleetOnce(const std::vector<FleetMember> &members, FleetStores stores, const Clock *clock,
                    std::chrono::milliseconds timeout, QObject *owner, std::function<void(std::vector<FleetRow>)> done)
{
    auto gathering = std::make_shared<Gathering>();
    gathering->done = std::move(done);
    gathering->reads = new QObject(owner);
    gathering->outstanding = 1; // this call's own share, given up below: no answer before the loop is done
    for (const FleetMember &member : members) {
        const std::size_t index = gathering->rows.size();
        gathering->rows.push_back(firstRowOf(member));
        if (member.setupError)
            continue;
        ++gathering->outstanding;
        auto *fetch = new MemberFetch(member, stores, timeout, gathering->reads);
        fetch->fetch([gathering, index, clock](const Result<FleetReading> &reading) {
            gathering->rows[index] = rowAfter(gathering->rows[index], reading, clock->nowUtc());
            finishOne(gathering);
        });
    }
    // From the event loop, as every answer: a fleet whose members all have setup errors answers too.
    QTimer::singleShot(0, gathering->reads, [gathering] { finishOne(gathering); });
}

} // namespace scaledeck
