// Schema migrations, one list per dialect, embedded in the binary from migrations/<dialect>/.
// Each applied migration is recorded in schema_migrations with its SHA-256; a database that is
// newer than this binary, or whose recorded migration differs from ours, is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "util/clock.h"

namespace sx::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& EmbeddedMigrations(Dialect d);

struct SchemaState {
  int current = 0;                 // highest applied version
  int latest = 0;                  // highest version this binary knows
  std::vector<int> applied_now;    // versions applied by this call
};

// Checks the recorded migrations and, when `apply`, applies the pending ones in order, each in
// its own transaction, holding the migration lock. With `apply` false, pending migrations are
// reported (current < latest) but not applied.
Result<SchemaState> Migrate(Database& db, TimePoint now, bool apply = true);

// The hex SHA-256 of a migration's text, as recorded.
std::string MigrationChecksum(std::string_view sql);

// For tests: the same checks against a given list instead of the embedded one.
Result<SchemaState> MigrateWith(Database& db, const std::vector<Migration>& migrations,
                                TimePoint now, bool apply);

}  // namespace sx::store
