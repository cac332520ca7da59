// A thin SQL layer with one interface and two adapters (SQLite, PostgreSQL), so each repository
// is written once and the contract tests run the same code on both engines.
//
// SQL text uses PostgreSQL-style positional parameters ($1, $2, …) on both engines; SQLite
// accepts them as named parameters. Values cross the boundary as text or NULL; Row converts.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/status.h"

namespace sx::store {

enum class Dialect { kSqlite, kPostgres };

using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;

// An optional value as a parameter: NULL when empty.
inline Param OptParam(const std::optional<std::string>& v) {
  return v ? Param(*v) : Param(nullptr);
}
inline Param OptParam(const std::optional<std::int64_t>& v) {
  return v ? Param(*v) : Param(nullptr);
}

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t i) const { return !values_.at(i).has_value(); }
  const std::string& Text(std::size_t i) const;  // "" for NULL
  std::int64_t Int(std::size_t i) const;         // 0 for NULL
  std::optional<std::string> OptText(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<std::optional<std::string>> values_;
};

struct Rows {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // for INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
};

// One row of a streamed query (Tx::ForEach); what it returns is valid only during the callback.
class RowView {
 public:
  virtual bool IsNull(std::size_t i) const = 0;
  virtual std::string_view Text(std::size_t i) const = 0;  // "" for NULL
  virtual std::int64_t Int(std::size_t i) const;           // 0 for NULL

 protected:
  ~RowView() = default;
};

// One connection inside a transaction. Lives only for the callback it is passed to.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement. A constraint violation becomes kConflict; other failures kInternal or
  // kUnavailable (connection lost), with the engine's message.
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Param>& params = {}) = 0;
  // Runs a query and hands each row to `fn` as it is read, without collecting the result first
  // (long scans such as `ledger verify`). Stops at the first error `fn` returns.
  virtual Status ForEach(std::string_view sql, const std::vector<Param>& params,
                         const std::function<Status(const RowView&)>& fn);
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
};

struct PoolStats {
  int size = 0;            // connections open
  int in_use = 0;          // connections lent out now
  std::int64_t waits = 0;  // times a caller had to wait for a connection
};

struct DatabaseOptions {
  int pool_size = 8;  // PostgreSQL connections; SQLite readers
  std::chrono::milliseconds busy_timeout{5000};
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free connection
};

class Database {
 public:
  virtual ~Database() = default;
  // Opens `url` (`sqlite:PATH` or `postgresql://…`) and checks that it answers.
  static Result<std::unique_ptr<Database>> Open(const std::string& url,
                                                const DatabaseOptions& options = {});

  virtual Dialect dialect() const = 0;
  // Runs `fn` in a read-only snapshot.
  virtual Status Read(const std::function<Status(Tx&)>& fn) = 0;
  // Runs `fn` in a write transaction (SQLite: BEGIN IMMEDIATE); commits when it returns ok,
  // rolls back otherwise. Durability is the engine's strongest setting.
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;
  // Runs `fn` with the exclusive migration lock held (PostgreSQL advisory lock), outside any
  // transaction, so several processes starting at once migrate one after the other.
  virtual Status WithMigrationLock(const std::function<Status(Tx&)>& fn) = 0;
  virtual Status Ping() = 0;
  virtual PoolStats Stats() const = 0;
  // The URL with any password removed, for logs.
  virtual std::string Describe() const = 0;
};

// Redacts the password in a PostgreSQL URL for logs and messages.
std::string RedactUrl(std::string_view url);

// Runs `fn` (Tx& → Result<T>) in a write or a read transaction and hands back what it produced.
template <typename T, typename Fn>
Result<T> InTx(Database& db, bool write, Fn fn) {
  std::optional<T> out;
  auto body = [&](Tx& tx) -> Status {
    Result<T> r = fn(tx);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  };
  Status st = write ? db.Write(body) : db.Read(body);
  if (!st.ok()) return st;
  return std::move(*out);
}

}  // namespace sx::store
