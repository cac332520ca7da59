// PostgreSQL adapter (libpqxx): a connection pool; writes in READ COMMITTED transactions,
// reads in REPEATABLE READ READ ONLY snapshots; migrations under an advisory lock.
#include <pqxx/pqxx>

#include <fmt/format.h>

#include "store/database.h"
#include "store/pool.h"

namespace sx::store {

namespace {

// pg_advisory_lock key for migrations: "sanxiang" in ASCII, as a 64-bit number.
constexpr std::int64_t kMigrationLockKey = 0x73616e7869616e67;

Status FromPqxx(const std::exception& e) {
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e)) return Status::Conflict(e.what());
  if (dynamic_cast<const pqxx::broken_connection*>(&e) ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
    return Status::Unavailable(fmt::format("数据库连接中断,请稍后重试 ({})", e.what()));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // 40001 serialization_failure, 40P01 deadlock, 57P01 admin shutdown: retryable.
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01" || state.starts_with("57P") || state.starts_with("08")) {
      return Status::Unavailable(fmt::format("数据库暂时不可用,请稍后重试 ({})", e.what()));
    }
  }
  return Status::Internal(e.what());
}

class PgTx final : public Tx {
 public:
  explicit PgTx(pqxx::transaction_base& t) : t_(t) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const std::vector<Param>& params) override {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        texts[i] = std::to_string(*n);
        ptrs[i] = texts[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        ptrs[i] = s->c_str();
      }
    }
    try {
      pqxx::result r = t_.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(ptrs));
      Rows out;
      out.rows.reserve(r.size());
      const auto ncols = r.columns();
      for (const auto& row : r) {
        std::vector<std::optional<std::string>> values;
        values.reserve(ncols);
        for (const auto& field : row) {
          if (field.is_null()) {
            values.emplace_back(std::nullopt);
          } else {
            values.emplace_back(std::string(field.c_str(), field.size()));
          }
        }
        out.rows.emplace_back(std::move(values));
      }
      out.affected = ncols == 0 ? r.affected_rows() : 0;
      return out;
    } catch (const std::exception& e) {
      return FromPqxx(e);
    }
  }

  Status ExecScript(std::string_view sql) override {
    try {
      t_.exec(std::string(sql));
      return Status::Ok();
    } catch (const std::exception& e) {
      return FromPqxx(e);
    }
  }

 private:
  pqxx::transaction_base& t_;
};

using ReadTx = pqxx::transaction<pqxx::isolation_level::repeatable_read,
                                 pqxx::readwrite_policy::read_only>;

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)),
        pool_(options.pool_size, options.acquire_timeout,
              [this](Status* st) { return Connect(url_, st); }) {}

  static std::unique_ptr<pqxx::connection> Connect(const std::string& url, Status* st) {
    try {
      return std::make_unique<pqxx::connection>(url);
    } catch (const std::exception& e) {
      *st = Status::Unavailable(
          fmt::format("无法连接 PostgreSQL 数据库 {}:{}", RedactUrl(url), e.what()));
      return nullptr;
    }
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    return Run<ReadTx>(fn, /*commit_on_error=*/true);
  }
  Status Write(const std::function<Status(Tx&)>& fn) override {
    return Run<pqxx::work>(fn, /*commit_on_error=*/false);
  }

  Status WithMigrationLock(const std::function<Status(Tx&)>& fn) override {
    auto lease = pool_.Acquire();
    if (!lease.ok()) return lease.status();
    auto& conn = ***lease;
    try {
      pqxx::nontransaction t(conn);
      t.exec(fmt::format("SELECT pg_advisory_lock({})", kMigrationLockKey));
      PgTx tx(t);
      Status st = fn(tx);
      t.exec(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
      return st;
    } catch (const std::exception& e) {
      // The lock dies with the session; drop the connection so it is released for sure.
      (*lease)->Discard();
      return FromPqxx(e);
    }
  }

  Status Ping() override {
    return Read([](Tx& tx) { return tx.Query("SELECT 1").status(); });
  }

  PoolStats Stats() const override { return pool_.Stats(); }
  std::string Describe() const override { return RedactUrl(url_); }

 private:
  template <typename Txn>
  Status Run(const std::function<Status(Tx&)>& fn, bool commit_on_error) {
    auto lease = pool_.Acquire();
    if (!lease.ok()) return lease.status();
    auto& conn = ***lease;
    try {
      Txn t(conn);
      PgTx tx(t);
      Status st = fn(tx);
      if (st.ok() || commit_on_error) {
        t.commit();
      } else {
        t.abort();
      }
      return st;
    } catch (const std::exception& e) {
      Status st = FromPqxx(e);
      if (!conn.is_open()) (*lease)->Discard();
      return st;
    }
  }

  const std::string url_;
  Pool<pqxx::connection> pool_;
};

}  // namespace

std::unique_ptr<Database> OpenPostgres(const std::string& url, const DatabaseOptions& options,
                                       Status* status) {
  auto db = std::make_unique<PgDatabase>(url, options);
  if (Status st = db->Ping(); !st.ok()) {
    *status = st;
    return nullptr;
  }
  return db;
}

}  // namespace sx::store
