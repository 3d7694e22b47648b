#pragma once

#include "costreport.h"
#include "result.h"

#include <QString>

namespace scaledeck {

// What GPUs cost on each cluster, in the same SQLite file as the other stores (its own connection, WAL).
// A cluster without a row costs nothing: USD 0 per GPU-hour, so reports show hours until someone sets a price.
class PriceStore {
public:
    explicit PriceStore(const QString &databasePath);
    ~PriceStore();
    PriceStore(const PriceStore &) = delete;
    PriceStore &operator=(const PriceStore &) = delete;

    Result<Done> open();
    QString databasePath() const { return m_path; }

    Result<PriceList> prices(const QString &clusterKey);
    Result<Done> setPrices(const QString &clusterKey, const PriceList &prices);

private:
    QString m_path;
    QString m_connectionName;
    bool m_open = false;
};

} // namespace scaledeck
