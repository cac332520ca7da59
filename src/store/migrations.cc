#include "store/migrations.h"

#include <sodium.h>

#include <map>

#include <fmt/format.h>

namespace sx::store {

const std::vector<Migration>& Embedded_sqlite();
const std::vector<Migration>& Embedded_pg();

const std::vector<Migration>& EmbeddedMigrations(Dialect d) {
  return d == Dialect::kSqlite ? Embedded_sqlite() : Embedded_pg();
}

std::string MigrationChecksum(std::string_view sql) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(sql.data()), sql.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

Status ApplyOne(Tx& tx, const Migration& m, const std::string& now) {
  const bool sqlite = tx.dialect() == Dialect::kSqlite;
  SX_RETURN_IF_ERROR(tx.ExecScript(sqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  Status st = tx.ExecScript(m.sql);
  if (st.ok()) {
    st = tx.Query("INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                  " VALUES ($1, $2, $3, $4)",
                  {std::int64_t{m.version}, std::string(m.name), MigrationChecksum(m.sql), now})
             .status();
  }
  if (st.ok()) st = tx.ExecScript("COMMIT");
  if (!st.ok()) {
    (void)tx.ExecScript("ROLLBACK");
    return Status::Internal(
        fmt::format("执行迁移 {:04d}_{} 失败,已回滚:{}", m.version, m.name, st.message()));
  }
  return Status::Ok();
}

}  // namespace

Result<SchemaState> MigrateWith(Database& db, const std::vector<Migration>& migrations,
                                TimePoint now, bool apply) {
  SchemaState state;
  for (const auto& m : migrations) state.latest = std::max(state.latest, m.version);
  Status st = db.WithMigrationLock([&](Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(tx.ExecScript(kCreateTable));
    auto rows = tx.Query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!rows.ok()) return rows.status();
    std::map<int, const Migration*> known;
    for (const auto& m : migrations) known[m.version] = &m;
    std::map<int, bool> applied;
    for (const auto& r : rows->rows) {
      const int v = static_cast<int>(r.Int(0));
      state.current = std::max(state.current, v);
      auto it = known.find(v);
      if (it == known.end()) {
        return Status::Conflict(fmt::format(
            "数据库架构版本 {} 比本程序支持的最高版本 {} 新(迁移 {:04d}_{}):请升级 sanxiang 后再启动",
            v, state.latest, v, r.Text(1)));
      }
      const std::string want = MigrationChecksum(it->second->sql);
      if (r.Text(2) != want) {
        return Status::Conflict(fmt::format(
            "迁移 {:04d}_{} 已应用的内容与本程序内置的不一致(校验和 {} ≠ {}):"
            "已发布的迁移不得修改,请新增迁移",
            v, r.Text(1), r.Text(2).substr(0, 12), want.substr(0, 12)));
      }
      applied[v] = true;
    }
    if (!apply) return Status::Ok();
    const std::string when = FormatUtc(now);
    for (const auto& [v, m] : known) {
      if (applied.count(v)) continue;
      SX_RETURN_IF_ERROR(ApplyOne(tx, *m, when));
      state.applied_now.push_back(v);
      state.current = std::max(state.current, v);
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return state;
}

Result<SchemaState> Migrate(Database& db, TimePoint now, bool apply) {
  return MigrateWith(db, EmbeddedMigrations(db.dialect()), now, apply);
}

}  // namespace sx::store
