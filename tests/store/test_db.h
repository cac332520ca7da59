// Test databases: a fresh SQLite file or a fresh PostgreSQL database per test.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace sx::testing {

enum class Engine { kSqlite, kPostgres };

std::string EngineName(Engine e);

// A new, empty database of the engine, dropped (or deleted) when this object dies.
class TestDatabase {
 public:
  explicit TestDatabase(Engine e);
  ~TestDatabase();
  // Empty when the engine is not available (PostgreSQL without SANXIANG_TEST_PG_URL).
  const std::string& url() const { return url_; }
  // Why the engine is unavailable; tests fail with it when SANXIANG_REQUIRE_PG is set.
  const std::string& unavailable() const { return unavailable_; }

 private:
  Engine engine_;
  std::string url_;
  std::string dir_;
  std::string pg_name_;
  std::string unavailable_;
};

// A fresh directory under the system's temp directory, removed with everything in it on
// destruction (the blob store of a test, files a test writes).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Replaces the database name in a postgresql:// URL.
std::string WithDatabaseName(const std::string& url, const std::string& name);

}  // namespace sx::testing

// Opens (and migrates) the test database of `engine` or skips/fails the test as configured.
#define SX_OPEN_TEST_DB(engine, tdb, db)                                                 \
  ::sx::testing::TestDatabase tdb(engine);                                              \
  if (tdb.url().empty()) {                                                              \
    if (std::getenv("SANXIANG_REQUIRE_PG")) FAIL() << tdb.unavailable();                \
    GTEST_SKIP() << tdb.unavailable();                                                  \
  }                                                                                     \
  auto db##_result = ::sx::store::Database::Open(tdb.url());                            \
  ASSERT_TRUE(db##_result.ok()) << db##_result.status().message();                      \
  std::unique_ptr<::sx::store::Database> db = std::move(db##_result).value()
