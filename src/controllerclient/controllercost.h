// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Cost tab's figures when a controller holds the history: the same CostOverview the single-user mode reads from
// its own store, made from the controller's GET cost (today, this week, this month, the chart's window) and GET
// history (the chart's series and the window's leases), last week's actual from GET cost and the coming week's
// projection from GET projection.

#include "controllerclient.h"
#include "costoverview.h"

#include <functional>

namespace scaledeck {

// Seven calls at once; `done` gets the overview once all have answered (on the client's thread), with what failed
// named in CostOverview::error and the rest filled in. Not called once `receiver` is gone.
void fetchCostOverview(ControllerClient &client, const CostOverviewRequest &request, const QObject *receiver,
                       std::function<void(CostOverview)> done);

// Readers of the API's answers (costroutes.cpp's shapes); an error names what is missing or of another type.
Result<std::vector<UsageSeries>, QString> usageSeriesFromApi(const nlohmann::json &history);
Result<std::vector<GpuLease>, QString> leasesFromApi(const nlohmann::json &history);
// GET projection's figures into the overview's projection fields.
Result<Done, QString> projectionFromApi(const nlohmann::json &projection, CostOverview *overview);
Result<PriceList, QString> pricesFromApi(const nlohmann::json &prices, std::map<QString, int> *alwaysOn);

// PUT prices' and PUT always-on/TARGET's bodies, as pricesroutes.cpp takes them.
QByteArray pricesBody(const PriceList &prices);
QByteArray alwaysOnBody(std::optional<int> replicas);

} // namespace scaledeck
