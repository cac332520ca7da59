// SQLite adapter: WAL, one writer (BEGIN IMMEDIATE) and a pool of readers, synchronous=FULL.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <unordered_map>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "store/database.h"
#include "store/pool.h"

namespace sx::store {

namespace {

Status FromSqlite(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xFF;
  if (code == SQLITE_CONSTRAINT) return Status::Conflict(e.what());
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Status::Unavailable(fmt::format("数据库繁忙,请稍后重试 ({})", e.what()));
  }
  if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN) {
    return Status::Unavailable(fmt::format("数据库文件无法写入 ({})", e.what()));
  }
  return Status::Internal(e.what());
}

// One connection with its prepared statements, reused across transactions: preparing is a good
// part of a short query's cost. Statements are destroyed before the connection (member order).
struct SqliteConn {
  static constexpr std::size_t kMaxCached = 256;  // the application's distinct SQL texts fit

  explicit SqliteConn(std::unique_ptr<SQLite::Database> d) : db(std::move(d)) {}
  std::unique_ptr<SQLite::Database> db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;

  // A ready statement for `sql`: cached (reset, bindings cleared) or newly prepared. `scratch`
  // holds it when the cache is full.
  SQLite::Statement& Prepare(std::string_view sql, std::unique_ptr<SQLite::Statement>* scratch) {
    if (auto it = statements.find(std::string(sql)); it != statements.end()) {
      it->second->tryReset();
      it->second->clearBindings();
      return *it->second;
    }
    auto stmt = std::make_unique<SQLite::Statement>(*db, std::string(sql));
    if (statements.size() >= kMaxCached) {
      *scratch = std::move(stmt);
      return **scratch;
    }
    return *statements.emplace(std::string(sql), std::move(stmt)).first->second;
  }
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(SqliteConn& conn) : conn_(conn), db_(*conn.db) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> Query(std::string_view sql, const std::vector<Param>& params) override {
    Rows out;
    int ncols = 0;
    SX_RETURN_IF_ERROR(Run(sql, params, [&](SQLite::Statement& stmt) -> Status {
      ncols = stmt.getColumnCount();
      while (stmt.executeStep()) {
        std::vector<std::optional<std::string>> values;
        values.reserve(ncols);
        for (int c = 0; c < ncols; ++c) {
          SQLite::Column col = stmt.getColumn(c);
          if (col.isNull()) {
            values.emplace_back(std::nullopt);
          } else {
            values.emplace_back(std::string(static_cast<const char*>(col.getBlob()),
                                            static_cast<std::size_t>(col.getBytes())));
          }
        }
        out.rows.emplace_back(std::move(values));
      }
      return Status::Ok();
    }));
    out.affected = ncols == 0 ? db_.getChanges() : 0;
    return out;
  }

  Status ForEach(std::string_view sql, const std::vector<Param>& params,
                 const std::function<Status(const RowView&)>& fn) override {
    // Columns read in place: nothing of a row outlives the step that produced it.
    class View final : public RowView {
     public:
      explicit View(SQLite::Statement& stmt) : stmt_(stmt) {}
      bool IsNull(std::size_t i) const override {
        return stmt_.getColumn(static_cast<int>(i)).isNull();
      }
      std::int64_t Int(std::size_t i) const override {
        return stmt_.getColumn(static_cast<int>(i)).getInt64();
      }
      std::string_view Text(std::size_t i) const override {
        SQLite::Column col = stmt_.getColumn(static_cast<int>(i));
        const char* text = static_cast<const char*>(col.getBlob());
        return text ? std::string_view(text, static_cast<std::size_t>(col.getBytes()))
                    : std::string_view();
      }

     private:
      SQLite::Statement& stmt_;
    };
    return Run(sql, params, [&](SQLite::Statement& stmt) -> Status {
      View view(stmt);
      while (stmt.executeStep()) SX_RETURN_IF_ERROR(fn(view));
      return Status::Ok();
    });
  }

  Status ExecScript(std::string_view sql) override {
    try {
      db_.exec(std::string(sql));
      return Status::Ok();
    } catch (const SQLite::Exception& e) {
      return FromSqlite(e);
    }
  }

