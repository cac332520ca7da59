// Demo data of 郑州住房公积金管理中心, so a new installation shows something real.
#pragma once

#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

// Loads the demo data into an empty database (kConflict when it already holds agencies).
Status LoadDemo(store::Database& db, const Clock& clock);

// Loads the demo data only when the database holds no agency yet; true when it did.
Result<bool> LoadDemoIfEmpty(store::Database& db, const Clock& clock);

}  // namespace sx::services