 private:
  // Prepares `sql` (from the connection's statement cache), binds `params` and hands the statement
  // to `step`; SQLite errors become a Status.
  Status Run(std::string_view sql, const std::vector<Param>& params,
             const std::function<Status(SQLite::Statement&)>& step) {
    std::unique_ptr<SQLite::Statement> scratch;
    SQLite::Statement* prepared = nullptr;
    // A finished statement must not keep its read snapshot open: reset it on every way out.
    struct ResetOnExit {
      SQLite::Statement** s;
      ~ResetOnExit() {
        if (*s) (*s)->tryReset();
      }
    } reset_on_exit{&prepared};
    try {
      prepared = &conn_.Prepare(sql, &scratch);
      SQLite::Statement& stmt = *prepared;
      const int wanted = stmt.getBindParameterCount();
      for (std::size_t i = 0; i < params.size(); ++i) {
        const std::string name = fmt::format("${}", i + 1);
        const int index = stmt.getIndex(name.c_str());
        if (index == 0) continue;
        std::visit(
            [&](const auto& v) {
              using V = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<V, std::nullptr_t>) {
                stmt.bind(index);
              } else {
                stmt.bind(index, v);
              }
            },
            params[i]);
      }
      if (wanted > static_cast<int>(params.size())) {
        return Status::Internal(fmt::format("SQL 需要 {} 个参数,只给了 {} 个", wanted, params.size()));
      }
      return step(stmt);
    } catch (const SQLite::Exception& e) {
      return FromSqlite(e);
    }
  }

  SqliteConn& conn_;
  SQLite::Database& db_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options,
                 std::unique_ptr<SQLite::Database> writer)
      : path_(std::move(path)),
        options_(options),
        writer_(std::make_unique<SqliteConn>(std::move(writer))),
        readers_(options.pool_size, options.acquire_timeout,
                 [this](Status* st) -> std::unique_ptr<SqliteConn> {
                   auto db = OpenConnection(path_, options_, false, st);
                   if (!db) return nullptr;
                   return std::make_unique<SqliteConn>(std::move(db));
                 }) {}

  static std::unique_ptr<SQLite::Database> OpenConnection(const std::string& path,
                                                          const DatabaseOptions& options,
                                                          bool writer, Status* st) {
    try {
      auto db = std::make_unique<SQLite::Database>(
          // NOMUTEX: a connection is only ever used by one thread at a time (the writer under
          // writer_mu_, readers lent out by the pool), so SQLite's own per-call locking is waste.
          path, SQLite::OPEN_READWRITE | (writer ? SQLite::OPEN_CREATE : 0) | SQLite::OPEN_NOMUTEX,
          static_cast<int>(options.busy_timeout.count()));
      if (writer) db->exec("PRAGMA journal_mode=WAL");
      // FULL: a committed transaction survives power loss, as the ledger requires.
      db->exec("PRAGMA synchronous=FULL");
      db->exec("PRAGMA foreign_keys=ON");
      if (!writer) db->exec("PRAGMA query_only=ON");
      return db;
    } catch (const SQLite::Exception& e) {
      *st = Status::Unavailable(fmt::format("无法打开 SQLite 数据库 {}:{}", path, e.what()));
      return nullptr;
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    auto lease = readers_.Acquire();
    if (!lease.ok()) return lease.status();
    SqliteConn& conn = ***lease;
    SQLite::Database& db = *conn.db;
    try {
      db.exec("BEGIN");
      SqliteTx tx(conn);
      Status st = fn(tx);
      db.exec("COMMIT");
      return st;
    } catch (const SQLite::Exception& e) {
      Rollback(db);
      return FromSqlite(e);
    }
  }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard lock(writer_mu_);
    return WriteLocked(fn);
  }

  Status WithMigrationLock(const std::function<Status(Tx&)>& fn) override {
    // SQLite is single-process; the writer mutex serialises migrations within it, and
    // BEGIN IMMEDIATE in each migration keeps other processes out.
    std::lock_guard lock(writer_mu_);
    SqliteTx tx(*writer_);
    return fn(tx);
  }

  Status Ping() override {
    return Read([](Tx& tx) { return tx.Query("SELECT 1").status(); });
  }

  PoolStats Stats() const override {
    PoolStats s = readers_.Stats();
    s.size += 1;  // the writer
    return s;
  }

  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  Status WriteLocked(const std::function<Status(Tx&)>& fn) {
    SQLite::Database& db = *writer_->db;
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
      return FromSqlite(e);
    }
    Status st;
    try {
      SqliteTx tx(*writer_);
      st = fn(tx);
      if (st.ok()) {
        db.exec("COMMIT");
        return st;
      }
    } catch (const SQLite::Exception& e) {
      st = FromSqlite(e);
    }
    Rollback(db);
    return st;
  }

  static void Rollback(SQLite::Database& db) {
    try {
      if (!sqlite3_get_autocommit(db.getHandle())) db.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // The transaction is already gone (SQLite rolls back on some errors itself).
    }
  }

  const std::string path_;
  const DatabaseOptions options_;
  std::mutex writer_mu_;
  std::unique_ptr<SqliteConn> writer_;
  Pool<SqliteConn> readers_;
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& path, const DatabaseOptions& options,
                                     Status* status) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    *status = Status::Unavailable(
        fmt::format("无法打开 SQLite 数据库 {}:目录 {} 不存在(可先运行 sanxiang init)", path,
                    parent.string()));
    return nullptr;
  }
  auto writer = SqliteDatabase::OpenConnection(path, options, true, status);
  if (!writer) return nullptr;
  auto db = std::make_unique<SqliteDatabase>(path, options, std::move(writer));
  if (Status st = db->Ping(); !st.ok()) {
    *status = st;
    return nullptr;
  }
  return db;
}

}  // namespace sx::store
